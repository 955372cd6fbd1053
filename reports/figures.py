"""The figures of a semi-annual or annual report, computed from the register with SQL
aggregates for a scope (an organization and everything under it) as of the period's end,
each beside the same figure for the same period a year earlier and with a link to the
records behind it."""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from inspections import counts as inspection_counts
from meetings import compliance
from members.dues.book import dues_report
from members.dues.models import month_start
from members.models import (
    MemberPlacement,
    Status,
)
from members.year.models import Rating, Target
from members.year.targets import computed_actual, tally, year_results
from organizations.models import Organization
from organizations.services import organizations_as_of
from partybloc.numbers import format_number, format_percent, share
from reports.snapshot import reads as snapshot
from reports.snapshot.services import month_ends_between

Kind = Organization.Kind


@dataclass(frozen=True)
class Period:
    """A first half (January–June) or a whole year."""

    year: int
    half: int | None = None  # 1 for the first half; None for the whole year

    @classmethod
    def parse(cls, text: str) -> "Period":
        """'2025H1' or '2025'."""
        match = re.fullmatch(r"\s*(\d{4})\s*(?:[Hh]([1]))?\s*", text or "")
        if not match:
            raise ValueError(f"Not a report period: {text!r} (expected 2025H1 or 2025)")
        return cls(int(match.group(1)), int(match.group(2)) if match.group(2) else None)

    @property
    def is_annual(self) -> bool:
        return self.half is None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.half else datetime.date(self.year, 12, 31)

    @property
    def code(self) -> str:
        return f"{self.year}H1" if self.half else str(self.year)

    @property
    def label(self) -> str:
        # The party report's own wording (sơ kết 6 tháng đầu năm / tổng kết năm): fixed
        # Vietnamese like the rest of the document's boilerplate.
        return f"6 tháng đầu năm {self.year}" if self.half else f"năm {self.year}"

    def previous(self) -> "Period":
        """The same period a year earlier."""
        return Period(self.year - 1, self.half)

    def __str__(self) -> str:
        return self.code


@dataclass
class Figure:
    key: str
    value: object = None
    previous: object = None
    link: str = ""
    percent: bool = False
    applicable: bool = True
    total: int | None = None  # shown as "value/total" (target groups met: 8/8)
    previous_total: int | None = None

    def _format(self, value, total) -> str:
        if not self.applicable:
            return "—"
        if total is not None:
            return f"{format_number(value)}/{format_number(total)}"
        return format_percent(value) if self.percent else format_number(value)

    @property
    def formatted(self) -> str:
        return self._format(self.value, self.total)

    @property
    def previous_formatted(self) -> str:
        return self._format(self.previous, self.previous_total)

    @property
    def change(self):
        """Value minus the previous value (None when either is missing)."""
        if not self.applicable or self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class Figures:
    scope: Organization
    period: Period
    items: dict[str, Figure] = field(default_factory=dict)
    # Breakdowns for tables and charts: lists of dicts with label, count, previous.
    member_ratings: list[dict] = field(default_factory=list)
    organization_ratings: list[dict] = field(default_factory=list)
    targets: list = field(default_factory=list)
    skipped_cells: list = field(default_factory=list)
    # Cells per month by state of their regular meeting: held, exempt, missing, pending.
    meetings_by_month: dict = field(default_factory=dict)

    def __getitem__(self, key: str) -> Figure:
        return self.items[key]

    def __contains__(self, key: str) -> bool:
        return key in self.items

    @property
    def as_of(self) -> datetime.date:
        return self.period.end

    def values(self) -> dict[str, str]:
        """Each figure formatted, by key (what placeholders are replaced with)."""
        return {key: figure.formatted for key, figure in self.items.items()}


# Scope as it stood on a date ----------------------------------------------------------------


def _is_whole_bloc(scope: Organization) -> bool:
    return scope.parent_id is None


def scope_tree(scope: Organization, on: datetime.date) -> dict[int, tuple[int | None, str]]:
    """What stood under the scope on a date, itself included, by id: (parent id, kind) (empty
    if it did not exist then)."""
    return organizations_as_of(on, within=scope)


# The parts ------------------------------------------------------------------------------------


def _organizations(tree: dict[int, tuple[int | None, str]], scope) -> dict[str, int]:
    kinds = {kind: 0 for kind in Kind.values}
    for pk, (_parent, kind) in tree.items():
        if pk != scope.pk or scope.kind != Kind.BLOC:
            kinds[kind] += 1
    return {
        "organizations_grassroots": kinds[Kind.COMMITTEE] + kinds[Kind.GRASSROOTS_CELL],
        "organizations_committees": kinds[Kind.COMMITTEE],
        "organizations_subordinate_cells": kinds[Kind.SUBORDINATE_CELL],
        "organizations_grassroots_cells": kinds[Kind.GRASSROOTS_CELL],
        "organizations_cells": kinds[Kind.SUBORDINATE_CELL] + kinds[Kind.GRASSROOTS_CELL],
    }


def _members(period: Period, end_ids: set[int] | None, period_ids: set[int] | None) -> dict:
    start, end = period.start, period.end
    # Read from the month-end figures (reports.snapshot): members by status on the period's
    # last day in what stood under the scope then; the events of its months in what stood
    # under it at some point of the period, each counted in the cell the member was in on its
    # day, including the day they left that cell (a transfer out, a death).
    by_status = snapshot.members_by_status(end, organization_ids=end_ids)
    result = {
        "members_active": sum(by_status.values()),
        "members_official": by_status["official"],
        "members_probationary": by_status["probationary"],
        "members_exempt": by_status["exempt"],
    }
    events = snapshot.events_between(month_ends_between(start, end), organization_ids=period_ids)
    result["members_admitted"] = events["admitted"]
    result["members_admitted_youth"] = events["admitted_youth"]
    result["youth_share"] = share(events["admitted_youth"], events["admitted"])
    # A recognition is the change to official on the member's official date, after the
    # probationary row of admission: not a return from exemption or from a transfer out.
    for name in ("recognized", "transferred_out", "struck_off", "expelled", "deceased", "left"):
        result[f"members_{name}"] = events[name]

    moves = MemberPlacement.objects.filter(
        started_on__gte=start,
        started_on__lte=end,
        reason__in=(MemberPlacement.Reason.TRANSFER_IN, MemberPlacement.Reason.TRANSFER),
    )
    if period_ids is None:
        result["members_transferred_in"] = moves.filter(
            reason=MemberPlacement.Reason.TRANSFER_IN
        ).count()
    else:
        # For one organization a move between cells of the bloc is a transfer in or out
        # when it crosses the organization's edge: a move into it, or out of one of its cells
        # (a placement there ending the day the move begins).
        left_inside = MemberPlacement.objects.filter(
            organization__in=period_ids, ended_on__gte=start, ended_on__lte=end
        ).values("member_id")
        moves = moves.filter(Q(organization__in=period_ids) | Q(member_id__in=left_inside))
        came_from = (
            MemberPlacement.objects.filter(
                member=OuterRef("member"), ended_on=OuterRef("started_on")
            )
            .exclude(pk=OuterRef("pk"))
            .order_by("-started_on")
            .values("organization")[:1]
        )
        inside, from_inside = Q(organization__in=period_ids), Q(came_from_id__in=period_ids)
        counts = moves.annotate(came_from_id=Subquery(came_from)).aggregate(
            transfer_in=Count(
                "pk",
                filter=inside & (Q(reason=MemberPlacement.Reason.TRANSFER_IN) | ~from_inside),
            ),
            moved_out=Count(
                "pk", filter=~inside & from_inside & Q(reason=MemberPlacement.Reason.TRANSFER)
            ),
        )
        result["members_transferred_in"] = counts["transfer_in"]
        result["members_transferred_out"] += counts["moved_out"]
    return result


def _ratings(period: Period, scope, end_ids: set[int] | None) -> tuple[dict, list, list]:
    # As the year's end saw them: approved by that day (one approved later is not counted).
    ratings = Rating.objects.approved_by(period.end).filter(year=period.year, level__isnull=False)
    members = ratings.filter(member__isnull=False)
    organizations = ratings.filter(
        organization__isnull=False, organization__kind__in=Organization.GRASSROOTS_KINDS
    )
    if end_ids is not None:
        # The members placed under the scope on the year's last day (Member.objects.as_of's
        # cell of the day), read from the placements of its organizations only.
        in_scope = MemberPlacement.objects.on(period.end).filter(organization_id__in=end_ids)
        members = members.filter(member__in=in_scope.values("member_id"))
        organizations = organizations.filter(organization__in=end_ids)

    def by_level(queryset):
        return list(
            queryset.values("level__order", "level__label", "level__counts_as_good")
            .annotate(count=Count("pk"))
            .order_by("level__order")
        )

    member_levels, organization_levels = by_level(members), by_level(organizations)
    rated = sum(row["count"] for row in member_levels)
    good = sum(row["count"] for row in member_levels if row["level__counts_as_good"])
    best = sum(row["count"] for row in member_levels if row["level__order"] == 1)
    organizations_rated = sum(row["count"] for row in organization_levels)
    organizations_good = sum(
        row["count"] for row in organization_levels if row["level__counts_as_good"]
    )
    values = {
        "members_rated": rated,
        "members_rated_well_share": share(good, rated),
        "members_rated_excellent": best,
        "members_rated_excellent_share": share(best, rated),
        "organizations_rated": organizations_rated,
        "organizations_rated_well": organizations_good,
        "organizations_rated_well_share": share(organizations_good, organizations_rated),
    }
    member_rows = [
        {"label": row["level__label"], "count": row["count"], "share": share(row["count"], rated)}
        for row in member_levels
    ]
    organization_rows = [
        {
            "label": row["level__label"],
            "count": row["count"],
            "share": share(row["count"], organizations_rated),
        }
        for row in organization_levels
    ]
    return values, member_rows, organization_rows


def _meetings(
    period: Period, scope: Organization, within: set[int] | None
) -> tuple[dict, list, dict]:
    """Read from the month-end figures (reports.snapshot): the cells' regular meetings by
    month as the compliance grid says them, meetings by kind and the roll of submitted
    minutes; only the minutes overdue, which depend on the day, are counted here."""
    start, end = period.start, period.end
    today = timezone.localdate()
    months = compliance.month_starts(start, end)
    cells = compliance.cells_in(scope, start, end, within=within)
    watched = snapshot.meeting_compliance(cells, months, today=today)
    # Read only where they are listed (a report's appendix), not for a count.
    skipped = Organization.objects.filter(pk__in=watched.skipped).order_by("path")
    by_month = dict(watched.by_month)
    by_month["labels"] = [month.strftime("%m/%Y") for month in months]
    quarters = {
        f"thematic_meetings_q{quarter}": month_ends_between(
            datetime.date(period.year, quarter * 3 - 2, 1),
            datetime.date(period.year, quarter * 3, 1),
        )
        for quarter in ((1, 2) if period.half else (1, 2, 3, 4))
    }
    totals = snapshot.meeting_totals(
        month_ends_between(start, end),
        organization_ids=within,
        under_path=scope.path if within is None else None,
        quarters=quarters,
    )
    counts = {
        "regular_meetings": totals["regular_meetings"],
        "thematic_meetings": totals["thematic_meetings"],
        **{name: totals[name] for name in quarters},
    }
    counts.update(
        cells_watched=watched.cells,
        cells_skipped=len(watched.skipped),
        thematic_quarters_missing=watched.thematic_quarters_missing,
        minutes_overdue=compliance.overdue_minutes(
            scope, today=min(today, end), within=within
        ).count(),
        attendance_rate=share(totals["attendance_present"], totals["attendance_expected"]),
    )
    return counts, skipped, by_month


def _inspections(period: Period, scope: Organization, within: set[int] | None) -> dict:
    dates = {"start": period.start, "end": period.end, "within": within}
    letters = inspection_counts.complaints(scope, **dates)
    discipline = inspection_counts.discipline_by_form(scope, **dates)
    remediation = inspection_counts.remediation(scope, **dates, on=period.end)
    return {
        "grassroots_inspected": inspection_counts.grassroots_inspected(scope, **dates),
        "organizations_supervised": sum(inspection_counts.supervised(scope, **dates).values()),
        "finance_inspected": inspection_counts.finance_inspected(scope, **dates),
        "letters_received": sum(row["received"] for row in letters.values()),
        "letters_resolved": sum(row["resolved"] for row in letters.values()),
        "denunciations_about_members_resolved": letters.get(("denunciation", "member"), {}).get(
            "resolved", 0
        ),
        "members_disciplined": sum(
            count for (subject, _form), count in discipline.items() if subject != "organization"
        ),
        "organizations_disciplined": sum(
            count for (subject, _form), count in discipline.items() if subject == "organization"
        ),
        "remediation_done": remediation["done"],
        "remediation_open": remediation["open"],
        "remediation_overdue": remediation["overdue"],
    }


def _dues(period: Period, scope: Organization) -> dict:
    """Party dues over the period: collected in the scope, kept at the grassroots level (the
    cells' share included), due to the bloc, remitted as recorded, and the members owing dues
    at the period's end (every ended month not fully paid, as the ledger has it)."""
    as_of = min(period.end, timezone.localdate())
    report = dues_report(scope, period.start, month_start(period.end), as_of=as_of)
    total = report.total
    return {
        "dues_collected": total.collected,
        "dues_kept": total.kept_by_grassroots or total.kept_by_cells,
        "dues_to_bloc": total.to_remit,
        # The bloc counts what its grassroots organizations remitted to it; a grassroots
        # organization what it remitted to the bloc.
        "dues_remitted": total.remitted if _is_whole_bloc(scope) else report.remitted_up,
        "dues_arrears_members": total.arrears_members,
        "dues_arrears_amount": total.arrears_amount,
    }


def _targets(period: Period, scope: Organization) -> tuple[dict, list]:
    if not _is_whole_bloc(scope):  # the year's targets are the bloc's
        return {}, []
    as_of = period.end
    targets = {
        target.measure: target
        for target in Target.objects.filter(
            group__year=period.year,
            measure__in=(Target.Measure.MEMBERS_ADMITTED, Target.Measure.YOUTH_SHARE),
        )
    }
    values = {}
    admitted = targets.get(Target.Measure.MEMBERS_ADMITTED)
    if admitted:
        actual = computed_actual(
            Target.Measure.MEMBERS_ADMITTED, year=period.year, scope=scope, as_of=as_of
        )
        values["admissions_target"] = int(admitted.target_value)
        values["admissions_target_share"] = share(actual, admitted.target_value)
    youth = targets.get(Target.Measure.YOUTH_SHARE)
    if youth:
        values["youth_share_target"] = youth.target_value
    groups = year_results(period.year, scope=scope, as_of=as_of) if period.is_annual else []
    return values, groups


# Links to the records behind the figures ------------------------------------------------------


def _links(scope: Organization, period: Period) -> dict[str, str]:
    def url(name, args=(), **query):
        query = {key: value for key, value in query.items() if value not in (None, "")}
        return reverse(name, args=args) + ("?" + urlencode(query) if query else "")

    organization = scope.pk if scope.kind != Kind.BLOC else None
    start, end = period.start.strftime("%d/%m/%Y"), period.end.strftime("%d/%m/%Y")

    def member_list(status):
        return url("members:list", status=status, organization=organization)

    compliance_url = url(
        "meetings:compliance",
        organization=scope.pk,
        start=period.start.strftime("%Y-%m"),
        end=period.end.strftime("%Y-%m"),
    )
    tree = url("organizations:tree", on=end)
    links = {
        "members_active": member_list("active"),
        "members_official": member_list(Status.OFFICIAL),
        "members_probationary": member_list(Status.PROBATIONARY),
        "members_exempt": member_list(Status.EXEMPT),
        "members_transferred_out": member_list(Status.TRANSFERRED_OUT),
        "members_struck_off": member_list(Status.STRUCK_OFF),
        "members_expelled": member_list(Status.EXPELLED),
        "members_deceased": member_list(Status.DECEASED),
        "members_left": member_list(Status.LEFT),
        "members_admitted": url(
            "members:list",
            status="",
            organization=organization,
            admitted_from=start,
            admitted_to=end,
        ),
        "cells_skipped": compliance_url,
        "regular_meetings": compliance_url,
        "thematic_meetings": compliance_url,
        "thematic_quarters_missing": compliance_url,
        "attendance_rate": compliance_url,
        "minutes_overdue": url("meetings:list", organization=scope.pk),
        "grassroots_inspected": url("inspections:list"),
        "organizations_supervised": url("inspections:list"),
        "finance_inspected": url("inspections:list"),
        "remediation_open": url("inspections:list"),
        "remediation_overdue": url("inspections:list"),
        "remediation_done": url("inspections:list"),
        "letters_received": url("inspections:complaint_list"),
        "letters_resolved": url("inspections:complaint_list"),
        "denunciations_about_members_resolved": url("inspections:complaint_list"),
        "members_disciplined": url("inspections:discipline_list"),
        "organizations_disciplined": url("inspections:discipline_list"),
        "target_groups_met": url("year:targets", year=period.year),
        **dict.fromkeys(
            (
                "dues_collected",
                "dues_kept",
                "dues_to_bloc",
                "dues_remitted",
                "dues_arrears_members",
                "dues_arrears_amount",
            ),
            url("dues:report", args=[scope.pk], period=period.code),
        ),
        "admissions_target_share": url("year:targets", year=period.year),
    }
    for key in (
        "organizations_grassroots",
        "organizations_committees",
        "organizations_subordinate_cells",
        "organizations_grassroots_cells",
        "organizations_cells",
    ):
        links[key] = tree
    return links


# The whole set --------------------------------------------------------------------------------

PERCENT_KEYS = {
    "youth_share",
    "youth_share_target",
    "admissions_target_share",
    "members_rated_well_share",
    "members_rated_excellent_share",
    "organizations_rated_well_share",
    "attendance_rate",
}
ANNUAL_ONLY_PREFIXES = ("members_rated", "organizations_rated", "target_groups")


def _compute(scope: Organization, period: Period) -> tuple[dict, dict]:
    """Every figure's value for one period, and the breakdowns."""
    end_tree = scope_tree(scope, period.end)
    if _is_whole_bloc(scope):
        end_ids = period_ids = None
    else:
        end_ids = set(end_tree)
        period_ids = end_ids | set(scope_tree(scope, period.start))
    values = _organizations(end_tree, scope)
    values.update(_members(period, end_ids, period_ids))
    extra: dict = {"member_ratings": [], "organization_ratings": [], "targets": []}
    if period.is_annual:
        rating_values, extra["member_ratings"], extra["organization_ratings"] = _ratings(
            period, scope, end_ids
        )
        values.update(rating_values)
    meeting_values, extra["skipped_cells"], extra["meetings_by_month"] = _meetings(
        period, scope, period_ids
    )
    values.update(meeting_values)
    values.update(_inspections(period, scope, period_ids))
    values.update(_dues(period, scope))
    target_values, groups = _targets(period, scope)
    values.update(target_values)
    if groups:
        # Groups with no figure yet are neither met nor missed: out of the count.
        counted = tally(groups)
        values["target_groups_met"] = counted.met
        values["target_groups_total"] = counted.with_data
    extra["targets"] = groups
    return values, extra


def compute_figures(scope: Organization, period: Period) -> Figures:
    """All the report's figures for a scope and period, each with last year's same period."""
    current, extra = _compute(scope, period)
    previous, previous_extra = _compute(scope, period.previous())
    links = _links(scope, period)
    figures = Figures(scope=scope, period=period)
    keys = list(current) + [key for key in previous if key not in current]
    for key in keys:
        if key == "target_groups_total":
            continue
        figure = Figure(
            key=key,
            value=current.get(key),
            previous=previous.get(key),
            link=links.get(key, ""),
            percent=key in PERCENT_KEYS,
            applicable=period.is_annual or not key.startswith(ANNUAL_ONLY_PREFIXES),
        )
        if key == "target_groups_met":
            figure.total = current.get("target_groups_total")
            figure.previous_total = previous.get("target_groups_total")
        figures.items[key] = figure
    if not period.is_annual:
        for key in ("members_rated_well_share", "organizations_rated_well_share"):
            figures.items[key] = Figure(key=key, percent=True, applicable=False)
    for level in previous_extra["member_ratings"]:
        match = next(
            (row for row in extra["member_ratings"] if row["label"] == level["label"]), None
        )
        if match is not None:
            match["previous"] = level["count"]
    figures.member_ratings = extra["member_ratings"]
    figures.organization_ratings = extra["organization_ratings"]
    figures.targets = extra["targets"]
    figures.skipped_cells = extra["skipped_cells"]
    figures.meetings_by_month = extra["meetings_by_month"]
    return figures


def ratings_by_level(scope: Organization, year: int) -> tuple[list[dict], list[dict]]:
    """The year's member and organization ratings by level: (member rows, organization rows)."""
    period = Period(year)
    end_ids = None if _is_whole_bloc(scope) else set(scope_tree(scope, period.end))
    _values, member_rows, organization_rows = _ratings(period, scope, end_ids)
    return member_rows, organization_rows
