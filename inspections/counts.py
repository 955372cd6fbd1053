"""Figures of inspection work for the reports, each one SQL aggregate over a scope
organization's subtree and a period.

What counts: an inspection counts in the period it started in, once carried out (started,
not merely planned); the reports count organizations, so an organization visited twice for
the same group of kinds counts once. A letter counts as received on its date and as resolved
on the date it was resolved. A discipline decision counts on its date. Remediation is counted
for the inspections started in the period, as it stands on the given day.
"""

import datetime

from django.db.models import Case, CharField, Count, Q, Value, When

from inspections.models import (
    Complaint,
    DisciplineDecision,
    Inspection,
    RemediationItem,
)
from organizations.models import Organization


def _group_case():
    return Case(
        *(When(kind__in=kinds, then=Value(group)) for group, kinds in Inspection.GROUPS.items()),
        output_field=CharField(),
    )


def _inspections(scope: Organization, start: datetime.date, end: datetime.date):
    return Inspection.objects.in_subtree(scope).carried_out().between(start, end)


def inspections_by_kind(
    scope: Organization, *, start: datetime.date, end: datetime.date
) -> dict[str, int]:
    """Inspections carried out, by kind."""
    rows = _inspections(scope, start, end).values_list("kind").annotate(n=Count("pk")).order_by()
    return dict(rows)


def organizations_by_group(
    scope: Organization, *, start: datetime.date, end: datetime.date
) -> dict[str, dict[str, int]]:
    """Organizations visited, by group of kinds (inspection, supervision, finance) and by
    kind of organization: {"inspection": {"committee": 7, "grassroots_cell": 3}, …}."""
    rows = (
        _inspections(scope, start, end)
        .annotate(group=_group_case())
        .values_list("group", "organization__kind")
        .annotate(n=Count("organization", distinct=True))
        .order_by()
    )
    result: dict[str, dict[str, int]] = {group: {} for group in Inspection.GROUPS}
    for group, organization_kind, count in rows:
        result[group][organization_kind] = count
    return result


def grassroots_inspected(scope: Organization, *, start, end) -> int:
    """Grassroots party organizations (TCCSĐ) inspected: 'kiểm tra 10 TCCSĐ'."""
    return (
        _inspections(scope, start, end)
        .filter(kind__in=Inspection.GROUPS["inspection"])
        .filter(organization__kind__in=Organization.GRASSROOTS_KINDS)
        .aggregate(n=Count("organization", distinct=True))["n"]
    )


def supervised(scope: Organization, *, start, end) -> dict[str, int]:
    """Organizations supervised, by kind of organization."""
    return organizations_by_group(scope, start=start, end=end)["supervision"]


def finance_inspected(scope: Organization, *, start, end) -> int:
    """Organizations (cells and committees) inspected on party finance."""
    return (
        _inspections(scope, start, end)
        .filter(kind__in=Inspection.GROUPS["finance"])
        .aggregate(n=Count("organization", distinct=True))["n"]
    )


def complaints(scope: Organization, *, start, end) -> dict[tuple[str, str], dict[str, int]]:
    """Letters received and resolved in the period, by (kind, about 'member' or
    'organization'): {("denunciation", "member"): {"received": 7, "resolved": 6}, …}."""
    in_scope = Q(about_member__organization__path__startswith=scope.path) | Q(
        about_organization__path__startswith=scope.path
    )
    rows = (
        Complaint.objects.filter(in_scope)
        .annotate(
            about=Case(
                When(about_member__isnull=False, then=Value("member")),
                default=Value("organization"),
                output_field=CharField(),
            )
        )
        .values_list("kind", "about")
        .annotate(
            received=Count("pk", filter=Q(received_on__gte=start, received_on__lte=end)),
            resolved=Count(
                "pk",
                filter=Q(
                    status=Complaint.Status.RESOLVED,
                    resolved_on__gte=start,
                    resolved_on__lte=end,
                ),
            ),
        )
        .order_by()
    )
    return {
        (kind, about): {"received": received, "resolved": resolved}
        for kind, about, received, resolved in rows
    }


def discipline_by_form(scope: Organization, *, start, end) -> dict[tuple[str, str], int]:
    """Discipline decisions by (subject, form): {("official_member", "warning"): 2, …}."""
    in_scope = Q(member__organization__path__startswith=scope.path) | Q(
        organization__path__startswith=scope.path
    )
    rows = (
        DisciplineDecision.objects.filter(in_scope, decided_on__gte=start, decided_on__lte=end)
        .values_list("subject", "form")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(subject, form): count for subject, form, count in rows}


def remediation(scope: Organization, *, start, end, on: datetime.date) -> dict[str, int]:
    """Remediation items of the period's inspections on a day: done, carried over, open
    (not yet due) and overdue."""
    pending = Q(status__in=RemediationItem.PENDING)
    return RemediationItem.objects.filter(
        inspection__in=_inspections(scope, start, end), owner__path__startswith=scope.path
    ).aggregate(
        done=Count("pk", filter=Q(status=RemediationItem.Status.DONE)),
        carried_over=Count("pk", filter=Q(status=RemediationItem.Status.CARRIED_OVER)),
        open=Count("pk", filter=pending & Q(deadline__gte=on)),
        overdue=Count("pk", filter=pending & Q(deadline__lt=on)),
    )
