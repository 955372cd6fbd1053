from django.conf import settings
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from inspections.early_warnings.models import EarlyWarning
from inspections.models import Inspection
from meetings.models import Meeting
from members.models import Member, Status
from organizations import access
from organizations.models import Organization, RoleAssignment


def home(request):
    """The user's scope at a glance: organizations by kind, members by status, the
    probationary members whose recognition falls due soon, and an inspector's assignments."""
    user = request.user
    organizations = Organization.objects.visible_to(user).active()
    by_kind = dict(organizations.values_list("kind").annotate(total=Count("pk")).order_by())
    members = Member.objects.visible_to(user)
    by_status = dict(members.values_list("status").annotate(total=Count("pk")).order_by())
    due = (
        members.recognition_due(within_days=settings.RECOGNITION_DUE_WINDOW_DAYS)
        .select_related("organization")
        .order_by("admitted_on", "sort_key")
    )
    roles = [
        (role, access.can_see_organization(user, role.organization))
        for role in RoleAssignment.objects.filter(user=user).select_related("organization")
    ]
    assignments = [
        (inspection, inspection.needs_from(user))
        for inspection in Inspection.objects.assigned_to(user)
        .exclude(status=Inspection.Status.CLOSED)
        .select_related("organization", "team")
        .order_by("starts_on", "pk")[:30]
    ]
    this_month = timezone.localdate().replace(day=1)
    recordable = list(Organization.objects.recordable_by(user).order_by("path"))
    this_months_meetings = {
        meeting.organization_id: meeting
        for meeting in Meeting.objects.filter(
            organization__in=recordable, kind=Meeting.Kind.REGULAR, period=this_month
        )
    }
    to_review = (
        Meeting.objects.visible_to(user)
        .filter(access.review_queue_q(user), state=Meeting.State.SUBMITTED)
        .count()
    )
    # The open early warnings in the user's scope (cảnh báo sớm: members who missed three months,
    # organizations at risk), for whoever may open their page.
    early_warnings_open = (
        EarlyWarning.objects.visible_to(user).open().count()
        if access.sees_early_warnings(user)
        else None
    )
    return render(
        request,
        "home.html",
        {
            "roles": roles,
            "assignments": assignments,
            "kinds": [
                (label, by_kind[kind])
                for kind, label in Organization.Kind.choices
                if kind in by_kind
            ],
            "statuses": [
                (value, label, by_status.get(value, 0)) for value, label in Status.choices
            ],
            "active_total": sum(
                by_status.get(s, 0) for s in (Status.PROBATIONARY, Status.OFFICIAL, Status.EXEMPT)
            ),
            "meeting_shortcuts": [
                (organization, this_months_meetings.get(organization.pk))
                for organization in recordable[:10]
            ],
            "this_month": this_month,
            "to_review": to_review,
            "due": due[:30],
            "today": timezone.localdate(),
            "due_total": due.count(),
            "window_days": settings.RECOGNITION_DUE_WINDOW_DAYS,
            "sees_register": access.sees_register(user),
            "early_warnings_open": early_warnings_open,
        },
    )
