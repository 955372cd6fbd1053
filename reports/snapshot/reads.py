"""Reading month-end figures for a scope: sums over the rows of the organizations asked about,
each read brought up to date first (services.bring_up_to_date)."""

import datetime
from collections.abc import Collection

from django.db.models import Q, QuerySet, Sum

from members.models import ACTIVE_STATUSES, MemberPlacement, MemberStatusChange
from reports.snapshot.models import EVENT_FIELDS, STATUS_FIELDS, OrganizationMonth
from reports.snapshot.services import (
    bring_up_to_date,
    month_end_before,
    placements_and_statuses,
)

# Past this many organizations the month's rows are read whole and picked in Python: an IN
# list of thousands costs the database more than the rows do.
LONGEST_ID_LIST = 1000


def _sums(rows: QuerySet, fields: tuple[str, ...]) -> dict[str, int]:
    totals = rows.aggregate(**{field: Sum(field) for field in fields})
    return {field: totals[field] or 0 for field in fields}


def _in(rows: QuerySet, organization_ids: Collection[int] | None) -> QuerySet:
    """None: the whole bloc, the members and events of no cell included."""
    return rows if organization_ids is None else rows.filter(organization_id__in=organization_ids)


def members_by_status(
    month_end: datetime.date, *, organization_ids: Collection[int] | None = None
) -> dict[str, int]:
    """Members by status (probationary, official, exempt) placed in the organizations on a
    month-end."""
    bring_up_to_date([month_end])
    return _sums(_in(OrganizationMonth.objects.filter(month_end=month_end), organization_ids),
                 STATUS_FIELDS)  # fmt: skip


def events_between(
    month_ends: list[datetime.date], *, organization_ids: Collection[int] | None = None
) -> dict[str, int]:
    """The events of these months (admissions, recognitions, ends of membership) counted in
    the organizations."""
    bring_up_to_date(month_ends)
    rows = OrganizationMonth.objects.filter(month_end__in=month_ends)
    return _sums(_in(rows, organization_ids), EVENT_FIELDS)


def members_by_status_under(
    path: str | None, month_ends: list[datetime.date]
) -> dict[datetime.date, dict[str, int]]:
    """Members by status on each month-end in the organizations whose path (today's) starts
    with `path` (None: the whole bloc)."""
    bring_up_to_date(month_ends)
    rows = OrganizationMonth.objects.filter(month_end__in=month_ends)
    if path is not None:
        rows = rows.filter(organization__path__startswith=path)
    sums = rows.values("month_end").annotate(**{f: Sum(f) for f in STATUS_FIELDS}).order_by()
    result = {day: dict.fromkeys(STATUS_FIELDS, 0) for day in month_ends}
    for row in sums:
        result[row["month_end"]] = {field: row[field] or 0 for field in STATUS_FIELDS}
    return result


def active_members_on(day: datetime.date, organization_ids: Collection[int]) -> dict[int, int]:
    """Active members placed in each organization on any day, as
    organizations.tree.member_counts_as_of counts them: the rows of the month-end before it,
    corrected by the members whose cell or status changed since (a few weeks of changes)."""
    base = month_end_before(day)
    bring_up_to_date([base])
    wanted = set(organization_ids)
    rows = OrganizationMonth.objects.filter(month_end=base, organization__isnull=False)
    if len(wanted) <= LONGEST_ID_LIST:
        rows = rows.filter(organization_id__in=wanted)
    counts: dict[int, int] = {}
    for org_id, *by_status in rows.values_list("organization_id", *STATUS_FIELDS):
        if org_id in wanted:
            counts[org_id] = sum(by_status)
    if base != day:
        between = {"__gt": base, "__lte": day}
        changed = MemberStatusChange.objects.filter(
            **{f"effective_on{op}": value for op, value in between.items()}
        ).values("member_id")
        moved = MemberPlacement.objects.filter(
            Q(**{f"started_on{op}": value for op, value in between.items()})
            | Q(**{f"ended_on{op}": value for op, value in between.items()})
        ).values("member_id")
        touched = MemberPlacement.objects.filter(
            Q(member_id__in=changed) | Q(member_id__in=moved)
        ).values("member_id")
        then = placements_and_statuses([base, day], member_ids=touched)
        for on, sign in ((base, -1), (day, 1)):
            for cell, status in then[on].values():
                if status in ACTIVE_STATUSES and cell in wanted:
                    counts[cell] = counts.get(cell, 0) + sign
    return {org_id: count for org_id, count in counts.items() if count}
