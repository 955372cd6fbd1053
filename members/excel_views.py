"""Excel in and out of the member register: the template, the upload with its preview (or its
errors), the import (in the request when small, else as a background job) and the export of
the filtered list, its national IDs masked unless a keeper asks for them in full with a
reason. Each preview, marked copy and export is written in the access log. Kept beside
views.py so the import flow reads in one place."""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from members import excel, import_files
from members.forms import MemberFilterForm
from members.models import Member
from organizations import access
from partybloc import notes
from partybloc.audit.models import AccessRecord
from partybloc.audit.search import search_lost, with_search_text
from partybloc.audit.services import record_access
from partybloc.downloads import stored_file_response, xlsx_response
from partybloc.forms import CapitalizedLabels, check_upload_size, form_helper
from partybloc.jobs import services as jobs
from partybloc.jobs.models import Job
from partybloc.jobs.views import tell_if_unsent

SESSION_KEY = "member_imports"
PREVIEW_ROWS = 20


class ImportForm(CapitalizedLabels, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Fill in the template; every row is checked before anything is saved."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        return upload


def import_template(request):
    access.require(access.can_import_members(request.user))
    return xlsx_response(excel.build_template(user=request.user), "mau-nhap-dang-vien.xlsx")


def member_import(request):
    """Upload → every row checked → the preview (or the errors, with the marked copy)."""
    access.require(access.can_import_members(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = excel.parse_rows(upload, user=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            context.update(_keep_upload(request, upload, parsed))
            record_access(
                request,
                action=AccessRecord.Action.IMPORT_PREVIEWED,
                rows=len(parsed.rows) + len({error.row for error in parsed.errors}),
                detail=upload.name,
            )
    return render(request, "members/member_import.html", context)


def _keep_upload(request, upload, parsed) -> dict:
    """Store the file until it is confirmed; the session remembers whose it is."""
    token = uuid.uuid4().hex
    folder = import_files.folder_for_today()
    upload.seek(0)
    name = default_storage.save(f"{folder}/{token}.xlsx", upload)
    errors_name = ""
    if parsed.errors:
        errors_name = default_storage.save(
            f"{folder}/{token}-loi.xlsx", ContentFile(excel.errors_workbook(upload, parsed.errors))
        )
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"name": name, "rows": len(parsed.rows), "errors": errors_name}
    request.session[SESSION_KEY] = uploads
    return {
        "token": token,
        "parsed": parsed,
        "preview": parsed.rows[:PREVIEW_ROWS],
        "errors": parsed.errors[: excel.MAX_ERRORS_SHOWN],
        "more_errors": max(0, len(parsed.errors) - excel.MAX_ERRORS_SHOWN),
        "as_job": len(parsed.rows) > settings.IMPORT_SYNC_MAX_ROWS,
    }


def _kept(request, token) -> dict:
    kept = request.session.get(SESSION_KEY, {}).get(token)
    if kept is None:
        raise Http404
    return kept


@require_POST
def import_confirm(request, token):
    """Register the previewed file: here and now when small, else by a worker. Either way the
    job row tells the outcome, and the file is checked again against the register as it is."""
    access.require(access.can_import_members(request.user))
    kept = _kept(request, token)
    if kept["errors"]:
        raise Http404
    if not default_storage.exists(kept["name"]):  # removed by the sweep: kept too long
        _forget(request, token)
        messages.error(request, _("This preview has expired: upload the file again."))
        return redirect("members:import")
    job = jobs.create_job(kind=Job.Kind.MEMBER_IMPORT, by=request.user, input_file=kept["name"])
    _forget(request, token)
    if kept["rows"] > settings.IMPORT_SYNC_MAX_ROWS:
        jobs.enqueue(job)  # sent at once: the job is committed (no transaction is open)
        tell_if_unsent(request, job)
    else:
        jobs.run_in_request(job)
    return redirect("jobs:detail", pk=job.pk)


@require_POST
def import_cancel(request, token):
    """Drop a previewed file: it and its marked copy leave the storage now."""
    access.require(access.can_import_members(request.user))
    kept = _kept(request, token)
    import_files.remove(kept["name"], kept["errors"])
    _forget(request, token)
    messages.success(request, _("The import was cancelled and the file removed."))
    return redirect("members:import")


def _forget(request, token) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


def import_errors(request, token):
    """The uploaded file with its bad cells marked: only for the session that uploaded it."""
    errors_name = _kept(request, token)["errors"]
    if not errors_name:
        raise Http404
    record_access(
        request,
        action=AccessRecord.Action.IMPORT_FILE_DOWNLOADED,
        detail=notes.note("marked_copy_of_refused_file"),
    )
    return stored_file_response(
        default_storage.open(errors_name), filename="loi-nhap-dang-vien.xlsx"
    )


class FullExportForm(CapitalizedLabels, forms.Form):
    reason = forms.CharField(
        label=_("Why the full national IDs are needed"),
        max_length=255,
        min_length=10,
        help_text=_("For example: the list the provincial social insurance asked for."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


def _filtered(request, members):
    """The members the list shows for the address's filters (the search's token resolved),
    with the form that read them; None when the search's token has ended."""
    if search_lost(request, request.GET):
        return None, None
    filters = with_search_text(request, request.GET)
    filters.setdefault("status", MemberFilterForm.ACTIVE)  # as the list: active unless asked
    form = MemberFilterForm(filters, user=request.user)
    members = members.select_related("organization")
    members = form.filter(members) if form.is_valid() else members.active()
    return members.in_name_order(), form


def _in_words(form) -> str:
    """The filters of an export as the access log keeps them: "label: value; …", in the
    portal's language whatever the exporter's (labels and choices vary too much to be kept as
    a note: see partybloc.notes)."""
    if not form.is_valid():
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return _filters_in_words(form)


def _filters_in_words(form) -> str:
    parts = []
    for name, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = form.fields[name]
        if isinstance(value, datetime.date):
            shown = f"{value:%d/%m/%Y}"
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            shown = dict(field.choices).get(value, value)
        else:
            shown = value  # the organization, by name; the search text (masked when written)
        parts.append(f"{form[name].label}: {shown}")
    return "; ".join(parts)


def _export(request, members, form, *, full_national_ids=False, reason=""):
    rows = members.count()
    record_access(
        request,
        action=AccessRecord.Action.MEMBERS_EXPORTED,
        organization=form.cleaned_data.get("organization") if form.is_valid() else None,
        rows=rows,
        full_national_ids=full_national_ids,
        reason=reason,
        detail=_in_words(form),
    )
    return xlsx_response(
        excel.export_members(members, full_national_ids=full_national_ids),
        f"dang-vien-{timezone.localdate():%Y%m%d}.xlsx",
    )


def member_export(request):
    """Exactly the members the list shows for the same filters, in name order, national IDs
    masked (058*******12)."""
    members, form = _filtered(request, Member.objects.visible_to(request.user))
    if members is None:
        messages.info(request, gettext("The search has ended with the session: search again."))
        return redirect("members:list")
    return _export(request, members, form)


def member_export_full(request):
    """The same list with national IDs in full, for those who keep the members (and only the
    members they keep), after they give the reason the access log keeps."""
    access.require(access.can_export_full_national_ids(request.user))
    kept = Member.objects.visible_to(request.user).filter(access.full_national_id_q(request.user))
    members, filters = _filtered(request, kept)
    if members is None:
        messages.info(request, gettext("The search has ended with the session: search again."))
        return redirect("members:list")
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _export(
            request,
            members,
            filters,
            full_national_ids=True,
            reason=" ".join(form.cleaned_data["reason"].split()),
        )
    return render(
        request,
        "members/member_export_full.html",
        {
            "form": form,
            "count": members.count(),
            "filters": _in_words(filters),
            "query": request.GET.urlencode(),
        },
    )
