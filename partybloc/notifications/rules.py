"""What is due: one evaluator per reminder rule, registered under the rule's code.

An evaluator takes the day and the version of its rule in force that day, and yields a DueItem
for every open item that falls due within the rule's reminder window or is already overdue.
It says nothing of who hears or whether a notice was already sent: the run
(services.run_daily) decides that, the same for every rule. A new rule is an evaluator here
(or in its own app's module, imported by this package's `apps.py`), and a row of ReminderRule
added by a data migration:

    @rule("dues_arrears")
    def dues_arrears(today, rule):
        for member, months in members_in_arrears(today):
            yield DueItem(key=f"dues:{member.pk}", record=member, ...)

The text of a notice is kept in the source language with named values (gettext_noop marks it
for the catalogue) and translated when shown or emailed.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from inspections.choices import InspectionStatus
from inspections.early_warnings.choices import WarningKind
from inspections.early_warnings.models import EarlyWarning
from inspections.models import RemediationItem
from meetings.compliance import build_rows, month_end, month_starts, quarter_of
from meetings.models import Meeting
from members.models import Member
from members.year.models import AdmissionRule, AdmissionStep, Candidate, RatingSheet
from organizations.access.year import DECIDING_STEPS
from organizations.models import Organization
from partybloc.types import User

from .models import ReminderRule


@dataclass(frozen=True)
class DueItem:
    """An open item a rule found: what it is, where it sits, when it falls due."""

    # Names the item across runs: the same item on another day has the same key.
    key: str
    # The row the notice is about: its `visible_to` door decides who may hear of it.
    record: Model
    # Whose item it is: its keepers hear first, then the levels above.
    organization: Organization
    due_on: datetime.date
    # The text, in the source language, with named values (all strings).
    message: str
    params: dict[str, str]
    url: str
    # People named on the item itself, who hear with the organization's keepers.
    responsible: tuple[User, ...] = field(default=())


type Evaluator = Callable[[datetime.date, ReminderRule], Iterable[DueItem]]

RULES: dict[str, Evaluator] = {}
# What each code means, for the administration's choice of rule.
LABELS: dict[str, object] = {}


def rule(code: str, label: object = "") -> Callable[[Evaluator], Evaluator]:
    """Register an evaluator under its rule's code."""

    def register(evaluator: Evaluator) -> Evaluator:
        RULES[code] = evaluator
        LABELS[code] = label or code
        return evaluator

    return register


def _source(label: object) -> str:
    """A label (a choice's lazy text) in the source language, kept in a notice's values and
    translated when the notice is shown, like its text."""
    with translation.override(None):
        return str(label)


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _window_end(today: datetime.date, rule: ReminderRule) -> datetime.date:
    """Items falling due by this day are reminded of (or overdue) today."""
    return today + datetime.timedelta(days=rule.days_before)


# Meetings ------------------------------------------------------------------------------------


@rule("minutes_overdue", _("minutes not submitted in time"))
def minutes_overdue(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """Minutes still in draft (or returned) MINUTES_DUE_DAYS after the meeting, as the
    compliance page counts them (meetings.compliance)."""
    due_days = datetime.timedelta(days=settings.MINUTES_DUE_DAYS)
    meetings = (
        Meeting.objects.filter(
            state__in=Meeting.EDITABLE_STATES,
            held_on__lte=min(today, _window_end(today, rule) - due_days),
            organization__ended_on__isnull=True,
        )
        .select_related("organization")
        .order_by("held_on", "pk")
    )
    for meeting in meetings:
        yield DueItem(
            key=f"meeting:{meeting.pk}",
            record=meeting,
            organization=meeting.organization,
            due_on=meeting.held_on + due_days,
            message=gettext_noop(
                "Minutes of the %(kind)s of %(date)s (%(organization)s) are not submitted: "
                "due by %(due)s."
            ),
            params={
                "kind": _source(meeting.Kind(meeting.kind).label),
                "date": _day(meeting.held_on),
                "organization": meeting.organization.name,
                "due": _day(meeting.held_on + due_days),
            },
            url=reverse("meetings:detail", args=[meeting.pk]),
        )


def _active_cells(today: datetime.date) -> list[Organization]:
    return list(
        Organization.objects.cells().active(today).select_related("parent").order_by("path")
    )


@rule("month_without_meeting", _("a month without a regular meeting"))
def month_without_meeting(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """A cell with no regular meeting (nor an excused month) this month, and the two months
    before it. An older month is the compliance page's history, no longer chased."""
    this_month = today.replace(day=1)
    start = month_starts(this_month - datetime.timedelta(days=62), this_month)[0]
    cells = _active_cells(today)
    rows = build_rows(cells, start, month_end(this_month), today=today)
    for row in rows:
        cell = row.organization
        for month, state in zip(month_starts(start, this_month), row.months, strict=True):
            due = month_end(month)
            if state.state == "missing" or (
                state.state == "pending" and due <= _window_end(today, rule)
            ):
                yield DueItem(
                    key=f"cell-month:{cell.pk}:{month:%Y-%m}",
                    record=cell,
                    organization=cell,
                    due_on=due,
                    message=gettext_noop(
                        "%(organization)s has no regular meeting recorded for %(month)s."
                    ),
                    params={"organization": cell.name, "month": month.strftime("%m/%Y")},
                    url=reverse("meetings:compliance"),
                )


@rule("quarter_without_thematic", _("a quarter without a thematic meeting"))
def quarter_without_thematic(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """A cell with no thematic meeting this quarter or the one before it."""
    year, quarter = quarter_of(today)
    this_quarter = datetime.date(year, quarter * 3 - 2, 1)
    start = (this_quarter - datetime.timedelta(days=80)).replace(day=1)
    start = datetime.date(start.year, (quarter_of(start)[1]) * 3 - 2, 1)
    cells = _active_cells(today)
    for row in build_rows(cells, start, month_end(today), today=today):
        cell = row.organization
        for (q_year, q_number), state in row.quarters:
            due = month_end(datetime.date(q_year, q_number * 3, 1))
            if state == "missing" or (state == "pending" and due <= _window_end(today, rule)):
                yield DueItem(
                    key=f"cell-quarter:{cell.pk}:{q_year}-{q_number}",
                    record=cell,
                    organization=cell,
                    due_on=due,
                    message=gettext_noop(
                        "%(organization)s has no thematic meeting recorded for quarter "
                        "%(quarter)s/%(year)s."
                    ),
                    params={
                        "organization": cell.name,
                        "quarter": str(q_number),
                        "year": str(q_year),
                    },
                    url=reverse("meetings:compliance"),
                )


# Admissions ----------------------------------------------------------------------------------


def _candidates_in_progress() -> list[Candidate]:
    return list(
        Candidate.objects.filter(
            state=Candidate.State.IN_PROGRESS, organization__ended_on__isnull=True
        )
        .select_related("organization__parent")
        .prefetch_related("steps_done__step")
        .order_by("pk")
    )


@rule("admission_step", _("an admission step nearing or past its interval"))
def admission_step(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """The next admission step nearing or past the longest interval the procedure allows
    after the previous one (the admissions board flags the same: Candidate.next_step_due).
    The deciding steps are the grassroots committee's (the bloc's, for a grassroots cell)."""
    rules = AdmissionRule.with_steps()
    for candidate in _candidates_in_progress():
        upcoming_due = candidate.next_step_due(rules)
        if not upcoming_due:
            continue
        step, due = upcoming_due
        if due > _window_end(today, rule):
            continue
        cell = candidate.organization
        decides = step.code in DECIDING_STEPS and cell.parent is not None
        yield DueItem(
            key=f"candidate-step:{candidate.pk}:{step.code}",
            record=candidate,
            organization=cell.parent if decides else cell,
            due_on=due,
            message=gettext_noop(
                "Admission of %(candidate)s (%(organization)s): %(step)s is due by %(due)s."
            ),
            params={
                "candidate": candidate.full_name,
                "organization": cell.name,
                "step": _source(AdmissionStep.Code(step.code).label),
                "due": _day(due),
            },
            url=reverse("year:candidate", args=[candidate.pk]),
        )


@rule("certificate_expiring", _("an awareness course certificate about to expire"))
def certificate_expiring(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """A candidate's awareness course certificate about to expire before the admission is
    decided (Candidate.certificate_expiry, as the board computes it)."""
    rules = AdmissionRule.with_steps()
    for candidate in _candidates_in_progress():
        expiry = candidate.certificate_expiry(rules)
        if expiry is None or expiry > _window_end(today, rule):
            continue
        yield DueItem(
            key=f"certificate:{candidate.pk}:{expiry:%Y-%m-%d}",
            record=candidate,
            organization=candidate.organization,
            due_on=expiry,
            message=gettext_noop(
                "The Party awareness course certificate of %(candidate)s (%(organization)s) "
                "expires on %(due)s."
            ),
            params={
                "candidate": candidate.full_name,
                "organization": candidate.organization.name,
                "due": _day(expiry),
            },
            url=reverse("year:candidate", args=[candidate.pk]),
        )


@rule("recognition_due", _("a probationary member due for recognition"))
def recognition_due(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """A probationary member whose 12 months end within the window (or have ended): the cell
    considers the recognition as an official member (Member.objects.recognition_due)."""
    members = (
        Member.objects.recognition_due(within_days=rule.days_before, on=today)
        .filter(organization__ended_on__isnull=True)
        .select_related("organization")
        .order_by("admitted_on", "pk")
    )
    for member in members:
        due = member.recognition_due_on
        yield DueItem(
            key=f"recognition:{member.pk}",
            record=member,
            organization=member.organization,
            due_on=due,
            message=gettext_noop(
                "%(member)s (%(organization)s) completes the probation on %(due)s: consider "
                "the recognition as an official member."
            ),
            params={
                "member": member.full_name,
                "organization": member.organization.name,
                "due": _day(due),
            },
            url=reverse("members:detail", args=[member.pk]),
        )


# Inspections ---------------------------------------------------------------------------------


@rule("remediation_due", _("a remediation item nearing or past its deadline"))
def remediation_due(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """A remediation item of a concluded inspection, not yet done, nearing or past its
    deadline; its owner organization's keepers hear (they see it once the conclusion is out)."""
    items = (
        RemediationItem.objects.pending()
        .filter(
            inspection__status=InspectionStatus.CONCLUDED,
            deadline__lte=_window_end(today, rule),
        )
        .select_related("owner", "inspection__organization")
        .order_by("deadline", "pk")
    )
    for item in items:
        yield DueItem(
            key=f"remediation:{item.pk}",
            record=item,
            organization=item.owner,
            due_on=item.deadline,
            message=gettext_noop(
                "Remediation for %(organization)s is due by %(due)s: %(description)s"
            ),
            params={
                "organization": item.owner.name,
                "due": _day(item.deadline),
                "description": item.description[:120],
            },
            url=reverse("inspections:detail", args=[item.inspection_id]),
        )


# The year's ratings --------------------------------------------------------------------------


@rule("ratings_not_done", _("the year's ratings not done by 31 December"))
def ratings_not_done(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """A cell whose members' ratings of the year are not approved by 31 December. The year
    before is still chased in the first quarter."""
    years = [today.year] + ([today.year - 1] if today.month <= 3 else [])
    for year in years:
        due = datetime.date(year, 12, 31)
        if due > _window_end(today, rule):
            continue
        approved = set(
            RatingSheet.objects.filter(
                year=year, subject="member", state=RatingSheet.State.APPROVED
            ).values_list("organization_id", flat=True)
        )
        cells = (
            Organization.objects.cells()
            .active(min(today, due))
            .filter(founded_on__lte=datetime.date(year, 6, 30))
            .exclude(pk__in=approved)
            .order_by("path")
        )
        for cell in cells:
            yield DueItem(
                key=f"ratings:{cell.pk}:{year}",
                record=cell,
                organization=cell,
                due_on=due,
                message=gettext_noop(
                    "The members' ratings of %(organization)s for %(year)s are not yet approved: "
                    "due by %(due)s."
                ),
                params={"organization": cell.name, "year": str(year), "due": _day(due)},
                url=reverse("year:member_ratings", args=[cell.pk]),
            )


# Terms and working regulations ---------------------------------------------------------------


@rule("term_without_congress", _("a term ending without a congress"))
def term_without_congress(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """An organization whose term ends this year (or ended) with no congress held for the next
    one: the congress recorded is older than the term's last year."""
    organizations = (
        Organization.objects.active(today)
        .exclude(kind=Organization.Kind.BLOC)
        .filter(term_end_year__isnull=False, term_end_year__lte=_window_end(today, rule).year)
        .order_by("path")
    )
    for organization in organizations:
        congress = organization.congress_held_on
        if congress and congress.year >= organization.term_end_year:
            continue
        due = datetime.date(organization.term_end_year, 12, 31)
        if due > _window_end(today, rule):
            continue
        yield DueItem(
            key=f"congress:{organization.pk}:{organization.term_end_year}",
            record=organization,
            organization=organization,
            due_on=due,
            message=gettext_noop(
                "The term %(term)s of %(organization)s ends with no congress held yet."
            ),
            params={
                "organization": organization.name,
                "term": organization.term_label or str(organization.term_end_year),
            },
            url=reverse("organizations:detail", args=[organization.pk]),
        )


@rule("regulation_not_revised", _("a working regulation not revised since the congress"))
def regulation_not_revised(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """An organization that held its congress and has not adopted or revised its working
    regulation since (Organization.regulation_behind_congress); due on the congress day, the
    rule's days after it allowed."""
    organizations = (
        Organization.objects.active(today)
        .exclude(kind=Organization.Kind.BLOC)
        .filter(congress_held_on__isnull=False, congress_held_on__lte=today)
        .order_by("path")
    )
    for organization in organizations:
        if not organization.regulation_behind_congress:
            continue
        yield DueItem(
            key=f"regulation:{organization.pk}:{organization.congress_held_on:%Y-%m-%d}",
            record=organization,
            organization=organization,
            due_on=organization.congress_held_on,
            message=gettext_noop(
                "The working regulation of %(organization)s is not revised since the congress "
                "of %(date)s."
            ),
            params={
                "organization": organization.name,
                "date": _day(organization.congress_held_on),
            },
            url=reverse("organizations:detail", args=[organization.pk]),
        )


# Early warnings: members three months behind, dues in arrears --------------------------------
# The daily run refreshes the early warnings first (services.run_daily), so these read the open
# warnings it keeps rather than walking every member's months again.


def _open_warnings(kinds: tuple[str, ...]) -> Iterator[EarlyWarning]:
    return (
        EarlyWarning.objects.open()
        .filter(kind__in=kinds)
        .select_related("member", "organization")
        .order_by("organization__path", "pk")
        .iterator(chunk_size=500)
    )


def _warning_item(warning: EarlyWarning, message: str, params: dict[str, str]) -> DueItem:
    return DueItem(
        key=f"warning:{warning.pk}",
        record=warning,
        organization=warning.organization,
        # A warning is raised when its condition already holds: due the day it was raised.
        due_on=warning.raised_on,
        message=message,
        params=params,
        url=warning.get_absolute_url(),
    )


@rule("dues_arrears", _("party dues in arrears three months or more"))
def dues_arrears(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """A member three months or more behind with party dues in a year, and a cell with members
    in arrears or collections not remitted (the open early warnings about dues); the cell's
    secretary hears, then the committee and the bloc office while the warning stays open."""
    for warning in _open_warnings((WarningKind.MEMBER_DUES, WarningKind.DUES_UNPAID)):
        if warning.member_id:
            yield _warning_item(
                warning,
                gettext_noop(
                    "%(member)s of %(organization)s has not paid party dues for %(months)s "
                    "months in %(year)s."
                ),
                {
                    "member": warning.member.full_name,
                    "organization": warning.organization.name,
                    "months": str(warning.weight),
                    "year": str(warning.year),
                },
            )
        else:
            yield _warning_item(
                warning,
                gettext_noop("%(organization)s has party dues unpaid or not remitted."),
                {"organization": warning.organization.name},
            )


@rule("member_missed_meetings", _("a member who missed cell meetings three months in a year"))
def member_missed_meetings(today: datetime.date, rule: ReminderRule) -> Iterator[DueItem]:
    """A member who missed the cell's meetings without a reason three months in a year (the
    Charter's ground for considering striking off): the cell decides, the committee watches."""
    for warning in _open_warnings((WarningKind.MEMBER_MEETINGS,)):
        yield _warning_item(
            warning,
            gettext_noop(
                "%(member)s of %(organization)s missed cell meetings without a reason for "
                "%(months)s months in %(year)s: the cell is to consider it."
            ),
            {
                "member": warning.member.full_name,
                "organization": warning.organization.name,
                "months": str(warning.weight),
                "year": str(warning.year),
            },
        )
