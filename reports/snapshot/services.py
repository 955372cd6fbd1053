"""Computing month-end figures per organization and keeping them up to date: the whole bloc for
a month never filled, only the organizations a change marked otherwise. Every refresh runs
the same few queries whatever the number of months and organizations it covers."""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from meetings.models import Attendance, ComplianceExemption, Meeting
from members.models import ACTIVE_STATUSES, Member, MemberPlacement, MemberStatusChange, cell_on
from reports.snapshot.models import (
    COUNT_FIELDS,
    FilledMonth,
    OrganizationMonth,
    StaleMark,
)

STATUS_FIELD = {"probationary": "probationary", "official": "official", "exempt": "exempt"}
# A change to one of these statuses ends the membership: counted under the field of that name.
ENDS = ("transferred_out", "struck_off", "expelled", "deceased", "left")

# The advisory lock held while month-end figures are refreshed (any number, ours alone).
REFRESH_LOCK = 7_212_026

Counts = dict[str, int]
Key = tuple[int | None, datetime.date]  # (organization id, month end)


# Months ------------------------------------------------------------------------------------


def month_end_of(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )


def is_month_end(day: datetime.date) -> bool:
    return month_end_of(day) == day


def month_end_before(day: datetime.date) -> datetime.date:
    """The last month-end on or before a day."""
    return day if is_month_end(day) else day.replace(day=1) - datetime.timedelta(days=1)


def month_ends_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month-end from first's month to last's month."""
    ends, current, stop = [], month_end_of(first), month_end_of(last)
    while current <= stop:
        ends.append(current)
        current = month_end_of(current + datetime.timedelta(days=1))
    return ends


# Members by status on days -------------------------------------------------------------------


def window(today: datetime.date) -> list[datetime.date]:
    """The months kept filled: from two years before this one to this year's end (the
    dashboard's, this year's and last year's reports'). Others are filled when first read."""
    return month_ends_between(
        datetime.date(today.year - 2, 1, 1), datetime.date(today.year, 12, 31)
    )


def placements_and_statuses(
    days: list[datetime.date],
    *,
    organization_ids: Collection[int] | None = None,
    member_ids: Collection[int] | None = None,
) -> dict[datetime.date, dict[int, tuple[int, str | None]]]:
    """For each day, each member placed then: (their cell, their status that day), as
    Member.objects.as_of counts them (placed_on_q's placement, the latest status change on or
    before the day), from two plain queries walked once, however many days."""
    days = sorted(set(days))
    if not days:
        return {}
    placements = MemberPlacement.objects.filter(started_on__lte=days[-1]).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=days[0])
    )
    if organization_ids is not None:
        placements = placements.filter(organization_id__in=organization_ids)
    if member_ids is not None:
        placements = placements.filter(member_id__in=member_ids)
    placed: dict[datetime.date, dict[int, int]] = {day: {} for day in days}
    # The latest begun first, as placed_on_q's readers take the first of a day.
    rows = placements.order_by("-started_on", "-pk").values_list(
        "member_id", "organization_id", "started_on", "ended_on"
    )
    for member_id, organization_id, started, ended in rows:
        for day in days:
            if started <= day and (ended is None or ended > day):
                placed[day].setdefault(member_id, organization_id)
    members = set().union(*(set(by_member) for by_member in placed.values()))
    changes = MemberStatusChange.objects.filter(effective_on__lte=days[-1])
    if member_ids is not None:
        # The same members as the placements' (a query: the same queries whatever it holds).
        changes = changes.filter(member_id__in=member_ids)
    elif organization_ids is not None:
        changes = changes.filter(member_id__in=members)
    history: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for member_id, effective, status in changes.order_by("effective_on", "pk").values_list(
        "member_id", "effective_on", "status"
    ):
        history[member_id].append((effective, status))
    result: dict[datetime.date, dict[int, tuple[int, str | None]]] = {day: {} for day in days}
    for member_id in members:
        member_changes = history.get(member_id, [])
        index, status = 0, None
        for day in days:
            while index < len(member_changes) and member_changes[index][0] <= day:
                status = member_changes[index][1]
                index += 1
            cell = placed[day].get(member_id)
            if cell is not None:
                result[day][member_id] = (cell, status)
    return result


# Computing rows ------------------------------------------------------------------------------


def compute_rows(
    month_ends: Iterable[datetime.date], *, organization_ids: Collection[int] | None = None
) -> dict[Key, Counts]:
    """The rows of these months: for every organization, or only for those named."""
    month_ends = sorted(set(month_ends))
    rows: dict[Key, Counts] = defaultdict(lambda: dict.fromkeys(COUNT_FIELDS, 0))
    if not month_ends:
        return {}
    chosen = set(month_ends)
    for day, by_member in placements_and_statuses(
        month_ends, organization_ids=organization_ids
    ).items():
        for cell, status in by_member.values():
            if status in ACTIVE_STATUSES:
                rows[(cell, day)][STATUS_FIELD[status]] += 1

    first = month_ends[0].replace(day=1)
    last = month_ends[-1]
    # An event counts in the cell of its day, including the day a member left it.
    admitted = Member.objects.filter(admitted_on__gte=first, admitted_on__lte=last).annotate(
        placed=cell_on(OuterRef("pk"), OuterRef("admitted_on"), end_day_counts=True)
    )
    changes = MemberStatusChange.objects.filter(
        effective_on__gte=first, effective_on__lte=last
    ).annotate(placed=cell_on(OuterRef("member"), OuterRef("effective_on"), end_day_counts=True))
    if organization_ids is not None:
        ever_there = MemberPlacement.objects.filter(organization_id__in=organization_ids)
        admitted = admitted.filter(pk__in=ever_there.values("member_id")).filter(
            placed__in=organization_ids
        )
        changes = changes.filter(member_id__in=ever_there.values("member_id")).filter(
            placed__in=organization_ids
        )
    for placed, day, youth in admitted.values_list(
        "placed", "admitted_on", "youth_union_member"
    ).order_by():
        key = (placed, month_end_of(day))
        if key[1] in chosen:
            rows[key]["admitted"] += 1
            rows[key]["admitted_youth"] += 1 if youth else 0
    # A recognition is the change to official on the member's official date, after the
    # probationary row of admission (reports.figures says the same).
    recognition = Q(
        status="official",
        effective_on=F("member__official_on"),
        effective_on__gt=F("member__admitted_on"),
    )
    changes = changes.annotate(
        recognized=ExpressionWrapper(recognition, output_field=BooleanField())
    )
    for placed, day, status, recognized in changes.values_list(
        "placed", "effective_on", "status", "recognized"
    ).order_by():
        key = (placed, month_end_of(day))
        if key[1] not in chosen:
            continue
        if recognized:
            rows[key]["recognized"] += 1
        elif status in ENDS:
            rows[key][status] += 1
    _count_meetings(rows, first, last, chosen, organization_ids)
    return {key: counts for key, counts in rows.items() if any(counts.values())}


def _count_meetings(
    rows: dict[Key, Counts],
    first: datetime.date,
    last: datetime.date,
    chosen: set[datetime.date],
    organization_ids: Collection[int] | None,
) -> None:
    """Meetings by kind, months excused, and the roll of minutes no longer drafts: what
    meetings.compliance counts, by organization and month."""
    meetings = Meeting.objects.filter(held_on__gte=first, held_on__lte=last)
    exemptions = ComplianceExemption.objects.filter(period__gte=first, period__lte=last)
    attendance = (
        Attendance.objects.filter(meeting__held_on__gte=first, meeting__held_on__lte=last)
        .exclude(standing=Attendance.Standing.EXEMPT)
        .exclude(meeting__state=Meeting.State.DRAFT)
    )
    if organization_ids is not None:
        meetings = meetings.filter(organization_id__in=organization_ids)
        exemptions = exemptions.filter(organization_id__in=organization_ids)
        attendance = attendance.filter(meeting__organization_id__in=organization_ids)
    fields = {Meeting.Kind.REGULAR: "regular_meetings", Meeting.Kind.THEMATIC: "thematic_meetings"}
    for org_id, day, kind, count in (
        meetings.filter(kind__in=fields)
        .values_list("organization_id", "held_on", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (org_id, month_end_of(day))
        if key[1] in chosen:
            rows[key][fields[kind]] += count
    for org_id, period in exemptions.values_list("organization_id", "period"):
        key = (org_id, month_end_of(period))
        if key[1] in chosen:
            rows[key]["excused"] = 1
    for org_id, day, expected, present in (
        attendance.values_list("meeting__organization_id", "meeting__held_on")
        .annotate(
            expected=Count("pk"),
            present=Count("pk", filter=Q(presence=Attendance.Presence.PRESENT)),
        )
        .order_by()
    ):
        key = (org_id, month_end_of(day))
        if key[1] in chosen:
            rows[key]["attendance_expected"] += expected
            rows[key]["attendance_present"] += present


def _write(rows: dict[Key, Counts]) -> None:
    OrganizationMonth.objects.bulk_create(
        [
            OrganizationMonth(organization_id=org_id, month_end=month_end, **counts)
            for (org_id, month_end), counts in rows.items()
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )


def _one_at_a_time() -> bool:
    """Wait for any other refresh to commit (twenty readers after a change would compute the
    same rows and could deadlock deleting them): the next one finds the work done. True when
    it waited on a lock (PostgreSQL; SQLite writes one at a time anyway)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
    return True


# Keeping them up to date -----------------------------------------------------------------------


@transaction.atomic
def fill_months(month_ends: Iterable[datetime.date], *, again: bool = False) -> int:
    """Compute the months for the whole bloc (again: even those already filled). Returns
    the number of months computed."""
    month_ends = set(month_ends)
    _one_at_a_time()
    if not again:
        month_ends -= set(
            FilledMonth.objects.filter(month_end__in=month_ends).values_list("month_end", flat=True)
        )
    if not month_ends:
        return 0
    rows = compute_rows(month_ends)
    OrganizationMonth.objects.filter(month_end__in=month_ends).delete()
    _write(rows)
    FilledMonth.objects.bulk_create(
        [FilledMonth(month_end=day) for day in month_ends], ignore_conflicts=True
    )
    return len(month_ends)


@transaction.atomic
def bring_up_to_date(month_ends: Iterable[datetime.date] = ()) -> None:
    """Recompute what the register's changes marked stale, and fill the months asked for that
    were never filled: what a reader calls before summing rows, and the scheduled task."""
    marks = list(StaleMark.objects.values_list("pk", "organization_id", "since"))
    filled = set(FilledMonth.objects.values_list("month_end", flat=True))
    missing = set(month_ends) - filled
    if not marks and not missing:
        return
    if _one_at_a_time():
        marks = list(StaleMark.objects.values_list("pk", "organization_id", "since"))
        filled = set(FilledMonth.objects.values_list("month_end", flat=True))
        missing = set(month_ends) - filled
    if missing:
        # The whole window at once, as the scheduled task fills it: a page reading several
        # months then finds them all, and costs the same queries on each view.
        missing |= set(window(timezone.localdate())) - filled
    recompute: set[datetime.date] = set()
    stale_organizations: set[int] = set()
    if marks:
        since = min(day for _pk, _org, day in marks)
        recompute = {day for day in filled if day >= since}
        stale_organizations = {org for _pk, org, _day in marks}
    if recompute:
        rows = compute_rows(recompute, organization_ids=stale_organizations)
        OrganizationMonth.objects.filter(
            organization_id__in=stale_organizations, month_end__in=recompute
        ).delete()
        _write(rows)
    if missing:
        rows = compute_rows(missing)
        _write(rows)
        FilledMonth.objects.bulk_create(
            [FilledMonth(month_end=day) for day in missing], ignore_conflicts=True
        )
    if marks:
        StaleMark.objects.filter(pk__in=[pk for pk, _org, _day in marks]).delete()


def refresh(*, today: datetime.date | None = None, again: bool = False) -> int:
    """What the scheduled task and `manage.py fill_month_end_figures` do: fill the window's
    months not filled yet (again: all of them, recomputed) and recompute what was marked
    stale. Returns the number of months filled."""
    months = window(today or timezone.localdate())
    filled = fill_months(months, again=again)
    bring_up_to_date()
    return filled
