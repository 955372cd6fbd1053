"""Meeting compliance the bloc watches: regular meetings held or skipped per cell and month,
a thematic meeting each quarter, minutes overdue or returned, attendance. The grid and the
figures reports call come from the same few aggregate queries."""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from meetings.models import Attendance, ComplianceExemption, Meeting, MinutesVersion
from organizations.models import Organization


def month_starts(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def quarter_of(month: datetime.date) -> tuple[int, int]:
    return month.year, (month.month - 1) // 3 + 1


@dataclass
class MonthCell:
    state: str  # held, missing, exempt, pending, not_applicable
    meeting: dict | None = None
    overdue: bool = False
    exemption_reason: str = ""


@dataclass
class CellRow:
    organization: Organization
    months: list[MonthCell] = field(default_factory=list)
    quarters: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    expected: int = 0
    present: int = 0

    @property
    def attendance_rate(self) -> float | None:
        return self.present / self.expected if self.expected else None

    def count(self, state: str) -> int:
        return sum(1 for cell in self.months if cell.state == state)

    @property
    def overdue(self) -> int:
        return sum(1 for cell in self.months if cell.overdue)

    @property
    def returned(self) -> int:
        return sum(
            1
            for cell in self.months
            if cell.meeting and cell.meeting["state"] == Meeting.State.RETURNED
        )

    @property
    def thematic_missing(self) -> int:
        return sum(1 for _quarter, state in self.quarters if state == "missing")


@dataclass
class Group:
    """A grassroots organization and its cells, with totals."""

    organization: Organization
    rows: list[CellRow] = field(default_factory=list)

    def total(self, what: str) -> int:
        if what in ("held", "missing", "exempt"):
            return sum(row.count(what) for row in self.rows)
        return sum(getattr(row, what) for row in self.rows)

    @property
    def attendance_rate(self) -> float | None:
        expected = sum(row.expected for row in self.rows)
        return sum(row.present for row in self.rows) / expected if expected else None

    @property
    def totals(self) -> dict:
        return {
            "cells": len(self.rows),
            "held": self.total("held"),
            "missing": self.total("missing"),
            "exempt": self.total("exempt"),
            "overdue": self.total("overdue"),
            "returned": self.total("returned"),
            "thematic_missing": self.total("thematic_missing"),
            "expected": sum(row.expected for row in self.rows),
            "present": sum(row.present for row in self.rows),
        }


def cells_in(
    scope: Organization,
    start: datetime.date,
    end: datetime.date,
    *,
    within: Collection[int] | None = None,
):
    """Cells under (or equal to) scope that existed at some point of the period; within: the
    ids of what stood under the scope in the period, when it is not today's tree."""
    organizations = (
        Organization.objects.filter(pk__in=within)
        if within is not None
        else Organization.objects.subtree_of(scope)
    )
    return (
        organizations.cells()
        .filter(founded_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
    )


def build_rows(
    cells: list[Organization],
    start: datetime.date,
    end: datetime.date,
    *,
    today: datetime.date | None = None,
) -> list[CellRow]:
    """One row per cell with its months and quarters: three queries whatever the size."""
    today = today or timezone.localdate()
    months = month_starts(start, end)
    period_end = month_end(months[-1])
    ids = [cell.pk for cell in cells]
    meetings = (
        Meeting.objects.filter(
            organization_id__in=ids, held_on__gte=months[0], held_on__lte=period_end
        )
        .values("pk", "organization_id", "period", "kind", "state", "held_on")
        .order_by("held_on")
    )
    regular, thematic = {}, set()
    for meeting in meetings:
        if meeting["kind"] == Meeting.Kind.REGULAR:
            regular[(meeting["organization_id"], meeting["period"])] = meeting
        elif meeting["kind"] == Meeting.Kind.THEMATIC:
            thematic.add((meeting["organization_id"], quarter_of(meeting["period"])))
    exemptions = {
        (row["organization_id"], row["period"]): row["reason"]
        for row in ComplianceExemption.objects.filter(
            organization_id__in=ids, period__gte=months[0], period__lte=months[-1]
        ).values("organization_id", "period", "reason")
    }
    attendance = {
        row["meeting__organization_id"]: row
        for row in Attendance.objects.filter(
            meeting__organization_id__in=ids,
            meeting__held_on__gte=months[0],
            meeting__held_on__lte=min(period_end, today),
        )
        .exclude(standing=Attendance.Standing.EXEMPT)
        .exclude(meeting__state=Meeting.State.DRAFT)
        .values("meeting__organization_id")
        .annotate(expected=Count("pk"), present=Count("pk", filter=Q(presence="present")))
        .order_by()
    }
    due_days = settings.MINUTES_DUE_DAYS
    this_month = today.replace(day=1)
    rows = []
    for cell in cells:
        row = CellRow(organization=cell)
        for month in months:
            key = (cell.pk, month)
            if cell.founded_on > month_end(month) or (cell.ended_on and cell.ended_on <= month):
                row.months.append(MonthCell("not_applicable"))
            elif key in regular:
                meeting = regular[key]
                overdue = meeting["state"] in Meeting.EDITABLE_STATES and (
                    (today - meeting["held_on"]).days > due_days
                )
                row.months.append(MonthCell("held", meeting=meeting, overdue=overdue))
            elif key in exemptions:
                row.months.append(MonthCell("exempt", exemption_reason=exemptions[key]))
            elif month >= this_month:
                row.months.append(MonthCell("pending"))
            else:
                row.months.append(MonthCell("missing"))
        quarters = sorted({quarter_of(month) for month in months})
        for quarter in quarters:
            quarter_end = month_end(datetime.date(quarter[0], quarter[1] * 3, 1))
            if (cell.pk, quarter) in thematic:
                state = "held"
            elif quarter_end >= today:
                state = "pending"
            elif cell.founded_on > quarter_end:
                state = "not_applicable"
            else:
                state = "missing"
            row.quarters.append((quarter, state))
        counts = attendance.get(cell.pk)
        if counts:
            row.expected, row.present = counts["expected"], counts["present"]
        rows.append(row)
    return rows


def group_rows(rows: list[CellRow]) -> list[Group]:
    """Group cell rows under their grassroots organization (a grassroots cell is its own)."""
    groups: dict[int, Group] = {}
    for row in rows:
        cell = row.organization
        head = cell.parent if cell.kind == Organization.Kind.SUBORDINATE_CELL else cell
        groups.setdefault(head.pk, Group(organization=head)).rows.append(row)
    return list(groups.values())


# Figures for reports ---------------------------------------------------------------------


def cells_that_skipped(
    scope: Organization,
    start: datetime.date,
    end: datetime.date,
    *,
    today: datetime.date | None = None,
) -> list[tuple[Organization, list]]:
    """Cells that held no regular meeting (and were not excused) in some month of the period,
    with those months."""
    cells = list(cells_in(scope, start, end).order_by("path"))
    skipped = []
    for row in build_rows(cells, start, end, today=today):
        months = [
            month
            for month, cell in zip(month_starts(start, end), row.months, strict=True)
            if cell.state == "missing"
        ]
        if months:
            skipped.append((row.organization, months))
    return skipped


def attendance_counts(
    scope: Organization,
    start: datetime.date,
    end: datetime.date,
    *,
    within: Collection[int] | None = None,
) -> tuple[int, int]:
    """(present, expected) in submitted minutes of the period, exempt members not counted: the
    report divides them once (reports.figures.share) and rounds only when printing."""
    in_scope = (
        Q(meeting__organization__in=within)
        if within is not None
        else Q(meeting__organization__path__startswith=scope.path)
    )
    counts = (
        Attendance.objects.filter(
            in_scope,
            meeting__held_on__gte=start,
            meeting__held_on__lte=end,
        )
        .exclude(standing=Attendance.Standing.EXEMPT)
        .exclude(meeting__state=Meeting.State.DRAFT)
        .aggregate(expected=Count("pk"), present=Count("pk", filter=Q(presence="present")))
    )
    return counts["present"], counts["expected"]


def overdue_minutes(
    scope: Organization,
    *,
    today: datetime.date | None = None,
    within: Collection[int] | None = None,
):
    """Meetings whose minutes are still not submitted past the deadline. On a past day: those
    not submitted by that day (still open today, or first submitted after it)."""
    today = today or timezone.localdate()
    deadline = today - datetime.timedelta(days=settings.MINUTES_DUE_DAYS)
    meetings = (
        Meeting.objects.filter(organization__in=within)
        if within is not None
        else Meeting.objects.in_subtree(scope)
    )
    submitted_by_then = MinutesVersion.objects.filter(
        meeting=OuterRef("pk"), submitted_at__date__lte=today
    )
    return meetings.filter(held_on__lt=deadline).filter(
        Q(state__in=Meeting.EDITABLE_STATES) | ~Exists(submitted_by_then)
    )
