import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from meetings import compliance as compliance_figures
from meetings import services
from meetings.forms import (
    MAX_TASKS,
    AttachmentForm,
    ComplianceForm,
    ExemptionForm,
    MeetingStartForm,
    MinutesEdit,
    ReviewForm,
)
from meetings.models import Attendance, ComplianceExemption, Meeting, count_roll
from organizations import access
from organizations.models import Organization
from partybloc.documents import render_pdf, vietnamese_date_line
from partybloc.downloads import pdf_response, stored_file_response
from partybloc.forms import add_service_error
from partybloc.pagination import EstimatingPaginator
from partybloc.people import display_name
from partybloc.registry.issuers import issuer_of
from reports.snapshot.marks import mark_organizations_stale

PRESENCE_LABELS = dict(Attendance.Presence.choices)
STANDING_LABELS = dict(Attendance.Standing.choices)


def _visible(request):
    return Meeting.objects.visible_to(request.user).select_related("organization")


def _load(request, pk):
    return get_object_or_404(_visible(request).select_related("organization__parent"), pk=pk)


def meeting_list(request):
    access.require(access.sees_register(request.user))
    meetings = _visible(request).select_related("organization__parent")
    organization_id = request.GET.get("organization")
    if organization_id and organization_id.isdigit():
        meetings = meetings.filter(
            organization__path__startswith=get_object_or_404(
                Organization.objects.visible_to(request.user), pk=organization_id
            ).path
        )
    state = request.GET.get("state")
    if state in Meeting.State.values:
        meetings = meetings.filter(state=state)
    page = EstimatingPaginator(meetings.order_by("-held_on", "-pk"), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "states": Meeting.State.choices,
            "state": state,
            "can_record": access.records_meetings(request.user),
        },
    )


def meeting_start(request):
    access.require(access.records_meetings(request.user))
    initial = {"kind": Meeting.Kind.REGULAR, "held_on": timezone.localdate()}
    if request.GET.get("organization"):
        initial["organization"] = request.GET["organization"]
    form = MeetingStartForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.record_meeting(
                organization=data["organization"],
                kind=data["kind"],
                held_on=data["held_on"],
                starts_at=data["starts_at"],
                place=data["place"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("meetings:edit", pk=meeting.pk)
    return render(request, "meetings/meeting_start.html", {"form": form})


def _describe(content: dict) -> dict:
    """A stored snapshot with the labels a page or a printout shows."""
    described = dict(content)
    described["kind_label"] = Meeting.Kind(content["kind"]).label
    described["held_on_date"] = datetime.date.fromisoformat(content["held_on"])
    rows = []
    for row in content["attendance"]:
        rows.append(
            {
                **row,
                "presence_label": PRESENCE_LABELS[row["presence"]],
                "standing_label": STANDING_LABELS[row["standing"]],
            }
        )
    described["counted"] = [row for row in rows if row["standing"] != "exempt"]
    described["exempt"] = [row for row in rows if row["standing"] == "exempt"]
    described["counts"] = count_roll(content["attendance"])
    described["tasks"] = [
        {
            **task,
            "due_date": datetime.date.fromisoformat(task["due_on"]) if task["due_on"] else None,
        }
        for task in content["tasks"]
    ]
    return described


def meeting_detail(request, pk):
    meeting = _load(request, pk)
    versions = list(meeting.versions.select_related("submitted_by", "reviewed_by"))
    latest = versions[-1] if versions else None
    content = latest.content if latest and not meeting.is_editable else meeting.snapshot()
    can_record = access.can_record_meetings(request.user, meeting.organization)
    can_review = access.can_review_minutes(request.user, meeting.organization)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "content": _describe(content),
            "versions": versions,
            "latest": latest,
            "events": meeting.events.select_related("by"),
            "attachments": meeting.attachments.select_related("uploaded_by"),
            "can_record": can_record,
            "can_review": can_review and meeting.state == Meeting.State.SUBMITTED,
            "review_form": ReviewForm(),
            "attachment_form": AttachmentForm(),
            "missing": services.missing_for_submission(meeting) if meeting.is_editable else [],
            "contradictions": (
                services.described_contradictions(meeting) if meeting.is_editable else []
            ),
            "overdue_days": meeting.days_overdue(due_days=settings.MINUTES_DUE_DAYS),
            "refused_drafts": (
                list(meeting.refused_drafts.select_related("by").order_by("-at", "-pk"))
                if can_record
                else []
            ),
        },
    )


CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved these minutes after you opened them. Your text was not saved over "
    "theirs: it is kept below and on the meeting's page. Copy what you need into the form, "
    "which now shows their version."
)
CONFLICT_MESSAGE_SELF = gettext_lazy(
    "You saved these minutes from another page after this one was opened. What you typed "
    "here was not saved over it: it is kept below and on the meeting's page. Copy what you "
    "need into the form, which now shows the version saved."
)


def meeting_edit(request, pk):
    meeting = _load(request, pk)
    access.require(access.can_record_meetings(request.user, meeting.organization))
    if not meeting.is_editable:
        messages.info(request, _("These minutes are locked: they were submitted."))
        return redirect("meetings:detail", pk=meeting.pk)
    minutes = MinutesEdit(request.POST or None, meeting=meeting)
    conflict = None
    if request.method == "POST" and minutes.is_valid():
        try:
            services.save_draft(meeting, **minutes.draft(), by=request.user)
        except services.DraftConflict as error:
            conflict = error.refused
            meeting.refresh_from_db()
            minutes = MinutesEdit(meeting=meeting)
        except ValidationError as error:
            add_service_error(minutes.form, error)
        else:
            if "submit" in request.POST:
                try:
                    services.submit_minutes(meeting, by=request.user)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect("meetings:edit", pk=meeting.pk)
                messages.success(request, _("The minutes were submitted to the level above."))
                return redirect("meetings:detail", pk=meeting.pk)
            messages.success(request, _("The draft was saved."))
            return redirect("meetings:edit", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_edit.html",
        {
            "meeting": meeting,
            "form": minutes.form,
            "roll": minutes.roll,
            "exempt": minutes.exempt,
            "tasks": minutes.tasks,
            "max_tasks": MAX_TASKS,
            "problems": minutes.problems() if minutes.form.is_bound else [],
            "conflict": conflict,
            "conflict_sections": conflict.sections() if conflict else [],
            "conflict_message": (
                CONFLICT_MESSAGE_SELF
                if conflict and meeting.updated_by_id == request.user.pk
                else CONFLICT_MESSAGE
            ),
            "presences": Attendance.Presence.choices,
        },
    )


def _conflict_explained(request, meeting) -> str:
    """Why an autosave was refused: who saved the minutes after the page was opened, and when;
    where the text typed went."""
    saved_at = timezone.localtime(meeting.updated_at)
    at = (
        f"{saved_at:%H:%M}"
        if saved_at.date() == timezone.localdate()
        else f"{saved_at:%H:%M %d/%m/%Y}"
    )
    if meeting.updated_by_id == request.user.pk:
        message = _(
            "Not saved: you saved these minutes at %(time)s from another page, after this one "
            "was opened. What you typed here is kept on the meeting's page, under “Texts kept "
            "from refused saves”."
        )
        return message % {"time": at}
    message = _(
        "Not saved: %(name)s saved these minutes at %(time)s, after this page was opened. What "
        "you typed is kept on the meeting's page, under “Texts kept from refused saves”."
    )
    name = display_name(meeting.updated_by) if meeting.updated_by_id else "—"
    return message % {"name": name, "time": at}


def _autosave_refused(request, meeting, message, *, status, **context):
    return render(
        request,
        "meetings/_autosave_status.html",
        {"error": message, "meeting": meeting, "refused": True, **context},
        status=status,
    )


@require_POST
def meeting_autosave(request, pk):
    """Saves the draft in the background (htmx), so a closed tab or a dropped line loses
    nothing; answers with the new revision and a short status line. A field or a row with an
    error does not hold the rest back: what passed its checks is saved, and the answer names
    what to correct (422, so the browser keeps its own copy until it is). A save refused as a
    whole says why and where the text went (409: the page stops saving)."""
    meeting = _load(request, pk)
    access.require(access.can_record_meetings(request.user, meeting.organization))
    if not meeting.is_editable:
        return _autosave_refused(
            request,
            meeting,
            _("Not saved: these minutes were submitted and are locked. Reload the page."),
            status=409,
            stop=True,
        )
    minutes = MinutesEdit(request.POST, meeting=meeting)
    valid = minutes.is_valid()
    if "revision" not in minutes.form.cleaned_data:
        return _autosave_refused(
            request, meeting, " ".join(minutes.form.errors["revision"]), status=422
        )
    try:
        services.save_draft(meeting, **minutes.draft(), by=request.user)
    except services.DraftConflict as conflict:
        meeting.refresh_from_db()
        return _autosave_refused(
            request,
            meeting,
            _conflict_explained(request, meeting),
            status=409,
            stop=True,
            kept=conflict.refused,
        )
    except ValidationError as error:
        return _autosave_refused(
            request,
            meeting,
            _("Not saved: %(reason)s") % {"reason": " ".join(error.messages)},
            status=422,
        )
    return render(
        request,
        "meetings/_autosave_status.html",
        {
            "meeting": meeting,
            "saved_at": timezone.localtime(),
            "problems": [] if valid else minutes.problems(),
            "rows": minutes.rows_posted(),
        },
        status=200 if valid else 422,
    )


@require_POST
def meeting_submit(request, pk):
    meeting = _load(request, pk)
    access.require(access.can_record_meetings(request.user, meeting.organization))
    try:
        services.submit_minutes(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes were submitted to the level above."))
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
def meeting_review(request, pk):
    meeting = _load(request, pk)
    access.require(access.can_review_minutes(request.user, meeting.organization))
    form = ReviewForm(request.POST)
    back = request.POST.get("next")
    target = back if back == reverse("meetings:queue") else reverse("meetings:detail", args=[pk])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(target)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.accept_minutes(meeting, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(
                request, _("The minutes of %(meeting)s were accepted.") % {"meeting": meeting}
            )
        else:
            services.return_minutes(meeting, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(
                request, _("The minutes of %(meeting)s were returned.") % {"meeting": meeting}
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(target)


def meeting_version(request, pk, number):
    meeting = _load(request, pk)
    version = get_object_or_404(
        meeting.versions.select_related("submitted_by", "reviewed_by"), number=number
    )
    return render(
        request,
        "meetings/meeting_version.html",
        {
            "meeting": meeting,
            "version": version,
            "content": _describe(version.content),
        },
    )


def meeting_pdf(request, pk):
    """The latest submitted version in party document format; a draft prints as a draft."""
    meeting = _load(request, pk)
    version = meeting.versions.order_by("-number").first()
    draft = meeting.is_editable or version is None
    content = meeting.snapshot() if draft else version.content
    issuer = issuer_of(meeting.organization, on=meeting.held_on)
    pdf = render_pdf(
        "documents/minutes.html",
        {
            "meeting": meeting,
            "content": _describe(content),
            "version": None if draft else version,
            "draft": draft,
            "superior": issuer.superior,
            "issuer": issuer.body,
            "date_line": vietnamese_date_line(settings.DOCUMENT_PLACE, meeting.held_on),
        },
    )
    filename = f"bien-ban-{meeting.held_on:%Y-%m-%d}-{meeting.pk}.pdf"
    return pdf_response(pdf, filename)


@require_POST
def meeting_attach(request, pk):
    meeting = _load(request, pk)
    access.require(access.can_record_meetings(request.user, meeting.organization))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_scan(meeting, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The scan was attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("meetings:detail", pk=meeting.pk)


def attachment_download(request, pk, attachment_pk):
    meeting = _load(request, pk)
    attachment = get_object_or_404(meeting.attachments, pk=attachment_pk)
    return stored_file_response(
        attachment.file, filename=attachment.original_name, inline=attachment.kind != "pdf"
    )


def review_queue(request):
    access.require(access.reviews_minutes(request.user))
    meetings = (
        _visible(request)
        .filter(access.review_queue_q(request.user), state=Meeting.State.SUBMITTED)
        .select_related("organization__parent")
        # Waiting longest first: since the latest submission, whatever changed the row since.
        .annotate(submitted_at=Max("versions__submitted_at"))
        .order_by("submitted_at", "pk")
    )
    page = Paginator(meetings, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "meetings/review_queue.html", {"page": page, "review_form": ReviewForm()}
    )


def _default_scope(request):
    roots = Organization.objects.scope_roots(request.user)
    return roots[0] if roots else None


# Cells per page of the compliance grid (each a row of up to 24 months).
COMPLIANCE_PAGE_CELLS = 100


def compliance(request):
    access.require(access.sees_register(request.user))
    form = ComplianceForm(request.GET or None, user=request.user)
    if not form.is_valid():
        form = ComplianceForm({}, user=request.user)
        form.is_valid()
    scope = form.cleaned_data.get("organization") or _default_scope(request)
    if scope is None:
        raise Http404
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    cells = compliance_figures.cells_in(scope, start, end).select_related("parent")
    # Ordered by path, so a committee's cells stay together under their grassroots heading.
    page = EstimatingPaginator(cells.order_by("path"), COMPLIANCE_PAGE_CELLS).get_page(
        request.GET.get("page")
    )
    rows = compliance_figures.build_rows(list(page), start, end)
    months = compliance_figures.month_starts(start, end)
    quarters = sorted({compliance_figures.quarter_of(month) for month in months})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/compliance.html",
        {
            "form": form,
            "scope": scope,
            "groups": compliance_figures.group_rows(rows),
            "months": months,
            "page": page,
            "query": query.urlencode(),
            "quarters": quarters,
            "colspan": len(months) + len(quarters) + 2,
            "can_exempt": access.can_exempt_some_cell(request.user),
        },
    )


def exemption_create(request):
    access.require(access.can_exempt_some_cell(request.user))
    form = ExemptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            _exemption, created = ComplianceExemption.objects.get_or_create(
                organization=data["organization"],
                period=data["period"].replace(day=1),
                defaults={"reason": data["reason"], "recorded_by": request.user},
            )
            if created:
                # A month excused is in the month-end figures (the compliance on the dashboard).
                mark_organizations_stale([data["organization"].pk], since=data["period"])
        if created:
            messages.success(request, _("The cell was excused for that month."))
        else:
            messages.info(request, _("The cell was already excused for that month."))
        return redirect("meetings:compliance")
    return render(request, "meetings/exemption_form.html", {"form": form})
