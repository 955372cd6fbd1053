from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inspections.models import DisciplineDecision
from members import services
from members.forms import (
    MemberFilterForm,
    MemberForm,
    StatusChangeForm,
    TransferForm,
    member_label,
)
from members.models import Member
from members.year.models import candidate_cells
from organizations import access
from organizations.models import Organization
from partybloc.audit.history import history_of
from partybloc.audit.models import AccessRecord
from partybloc.audit.search import search_lost, search_redirect, with_search_text
from partybloc.audit.services import record_access
from partybloc.forms import add_service_error
from partybloc.pagination import EstimatingPaginator
from partybloc.pickers import options_response
from reports.snapshot.marks import mark_members_stale


def _visible(request):
    return Member.objects.visible_to(request.user)


def member_list(request):
    """The register, filtered. The search text is sent by POST and the page moved to an
    address with a token in its place (partybloc.audit.search): no name or national ID in
    an address, so none in an access log."""
    access.require(access.sees_register(request.user))
    moved = search_redirect(request)
    if moved is not None:
        if request.method == "POST" and request.POST.get("q", "").strip():
            record_access(
                request,
                action=AccessRecord.Action.MEMBERS_SEARCHED,
                detail=" ".join(request.POST["q"].split()),
            )
        return moved
    if search_lost(request, request.GET):
        messages.info(request, _("The search has ended with the session: search again."))
    filters = with_search_text(request, request.GET)
    filters.setdefault("status", MemberFilterForm.ACTIVE)  # active members unless asked
    form = MemberFilterForm(filters, user=request.user)
    members = _visible(request).select_related("organization")
    members = form.filter(members) if form.is_valid() else members.active()
    page = EstimatingPaginator(members.in_name_order(), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/member_list.html",
        {
            "form": form,
            "filtering": any(
                filters.get(name) for name in MemberFilterForm.ADVANCED if name != "status"
            )
            or filters.get("status") != MemberFilterForm.ACTIVE,
            "page": page,
            "query": query.urlencode(),
            "can_register": access.can_register_members(request.user),
            "can_export_full_ids": access.can_export_full_national_ids(request.user),
        },
    )


# What a member picker's search box may ask for (members.forms.MemberChoiceField): active
# members the user sees, or those of the cells whose commitments the user keeps.
MEMBER_PICKER_SCOPES = {
    "visible": lambda user: Member.objects.visible_to(user),
    "commitments": lambda user: Member.objects.visible_to(user).filter(
        organization__in=candidate_cells(user)
    ),
}


@require_GET
def member_pick(request):
    """The active members matching a picker's search text among those the user may choose
    (its select's options, for htmx). A subtree asked for outside the scope is 404."""
    access.require(access.sees_register(request.user))
    members = MEMBER_PICKER_SCOPES.get(
        request.GET.get("scope", ""), MEMBER_PICKER_SCOPES["visible"]
    )(request.user).active()
    if request.GET.get("under", "").isdigit():
        under = get_object_or_404(
            Organization.objects.visible_to(request.user), pk=int(request.GET["under"])
        )
        members = members.in_subtree(under)
    return options_response(
        request, members.select_related("organization").in_name_order(), member_label
    )


def member_detail(request, pk):
    member = get_object_or_404(_visible(request).select_related("organization"), pk=pk)
    record_access(request, action=AccessRecord.Action.MEMBER_VIEWED, member=member)
    history = _history(member, request.user)
    can_manage = access.can_manage_members_of(request.user, member.organization)
    can_see_changes = access.can_see_change_history(request.user, member.organization)
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "history": history,
            "changes": history_of(member) if can_see_changes else None,
            "positions": member.positions.select_related("organization").order_by("-started_on"),
            "can_manage": can_manage,
            "can_read_access_log": access.can_read_access_log(request.user),
        },
    )


def _history(member, user):
    """Status changes, placements and discipline decisions as one dated story, newest first."""
    events = []
    for decision in DisciplineDecision.objects.visible_to(user).filter(member=member):
        events.append({"on": decision.decided_on, "kind": "discipline", "decision": decision})
    for change in member.status_changes.select_related("recorded_by"):
        events.append({"on": change.effective_on, "kind": "status", "change": change, "order": 1})
    for placement in member.placements.select_related("organization", "recorded_by"):
        events.append(
            {"on": placement.started_on, "kind": "placement", "placement": placement, "order": 0}
        )
    events.sort(key=lambda e: (e["on"], e.get("order", 2)), reverse=True)
    return events


def member_create(request):
    access.require(access.can_register_members(request.user))
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.register_member(
                form.save(commit=False),
                by=request.user,
                came_from=form.cleaned_data.get("came_from", ""),
                joined_on=form.cleaned_data.get("joined_on"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The member was registered."))
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": None})


def member_edit(request, pk):
    member = get_object_or_404(_visible(request).select_related("organization"), pk=pk)
    access.require(access.can_manage_members_of(request.user, member.organization))
    admitted_before = member.admitted_on
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            # The dates and the youth flag are in the month-end figures since admission.
            mark_members_stale([member.pk], since=min(admitted_before, member.admitted_on))
        messages.success(request, _("The changes were saved."))
        return redirect("members:detail", pk=member.pk)
    if request.method == "GET":  # the form shows the record, national ID included
        record_access(request, action=AccessRecord.Action.MEMBER_OPENED_FOR_EDITING, member=member)
    return render(request, "members/member_form.html", {"form": form, "member": member})


def member_transfer(request, pk):
    member = get_object_or_404(_visible(request).select_related("organization"), pk=pk)
    access.require(access.can_manage_members_of(request.user, member.organization))
    form = TransferForm(request.POST or None, member=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == TransferForm.WITHIN:
                services.transfer_member(
                    member,
                    to=data["to"],
                    on=data["effective_on"],
                    note=data["note"],
                    by=request.user,
                    seen=data["seen"],
                )
            elif data["kind"] == TransferForm.OUT:
                services.transfer_out(
                    member,
                    destination=data["destination"],
                    on=data["effective_on"],
                    note=data["note"],
                    by=request.user,
                    seen=data["seen"],
                )
            else:
                services.transfer_back_in(
                    member,
                    to=data["to"],
                    on=data["effective_on"],
                    came_from=data["came_from"],
                    by=request.user,
                    seen=data["seen"],
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The transfer was recorded."))
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/member_action.html",
        {"form": form, "member": member, "title": _("Transfer party membership")},
    )


def member_status(request, pk):
    member = get_object_or_404(_visible(request).select_related("organization"), pk=pk)
    access.require(access.can_manage_members_of(request.user, member.organization))
    form = StatusChangeForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                member,
                to=data["status"],
                on=data["effective_on"],
                reason=data["reason"],
                decision_number=data["decision_number"],
                by=request.user,
                seen=data["seen"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The status change was recorded."))
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/member_action.html",
        {"form": form, "member": member, "title": _("Change status")},
    )
