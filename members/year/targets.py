"""The year's targets against what the register says (as of a date), or what staff entered."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from inspections import counts as inspections
from members.models import Member
from members.year.models import Rating, Target, TargetGroup
from organizations.models import Organization


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def computed_actual(
    measure: str, *, year: int, scope: Organization, as_of: datetime.date
) -> Decimal | None:
    """The actual figure of a computed measure for a scope (its subtree) and year."""
    start = datetime.date(year, 1, 1)
    end = min(as_of, datetime.date(year, 12, 31))
    if measure in (Target.Measure.MEMBERS_ADMITTED, Target.Measure.YOUTH_SHARE):
        admitted = Member.objects.filter(
            organization__path__startswith=scope.path, admitted_on__gte=start, admitted_on__lte=end
        ).aggregate(total=Count("pk"), youth=Count("pk", filter=Q(youth_union_member=True)))
        if measure == Target.Measure.MEMBERS_ADMITTED:
            return Decimal(admitted["total"])
        return _share(admitted["youth"], admitted["total"])
    if measure == Target.Measure.MEMBERS_RATED_WELL:
        counts = Rating.objects.filter(
            year=year, member__organization__path__startswith=scope.path, level__isnull=False
        ).aggregate(total=Count("pk"), good=Count("pk", filter=Q(level__counts_as_good=True)))
        return _share(counts["good"], counts["total"])
    if measure == Target.Measure.ORGANIZATIONS_RATED_WELL:
        counts = Rating.objects.filter(
            year=year,
            organization__path__startswith=scope.path,
            level__isnull=False,
            organization__kind__in=Organization.GRASSROOTS_KINDS,
        ).aggregate(total=Count("pk"), good=Count("pk", filter=Q(level__counts_as_good=True)))
        return _share(counts["good"], counts["total"])
    if measure == Target.Measure.GRASSROOTS_INSPECTED:
        return Decimal(inspections.grassroots_inspected(scope, start=start, end=end))
    return None


@dataclass
class TargetResult:
    target: Target
    actual: Decimal | None
    computed: bool

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.actual >= self.target.target_value

    @property
    def from_inspections(self) -> bool:
        return self.target.measure == Target.Measure.GRASSROOTS_INSPECTED


@dataclass
class GroupResult:
    group: TargetGroup
    results: list[TargetResult]

    @property
    def met(self) -> bool | None:
        """Missed when a target with a figure is missed; None (no data yet) when, short of
        that, a target has no figure: a group without data is neither met nor missed."""
        states = [result.met for result in self.results]
        if False in states:
            return False
        if not states or None in states:
            return None
        return True


@dataclass
class Tally:
    """How many groups are met, among those with data, and how many have no data yet."""

    met: int
    with_data: int
    without_data: int


def tally(groups: list[GroupResult]) -> Tally:
    with_data = [group for group in groups if group.met is not None]
    return Tally(
        met=sum(1 for group in with_data if group.met),
        with_data=len(with_data),
        without_data=len(groups) - len(with_data),
    )


def year_results(year: int, *, scope: Organization, as_of: datetime.date) -> list[GroupResult]:
    groups = TargetGroup.objects.filter(year=year).prefetch_related("targets").order_by("order")
    cache: dict[str, Decimal | None] = {}
    results = []
    for group in groups:
        rows = []
        for target in group.targets.all():
            if target.measure == Target.Measure.ENTERED:
                rows.append(TargetResult(target, target.entered_value, computed=False))
                continue
            if target.measure not in cache:
                cache[target.measure] = computed_actual(
                    target.measure, year=year, scope=scope, as_of=as_of
                )
            rows.append(TargetResult(target, cache[target.measure], computed=True))
        results.append(GroupResult(group, rows))
    return results
