"""Figures of inspection work for the reports, each one SQL aggregate over a scope
organization's subtree and a period.

What counts: an inspection counts in the period it started in, once carried out (started,
not merely planned); the reports count organizations, so an organization visited twice for
the same group of kinds counts once. A letter counts as received on its date and as resolved
on the date it was resolved. A discipline decision counts on its date. Remediation is counted
for the inspections started in the period, as it stood on the given day: an item exists from
its inspection's conclusion, is done from its done_on and carried over from its
carried_over_on, so items finished after a period's end count as pending in that period.
"""

import datetime
from collections.abc import Collection

from django.db.models import Case, CharField, Count, OuterRef, Q, Value, When

from inspections.models import (
    Complaint,
    DisciplineDecision,
    Inspection,
    RemediationItem,
)
from members.models import cell_on
from organizations.models import Organization

# Every count takes the scope, and may take `within`: the ids of the organizations under it as
# the tree stood in the period (reports.figures passes them), so a past period counts what was
# under the scope then, not what sits under it after a restructuring. An event about a member
# counts where the member was placed on its day, not where the member is today.
Within = Collection[int] | None


def _group_case():
    return Case(
        *(When(kind__in=kinds, then=Value(group)) for group, kinds in Inspection.GROUPS.items()),
        output_field=CharField(),
    )


def _inspections(
    scope: Organization, start: datetime.date, end: datetime.date, within: Within = None
):
    inspections = Inspection.objects.carried_out().between(start, end)
    if within is not None:
        return inspections.filter(organization_id__in=within)
    return inspections.in_subtree(scope)


def inspections_by_kind(
    scope: Organization, *, start: datetime.date, end: datetime.date, within: Within = None
) -> dict[str, int]:
    """Inspections carried out, by kind."""
    rows = (
        _inspections(scope, start, end, within)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def organizations_by_group(
    scope: Organization, *, start: datetime.date, end: datetime.date, within: Within = None
) -> dict[str, dict[str, int]]:
    """Organizations visited, by group of kinds (inspection, supervision, finance) and by
    kind of organization: {"inspection": {"committee": 7, "grassroots_cell": 3}, …}."""
    rows = (
        _inspections(scope, start, end, within)
        .annotate(group=_group_case())
        .values_list("group", "organization__kind")
        .annotate(n=Count("organization", distinct=True))
        .order_by()
    )
    result: dict[str, dict[str, int]] = {group: {} for group in Inspection.GROUPS}
    for group, organization_kind, count in rows:
        result[group][organization_kind] = count
    return result


def grassroots_inspected(scope: Organization, *, start, end, within: Within = None) -> int:
    """Grassroots party organizations (TCCSĐ) inspected: 'kiểm tra 10 TCCSĐ'."""
    return (
        _inspections(scope, start, end, within)
        .filter(kind__in=Inspection.GROUPS["inspection"])
        .filter(organization__kind__in=Organization.GRASSROOTS_KINDS)
        .aggregate(n=Count("organization", distinct=True))["n"]
    )


def supervised(scope: Organization, *, start, end, within: Within = None) -> dict[str, int]:
    """Organizations supervised, by kind of organization."""
    return organizations_by_group(scope, start=start, end=end, within=within)["supervision"]


def finance_inspected(scope: Organization, *, start, end, within: Within = None) -> int:
    """Organizations (cells and committees) inspected on party finance."""
    return (
        _inspections(scope, start, end, within)
        .filter(kind__in=Inspection.GROUPS["finance"])
        .aggregate(n=Count("organization", distinct=True))["n"]
    )


def complaints(
    scope: Organization, *, start, end, within: Within = None
) -> dict[tuple[str, str], dict[str, int]]:
    """Letters received and resolved in the period, by (kind, about 'member' or
    'organization'): {("denunciation", "member"): {"received": 7, "resolved": 6}, …}. A
    letter about a member counts where the member was on the day it was received."""
    letters = Complaint.objects.all()
    if within is not None:
        letters = letters.annotate(
            placed=cell_on(OuterRef("about_member"), OuterRef("received_on"), end_day_counts=True)
        ).filter(Q(placed__in=within) | Q(about_organization__in=within))
    else:
        letters = letters.filter(
            Q(about_member__organization__path__startswith=scope.path)
            | Q(about_organization__path__startswith=scope.path)
        )
    rows = (
        letters.annotate(
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


def discipline_by_form(
    scope: Organization, *, start, end, within: Within = None
) -> dict[tuple[str, str], int]:
    """Discipline decisions by (subject, form): {("official_member", "warning"): 2, …}. A
    decision about a member counts where the member was on the day it was decided."""
    decisions = DisciplineDecision.objects.filter(decided_on__gte=start, decided_on__lte=end)
    if within is not None:
        decisions = decisions.annotate(
            placed=cell_on(OuterRef("member"), OuterRef("decided_on"), end_day_counts=True)
        ).filter(Q(placed__in=within) | Q(organization__in=within))
    else:
        decisions = decisions.filter(
            Q(member__organization__path__startswith=scope.path)
            | Q(organization__path__startswith=scope.path)
        )
    rows = decisions.values_list("subject", "form").annotate(n=Count("pk")).order_by()
    return {(subject, form): count for subject, form, count in rows}


def remediation(
    scope: Organization, *, start, end, on: datetime.date, within: Within = None
) -> dict[str, int]:
    """Remediation items of the period's inspections as they stood on a day: done, carried
    over, open (not yet due) and overdue."""
    concluded = Q(inspection__concluded_on__lte=on) | Q(inspection__concluded_on__isnull=True)
    done = Q(status=RemediationItem.Status.DONE, done_on__lte=on)
    carried = Q(status=RemediationItem.Status.CARRIED_OVER) & (
        Q(carried_over_on__lte=on) | Q(carried_over_on__isnull=True)
    )
    pending = ~done & ~carried
    return RemediationItem.objects.filter(
        concluded,
        inspection__in=_inspections(scope, start, end, within),
        **(
            {"owner__in": within} if within is not None else {"owner__path__startswith": scope.path}
        ),
    ).aggregate(
        done=Count("pk", filter=done),
        carried_over=Count("pk", filter=carried),
        open=Count("pk", filter=pending & Q(deadline__gte=on)),
        overdue=Count("pk", filter=pending & Q(deadline__lt=on)),
    )
