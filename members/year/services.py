"""Operations of the members' year that write rows, each in one transaction: a candidate added
with the awareness course, a step recorded with the helper or the introducers it names,
admission (a probationary member through the register's history), ratings saved under the
year's rules, then submitted by the rater, returned with a comment or approved by the level
above. A refusal is a ValidationError the form shows, and leaves nothing
written."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import DisciplineDecision
from members.models import Member
from members.services import register_member
from members.year.models import (
    AdmissionStep,
    Candidate,
    CandidateStep,
    Rating,
    RatingEvent,
    RatingLevel,
    RatingRule,
    RatingScale,
    RatingSheet,
    age_on,
)
from organizations.models import Organization
from partybloc.types import User
from reports.snapshot.marks import register_changed

Code = AdmissionStep.Code


# Admissions ----------------------------------------------------------------------------------


@transaction.atomic
def add_candidate(candidate: Candidate, *, course_on: datetime.date, by: User) -> Candidate:
    """Save a new candidate with the awareness course as the first step. Refused as a whole: a
    course date the procedure does not accept leaves no candidate behind."""
    candidate.save()
    try:
        record_step(candidate, step_code=Code.COURSE, done_on=course_on, by=by)
    except ValidationError as error:
        raise ValidationError({"course_on": error.messages}) from error
    return candidate


@transaction.atomic
def record_step(
    candidate: Candidate,
    *,
    step_code: str,
    done_on: datetime.date,
    by: User,
    document_number: str = "",
    document: File | None = None,
    note: str = "",
    helper: Member | None = None,
    introducers: Sequence[Member] = (),
) -> CandidateStep:
    """Record the next step, in order and within the intervals of the candidate's rule, with the
    member assigned to help or the introducers the step names. Everything is checked before
    anything is written: a refused step leaves the candidate as it was."""
    if candidate.state != Candidate.State.IN_PROGRESS:
        raise ValidationError(_("This candidate is no longer in progress."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    expected = candidate.next_step()
    if expected is None or expected.code != step_code:
        raise ValidationError(
            _("The next step for this candidate is: %(step)s.")
            % {"step": expected.get_code_display() if expected else "—"}
        )
    previous = candidate.steps_done.order_by("-done_on", "-pk").first()
    if previous:
        gap = (done_on - previous.done_on).days
        if gap < 0:
            raise ValidationError({"done_on": _("A step cannot come before the previous one.")})
        if expected.min_days_after_previous and gap < expected.min_days_after_previous:
            raise ValidationError(
                {
                    "done_on": _(
                        "This step may come at the earliest %(days)s days after the previous one "
                        "(%(date)s)."
                    )
                    % {
                        "days": expected.min_days_after_previous,
                        "date": (
                            previous.done_on
                            + datetime.timedelta(days=expected.min_days_after_previous)
                        ).strftime("%d/%m/%Y"),
                    }
                }
            )
    if expected.code == Code.CELL_RESOLUTION:
        rule = candidate.rule()
        age = age_on(candidate.date_of_birth, done_on)
        if not rule.min_age <= age <= rule.max_age:
            raise ValidationError(
                _(
                    "When the cell considers an applicant they must be %(low)s to %(high)s years "
                    "old; this applicant is %(age)s."
                )
                % {"low": rule.min_age, "high": rule.max_age, "age": age}
            )
    needs_introducers = expected.code == Code.APPLICATION and not candidate.youth_union_member
    introducer_count = len(introducers) if introducers else candidate.introducers.count()
    if needs_introducers and introducer_count < 2:
        raise ValidationError(
            _(
                "An application needs two introducing members (or the youth union's "
                "introduction for a youth union member)."
            )
        )
    if helper is not None:
        candidate.helper = helper
        candidate.save(update_fields=["helper"])
    if introducers:
        candidate.introducers.set(introducers)
    step = CandidateStep(
        candidate=candidate,
        step=expected,
        done_on=done_on,
        recorded_by=by,
        document_number=document_number,
        note=note,
    )
    if document:
        step.document.save(document.name, document, save=False)
    step.save()
    return step


@transaction.atomic
def admit_candidate(candidate: Candidate, *, by: User) -> Member:
    """After the admission decision: the candidate becomes a probationary member of the cell,
    recognition falling due 12 months after the decision."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    decision = candidate.steps_done.filter(step__code=Code.DECISION).first()
    if decision is None:
        raise ValidationError(_("Record the admission decision first."))
    if candidate.member_id:
        return candidate.member
    member = Member(
        full_name=candidate.full_name,
        gender=candidate.gender,
        date_of_birth=candidate.date_of_birth,
        national_id=candidate.national_id,
        admitted_on=decision.done_on,
        organization=candidate.organization,
        job=candidate.job,
        youth_union_member=candidate.youth_union_member,
    )
    member.full_clean()
    member = register_member(member, by=by)
    candidate.member, candidate.state = member, Candidate.State.ADMITTED
    candidate.save(update_fields=["member", "state"])
    return member


# Ratings -------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One line of a rating grid as the user filled it in."""

    member: Member | None = None
    organization: Organization | None = None
    level: RatingLevel | None = None
    points: int | None = None
    not_rated: str = ""
    self_assessment: str = ""


def members_disciplined_in(year: int, members: Sequence[Member]) -> set[int]:
    """Ids of these members with a discipline decision dated in the year."""
    return set(
        DisciplineDecision.objects.filter(member__in=members, decided_on__year=year).values_list(
            "member_id", flat=True
        )
    )


def rule_problems(scale: RatingScale, year: int, entries: Sequence[Entry]) -> list[str]:
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


def sheet_of(organization: Organization, *, year: int, subject: str) -> RatingSheet:
    """The rating sheet of an organization's grid for a year (unsaved while no one acted on
    it). Ratings approved before sheets existed (the demo loads them so) count as approved."""
    sheet = RatingSheet.objects.filter(
        organization=organization, year=year, subject=subject
    ).first()
    if sheet is None:
        sheet = RatingSheet(organization=organization, year=year, subject=subject)
        rated = _sheet_ratings(sheet, subjects=None)
        if rated.filter(state=Rating.State.APPROVED).exists():
            sheet.state = RatingSheet.State.APPROVED
    return sheet


def _sheet_ratings(sheet: RatingSheet, *, subjects: Sequence | None) -> QuerySet[Rating]:
    if sheet.subject == RatingScale.Subject.MEMBER:
        if subjects is not None:
            return Rating.objects.filter(year=sheet.year, member__in=subjects)
        return Rating.objects.filter(year=sheet.year, member__organization=sheet.organization)
    if subjects is not None:
        return Rating.objects.filter(year=sheet.year, organization__in=subjects)
    return Rating.objects.filter(year=sheet.year, organization__parent=sheet.organization)


def _locked_sheet(organization: Organization, *, year: int, subject: str) -> RatingSheet:
    found = sheet_of(organization, year=year, subject=subject)
    if found.pk is None:
        found.save()
    return RatingSheet.objects.select_for_update().get(pk=found.pk)


@transaction.atomic
def save_ratings(
    *,
    year: int,
    scale: RatingScale,
    entries: Sequence[Entry],
    by: User,
    sheet: RatingSheet | None = None,
) -> list[Rating]:
    """Save a grid of draft ratings; refuses the whole grid if a rule is broken, the sheet was
    submitted (locked until returned) or a rating is already approved (locked)."""
    if sheet is not None:
        sheet = _locked_sheet(sheet.organization, year=sheet.year, subject=sheet.subject)
        if sheet.state == RatingSheet.State.SUBMITTED:
            raise ValidationError(
                _("These ratings were submitted and are locked until the level above returns them.")
            )
        if sheet.state == RatingSheet.State.APPROVED:
            raise ValidationError(
                _("The ratings of %(year)s are approved and locked.") % {"year": year}
            )
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


def _check_rules(ratings: list[Rating]) -> None:
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


@transaction.atomic
def submit_ratings(sheet: RatingSheet, *, subjects: Sequence, by: User) -> RatingSheet:
    """The rater sends the grid to the level above, which locks it: every subject rated (a
    level or a reason), the year's rules kept. A sheet already submitted or approved (someone
    acted since the page was opened) is refused."""
    sheet = _locked_sheet(sheet.organization, year=sheet.year, subject=sheet.subject)
    if not sheet.is_editable:
        raise ValidationError(_("These ratings were already submitted."))
    ratings = list(_sheet_ratings(sheet, subjects=subjects).select_related("member", "level"))
    rated = {rating.member_id or rating.organization_id for rating in ratings}
    missing = [subject for subject in subjects if subject.pk not in rated]
    if missing:
        names = ", ".join(getattr(s, "full_name", None) or s.name for s in missing)
        raise ValidationError(
            _("Rate everyone (a level or a reason for not rating) before submitting: %(names)s.")
            % {"names": names}
        )
    _check_rules(ratings)
    sheet.state, sheet.comment = RatingSheet.State.SUBMITTED, ""
    sheet.save(update_fields=["state", "comment", "updated_at"])
    RatingEvent.objects.create(sheet=sheet, action=RatingEvent.Action.SUBMITTED, by=by)
    return sheet


@transaction.atomic
def return_ratings(sheet: RatingSheet, *, by: User, comment: str) -> RatingSheet:
    """The level above sends submitted ratings back with what must be corrected."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must be corrected.")})
    sheet = _locked_sheet(sheet.organization, year=sheet.year, subject=sheet.subject)
    if sheet.state != RatingSheet.State.SUBMITTED:
        raise ValidationError(_("Only submitted ratings can be returned or approved."))
    sheet.state, sheet.comment = RatingSheet.State.RETURNED, comment.strip()
    sheet.save(update_fields=["state", "comment", "updated_at"])
    RatingEvent.objects.create(
        sheet=sheet, action=RatingEvent.Action.RETURNED, by=by, comment=sheet.comment
    )
    return sheet


@transaction.atomic
def approve_ratings(sheet: RatingSheet, *, subjects: Sequence, by: User) -> int:
    """Approve (and so lock for good) submitted ratings; checks the year's rules on the whole
    set first. Returns how many ratings were approved."""
    sheet = _locked_sheet(sheet.organization, year=sheet.year, subject=sheet.subject)
    if sheet.state != RatingSheet.State.SUBMITTED:
        raise ValidationError(_("Only submitted ratings can be returned or approved."))
    ratings = list(
        _sheet_ratings(sheet, subjects=subjects).select_related("member", "level", "scale")
    )
    _check_rules(ratings)
    pending = [r.pk for r in ratings if r.state == Rating.State.DRAFT]
    count = Rating.objects.filter(pk__in=pending).update(
        state=Rating.State.APPROVED, approved_by=by, approved_at=timezone.now()
    )
    sheet.state, sheet.comment = RatingSheet.State.APPROVED, ""
    sheet.save(update_fields=["state", "comment", "updated_at"])
    RatingEvent.objects.create(sheet=sheet, action=RatingEvent.Action.APPROVED, by=by)
    register_changed()  # the dashboard's ratings
    return count
