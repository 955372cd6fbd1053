"""Moving candidates through the admission procedure in force for them, the warnings the
board shows, and admission itself, which creates a probationary member through the history."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import (
    AdmissionRule,
    AdmissionStep,
    Candidate,
    CandidateStep,
    Member,
    add_years,
)
from members.models.admissions import age_on, certificate_expires_on
from members.services import register_member

Code = AdmissionStep.Code
WARN_DAYS = 60


def load_rules() -> list[AdmissionRule]:
    """Every version of the procedure with its steps: a handful of rows, read once per page."""
    return list(AdmissionRule.objects.prefetch_related("steps").order_by("-effective_from"))


def _steps_done(candidate: Candidate) -> list[CandidateStep]:
    # Uses the prefetched rows when the caller loaded them (the board does).
    return sorted(candidate.steps_done.all(), key=lambda done: (done.done_on, done.pk))


def rule_for(candidate: Candidate, rules: list[AdmissionRule] | None = None):
    """The procedure that applies: the one in force when the candidate started."""
    done = _steps_done(candidate)
    start = done[0].done_on if done else timezone.localdate()
    for rule in rules if rules is not None else load_rules():
        if rule.effective_from <= start:
            return rule
    return None


def next_step(candidate: Candidate, rules: list[AdmissionRule] | None = None):
    rule = rule_for(candidate, rules)
    if rule is None:
        return None
    done = {done.step.code for done in _steps_done(candidate)}
    for step in rule.steps.all():
        if step.code not in done:
            return step
    return None


@transaction.atomic
def record_step(
    candidate: Candidate,
    *,
    step_code: str,
    done_on: datetime.date,
    by,
    document_number: str = "",
    document=None,
    note: str = "",
) -> CandidateStep:
    """Record the next step, in order and within the intervals of the candidate's rule."""
    if candidate.state != Candidate.State.IN_PROGRESS:
        raise ValidationError(_("This candidate is no longer in progress."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    expected = next_step(candidate)
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
    if needs_introducers and candidate.introducers.count() < 2:
        raise ValidationError(
            _(
                "An application needs two introducing members (or the youth union's "
                "introduction for a youth union member)."
            )
        )
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


@dataclass
class BoardWarning:
    level: str  # danger or warning
    message: str


def warnings_for(
    candidate: Candidate,
    *,
    today: datetime.date | None = None,
    rules: list[AdmissionRule] | None = None,
) -> list[BoardWarning]:
    """What the board flags: an expiring certificate, an overdue step, an age outside the rule."""
    today = today or timezone.localdate()
    rule = rule_for(candidate, rules)
    if rule is None or candidate.state != Candidate.State.IN_PROGRESS:
        return []
    found = []
    done = {d.step.code: d for d in _steps_done(candidate)}
    course = done.get(Code.COURSE)
    if course and Code.DECISION not in done:
        expiry = certificate_expires_on(course.done_on, rule)
        when = {"date": expiry.strftime("%d/%m/%Y")}
        if expiry < today:
            message = _("The awareness course certificate expired on %(date)s.") % when
            found.append(BoardWarning("danger", message))
        elif (expiry - today).days <= WARN_DAYS:
            message = _("The awareness course certificate expires on %(date)s.") % when
            found.append(BoardWarning("warning", message))
    upcoming = next_step(candidate, rules)
    if upcoming and upcoming.max_days_after_previous and done:
        last = max(done.values(), key=lambda d: d.done_on)
        due = last.done_on + datetime.timedelta(days=upcoming.max_days_after_previous)
        if due < today:
            found.append(
                BoardWarning(
                    "danger",
                    _("%(step)s is overdue since %(date)s.")
                    % {"step": upcoming.get_code_display(), "date": due.strftime("%d/%m/%Y")},
                )
            )
    age = age_on(candidate.date_of_birth, today)
    if Code.CELL_RESOLUTION not in done and not rule.min_age <= age <= rule.max_age:
        found.append(
            BoardWarning(
                "danger",
                _("The applicant is %(age)s: outside the %(low)s–%(high)s age rule.")
                % {"age": age, "low": rule.min_age, "high": rule.max_age},
            )
        )
    return found


@transaction.atomic
def admit_candidate(candidate: Candidate, *, by) -> Member:
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


def recognition_due_on(member: Member) -> datetime.date:
    return add_years(member.admitted_on, 1)
