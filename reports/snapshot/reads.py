"""Reading month-end figures for a scope: sums over the rows of the organizations asked about,
each read brought up to date first (services.bring_up_to_date)."""

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from members.models import ACTIVE_STATUSES, MemberPlacement, MemberStatusChange
from reports.snapshot.models import (
    EVENT_FIELDS,
    MEETING_FIELDS,
    STATUS_FIELDS,
    OrganizationMonth,
)
from reports.snapshot.services import (
    bring_up_to_date,
    month_end_before,
    month_end_of,
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
        # One list of the few members (a union: the planner then probes the member indexes
        # instead of scanning every placement against two lists).
        touched = changed.union(moved)
        if len(wanted) <= LONGEST_ID_LIST:
            # Only members placed in the organizations asked about on one of the two days can
            # change their counts: read through those organizations' placements (indexed).
            touched = (
                MemberPlacement.objects.filter(organization_id__in=wanted, started_on__lte=day)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=base))
                .filter(member_id__in=touched)
                .values("member_id")
            )
        then = placements_and_statuses([base, day], member_ids=touched)
        for on, sign in ((base, -1), (day, 1)):
            for cell, status in then[on].values():
                if status in ACTIVE_STATUSES and cell in wanted:
                    counts[cell] = counts.get(cell, 0) + sign
    return {org_id: count for org_id, count in counts.items() if count}


def meeting_totals(
    month_ends: list[datetime.date],
    *,
    organization_ids: Collection[int] | None = None,
    under_path: str | None = None,
    quarters: dict[str, list[datetime.date]] | None = None,
) -> dict[str, int]:
    """Meetings by kind, the roll of submitted minutes, and thematic meetings by quarter
    (quarters: name → its month-ends), in the organizations named or under a path (today's)."""
    bring_up_to_date(month_ends)
    rows = _in(OrganizationMonth.objects.filter(month_end__in=month_ends), organization_ids)
    if under_path is not None:
        rows = rows.filter(organization__path__startswith=under_path)
    by_quarter = {
        name: Sum("thematic_meetings", filter=Q(month_end__in=ends))
        for name, ends in (quarters or {}).items()
    }
    # Named apart from the fields: an aggregate may not share a name a filter reads.
    totals = rows.aggregate(
        **{f"sum_{field}": Sum(field) for field in MEETING_FIELDS if field != "excused"},
        **by_quarter,
    )
    return {key.removeprefix("sum_"): value or 0 for key, value in totals.items()}


@dataclass
class Compliance:
    """Regular meetings of the cells by month, as meetings.compliance.build_rows says them."""

    by_month: dict[str, list[int]]
    skipped: list[int]  # the cells that skipped a month (ids)
    thematic_quarters_missing: int
    cells: int


def meeting_compliance(
    cells: QuerySet, months: list[datetime.date], *, today: datetime.date
) -> Compliance:
    """cells: the cells watched (meetings.compliance.cells_in); months: their first days. A
    cell's month is not applicable before its founding or from its end, else held (a regular
    meeting), excused, not yet due (this month or later) or skipped; a quarter without a
    thematic meeting is missing once it has ended, for a cell founded by its end."""
    ends = [month_end_of(month) for month in months]
    bring_up_to_date(ends)
    this_month = today.replace(day=1)
    cell_list = list(cells.values_list("pk", "founded_on", "ended_on"))
    applicable = [0] * len(months)
    due: dict[int, int] = {}
    for pk, founded, ended in cell_list:
        count = 0
        for index, (month, end) in enumerate(zip(months, ends, strict=True)):
            if founded > end or (ended is not None and ended <= month):
                continue
            applicable[index] += 1
            count += month < this_month
        due[pk] = count
    rows = (
        OrganizationMonth.objects.filter(month_end__in=ends, organization__in=cells)
        .filter(organization__founded_on__lte=F("month_end"))
        .filter(
            Q(organization__ended_on__isnull=True)
            | Q(organization__ended_on__gt=TruncMonth("month_end"))
        )
    )
    held_or_excused = rows.filter(Q(regular_meetings__gt=0) | Q(excused__gt=0))
    by_month = {state: [0] * len(months) for state in ("held", "exempt", "missing", "pending")}
    per_month = {
        row["month_end"]: row
        for row in held_or_excused.values("month_end")
        .annotate(
            held=Count("pk", filter=Q(regular_meetings__gt=0)),
            exempt=Count("pk", filter=Q(regular_meetings=0)),
        )
        .order_by()
    }
    for index, (month, end) in enumerate(zip(months, ends, strict=True)):
        counts = per_month.get(end, {"held": 0, "exempt": 0})
        by_month["held"][index], by_month["exempt"][index] = counts["held"], counts["exempt"]
        rest = applicable[index] - counts["held"] - counts["exempt"]
        by_month["pending" if month >= this_month else "missing"][index] = rest
    covered = dict(
        held_or_excused.filter(month_end__lt=this_month)
        .values_list("organization_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    skipped = [pk for pk, _founded, _ended in cell_list if covered.get(pk, 0) < due[pk]]
    # Quarters that have ended: the cells founded by their end, less those that held one.
    quarters: dict[datetime.date, list[datetime.date]] = {}
    for month, end in zip(months, ends, strict=True):
        quarter_end = month_end_of(datetime.date(month.year, (month.month - 1) // 3 * 3 + 3, 1))
        quarters.setdefault(quarter_end, []).append(end)
    ended = {f"q{index}": item for index, item in enumerate(quarters.items()) if item[0] < today}
    missing = 0
    if ended:
        held = rows.filter(thematic_meetings__gt=0).aggregate(
            **{
                name: Count("organization", distinct=True, filter=Q(month_end__in=quarter_ends))
                for name, (_end, quarter_ends) in ended.items()
            }
        )
        for name, (quarter_end, _ends) in ended.items():
            founded_by_then = sum(1 for _pk, founded, _end in cell_list if founded <= quarter_end)
            missing += founded_by_then - held[name]
    return Compliance(
        by_month=by_month,
        skipped=skipped,
        thematic_quarters_missing=missing,
        cells=len(cell_list),
    )
