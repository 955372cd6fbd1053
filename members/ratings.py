"""Rating members and organizations for a year on that year's scale, checking that year's
rules (each broken rule explained in its own words), and approval by the level above, which
locks the ratings."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import DisciplineDecision
from members.models import Member, Rating, RatingLevel, RatingRule, RatingScale


@dataclass
class Entry:
    """One line of a rating grid as the user filled it in."""

    member: Member | None = None
    organization: object = None
    level: RatingLevel | None = None
    points: int | None = None
    not_rated: str = ""
    self_assessment: str = ""


def members_disciplined_in(year: int, members) -> set[int]:
    """Ids of these members with a discipline decision dated in the year."""
    return set(
        DisciplineDecision.objects.filter(member__in=members, decided_on__year=year).values_list(
            "member_id", flat=True
        )
    )


def rule_problems(scale: RatingScale, year: int, entries: list[Entry]) -> list[str]:
    """The messages of the year's rules that these ratings break (empty when they keep them)."""
    problems = []
    rated = [entry for entry in entries if entry.level is not None]
    rules = list(scale.rules.select_related("level"))
    disciplined = None
    for rule in rules:
        if rule.kind == RatingRule.Kind.MAX_SHARE and rated:
            at_level = sum(1 for entry in rated if entry.level.pk == rule.level_id)
            if at_level * 100 > rule.percent * len(rated):
                problems.append(
                    _("%(rule)s (now %(count)s of %(total)s rated.)")
                    % {"rule": rule.message, "count": at_level, "total": len(rated)}
                )
        elif rule.kind == RatingRule.Kind.DISCIPLINED_CAP:
            if disciplined is None:
                disciplined = members_disciplined_in(
                    year, [entry.member for entry in rated if entry.member]
                )
            names = [
                entry.member.full_name
                for entry in rated
                if entry.member
                and entry.member.pk in disciplined
                and entry.level.order < rule.level.order
            ]
            if names:
                problems.append(
                    _("%(rule)s (%(names)s.)") % {"rule": rule.message, "names": ", ".join(names)}
                )
    return problems


@transaction.atomic
def save_ratings(*, year: int, scale: RatingScale, entries: list[Entry], by) -> list[Rating]:
    """Save a grid of draft ratings; refuses the whole grid if a rule is broken or a rating is
    already approved (locked)."""
    for entry in entries:
        if scale.uses_points and entry.points is not None:
            entry.level = scale.level_for_points(entry.points)
    problems = rule_problems(scale, year, entries)
    if problems:
        raise ValidationError(problems)
    saved = []
    for entry in entries:
        if entry.level is None and not entry.not_rated:
            continue
        subject = {"member": entry.member} if entry.member else {"organization": entry.organization}
        rating = Rating.objects.filter(year=year, **subject).first()
        if rating and rating.state == Rating.State.APPROVED:
            raise ValidationError(
                _("The ratings of %(year)s are approved and locked.") % {"year": year}
            )
        rating = rating or Rating(year=year, **subject)
        rating.scale, rating.level, rating.points = scale, entry.level, entry.points
        rating.not_rated = "" if entry.level else entry.not_rated
        rating.self_assessment, rating.rated_by, rating.rated_at = (
            entry.self_assessment,
            by,
            timezone.now(),
        )
        rating.save()
        saved.append(rating)
    return saved


@transaction.atomic
def approve_ratings(ratings, *, by) -> int:
    """Approve (and so lock) draft ratings; checks the year's rules on the whole set first."""
    ratings = list(ratings.select_related("member", "level", "scale"))
    by_scale: dict[int, list[Rating]] = {}
    for rating in ratings:
        by_scale.setdefault(rating.scale_id, []).append(rating)
    for group in by_scale.values():
        scale = group[0].scale
        entries = [
            Entry(member=r.member, organization=r.organization, level=r.level) for r in group
        ]
        problems = rule_problems(scale, group[0].year, entries)
        if problems:
            raise ValidationError(problems)
    pending = [r.pk for r in ratings if r.state == Rating.State.DRAFT]
    return Rating.objects.filter(pk__in=pending).update(
        state=Rating.State.APPROVED, approved_by=by, approved_at=timezone.now()
    )


def unrated_members(cell, year: int):
    """Active members of a cell at the end of the year with no rating and no reason recorded."""
    year_end = datetime.date(year, 12, 31)
    rated = Rating.objects.filter(year=year, member__isnull=False).values("member_id")
    return (
        Member.objects.active()
        .filter(organization=cell, admitted_on__lte=year_end)
        .exclude(pk__in=rated)
        .order_by("sort_key")
    )
