"""The leaders' dashboard's data: the current period's key figures against last year's and the
targets, and the data of charts drawn in the browser, computed in a fixed number of queries
whatever the size of the bloc (the page is views.dashboard)."""

import datetime
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from inspections import counts as inspection_counts
from members.models import (
    ACTIVE_STATUSES,
    Member,
    MemberPlacement,
    MemberStatusChange,
    Status,
    placed_on_q,
)
from organizations import access
from organizations.models import Organization
from partybloc.types import Viewer
from reports.figures import Figure, Figures, Period, compute_figures, ratings_by_level
from reports.snapshot import reads as snapshot
from reports.snapshot.marks import register_version

# The key figures shown as cards, in order, with their labels in the portal's language.
KEY_FIGURES = [
    ("members_active", _("Party members")),
    ("members_probationary", _("Probationary members")),
    ("members_admitted", _("Members admitted")),
    ("admissions_target_share", _("Admissions against the year's target")),
    ("youth_share", _("Youth union members among those admitted")),
    ("members_recognized", _("Recognized as official")),
    ("members_rated_well_share", _("Members rated well or better")),
    ("organizations_rated_well_share", _("Grassroots organizations rated well or better")),
    ("target_groups_met", _("Target groups met")),
    ("cells_skipped", _("Cells that skipped a monthly meeting")),
    ("attendance_rate", _("Meeting attendance")),
    ("minutes_overdue", _("Minutes overdue")),
    ("grassroots_inspected", _("Grassroots organizations inspected")),
    ("remediation_overdue", _("Remediation items overdue")),
]


def dashboard_scopes(user: Viewer) -> QuerySet[Organization]:
    """The organizations whose dashboard a user may open (see access.dashboard_scope_q)."""
    return (
        Organization.objects.visible_to(user)
        .active()
        .filter(access.dashboard_scope_q(user))
        .order_by("depth", "sort_key")
    )


def current_period(today: datetime.date) -> Period:
    """The first half while it runs, then the whole year."""
    return Period(today.year, 1) if today.month <= 6 else Period(today.year)


def _month_ends(today: datetime.date, count: int = 12) -> list[datetime.date]:
    ends, month = [], today.replace(day=1)
    for _index in range(count):
        ends.append(month - datetime.timedelta(days=1))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(ends))


def members_by_status_on(days: list[datetime.date], scope: Organization) -> dict:
    """Active members by status on each day, as `Member.objects.as_of(day)` counts them (the
    latest status change on or before the day; a placement of that day, in the scope), from
    two plain queries walked once, instead of a correlated subquery per member and day. Which
    placement is a day's is placed_on_q's to say, asked in the query for every day."""
    days = sorted(days)
    flags = {f"on_{index}": placed_on_q(day) for index, day in enumerate(days)}
    rows = MemberPlacement.objects.filter(reduce(or_, flags.values())).annotate(
        **{name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in flags.items()}
    )
    if scope.parent_id is not None:
        rows = rows.filter(organization__path__startswith=scope.path)
    placed: dict[int, set[datetime.date]] = {}
    for member_id, *on_days in rows.values_list("member_id", *flags).order_by():
        placed.setdefault(member_id, set()).update(
            day for day, on in zip(days, on_days, strict=True) if on
        )
    counts = {day: dict.fromkeys(ACTIVE_STATUSES, 0) for day in days}
    changes = MemberStatusChange.objects.filter(effective_on__lte=days[-1])
    if scope.parent_id is not None:
        changes = changes.filter(member_id__in=placed.keys())
    history: dict[int, list[tuple]] = {}
    for member_id, effective, status in changes.order_by("effective_on", "pk").values_list(
        "member_id", "effective_on", "status"
    ):
        history.setdefault(member_id, []).append((effective, status))
    for member_id, member_changes in history.items():
        placed_days = placed.get(member_id)
        if not placed_days:
            continue
        index, status = 0, None
        for day in days:
            while index < len(member_changes) and member_changes[index][0] <= day:
                status = member_changes[index][1]
                index += 1
            if status in ACTIVE_STATUSES and day in placed_days:
                counts[day][status] += 1
    return counts


def _members_over_time(scope: Organization, today: datetime.date) -> dict:
    """Members by status at each of the last twelve month-ends."""
    months = _month_ends(today)
    # The month-end figures (reports.snapshot) of the organizations under the scope today,
    # as members_by_status_on counts them from the register.
    counts = snapshot.members_by_status_under(
        scope.path if scope.parent_id is not None else None, months
    )
    return {
        "labels": [day.strftime("%m/%Y") for day in months],
        "datasets": [
            {"label": str(Status(status).label), "data": [counts[day][status] for day in months]}
            for status in ACTIVE_STATUSES
        ],
    }


def _admissions_by_month(scope: Organization, year: int, target) -> dict:
    rows = dict(
        Member.objects.filter(organization__path__startswith=scope.path, admitted_on__year=year)
        .annotate(month=ExtractMonth("admitted_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    running, cumulative = 0, []
    for month in range(1, 13):
        running += rows.get(month, 0)
        cumulative.append(running)
    return {
        "labels": [f"{month:02d}/{year}" for month in range(1, 13)],
        "admitted": cumulative,
        "target": target,
    }


# The same scope and period within a few minutes reuse the counts, until the register changes.
# Only the view's access checks decide who reaches a scope, so the cache is keyed by scope and
# period alone. The entry holds numbers only (the figures' values, the charts' data), never
# model objects: it is small to store and quick to read back, and with CACHE_URL naming a Redis
# every web worker and host shares it.
CACHE_SECONDS = 300


def dashboard_data(
    scope: Organization, period: Period, today: datetime.date
) -> tuple[dict[str, Figure], dict, int]:
    """The figures by key, the charts' data and the last year rated, for a scope and period."""
    key = f"reports:dashboard:{scope.pk}:{period.code}:{today.isoformat()}"
    # Counted before the last change of the register that the figures count: counted again,
    # so a change shows at once (the month-end figures make that cheap).
    version = register_version()
    entry = cache.get(key)
    if entry is None or entry["version"] != version:
        figures, charts, last_rated_year = _compute_data(scope, period, today)
        entry = {"version": version, "data": (dict(figures.items), charts, last_rated_year)}
        cache.set(key, entry, CACHE_SECONDS)
    return entry["data"]


def _compute_data(
    scope: Organization, period: Period, today: datetime.date
) -> tuple[Figures, dict, int]:
    figures = compute_figures(scope, period)
    target = figures["admissions_target"].value if "admissions_target" in figures else None
    # The year's ratings are made in December: until then show the last year rated.
    last_rated_year = period.year if period.is_annual else period.year - 1
    member_ratings, organization_ratings = ratings_by_level(scope, last_rated_year)
    if not member_ratings and period.is_annual:
        last_rated_year -= 1
        member_ratings, organization_ratings = ratings_by_level(scope, last_rated_year)
    remediation = inspection_counts.remediation(
        scope, start=period.start, end=min(period.end, today), on=today
    )
    charts = {
        "members": _members_over_time(scope, today),
        "admissions": _admissions_by_month(scope, period.year, target),
        "member_ratings": {
            "year": last_rated_year,
            "labels": [row["label"] for row in member_ratings],
            "data": [row["count"] for row in member_ratings],
        },
        "organization_ratings": {
            "labels": [row["label"] for row in organization_ratings],
            "data": [row["count"] for row in organization_ratings],
        },
        "meetings": figures.meetings_by_month,
        "remediation": {
            "data": [
                remediation["done"],
                remediation["carried_over"],
                remediation["open"],
                remediation["overdue"],
            ],
        },
    }
    return figures, charts, last_rated_year
