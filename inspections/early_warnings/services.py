"""Raising, keeping up to date and closing early warnings.

refresh_warnings(today) reads the register, the minutes' rolls and the inspections, and makes
the warning rows agree with them: a condition found for the first time raises a warning; an
open warning follows its evidence; a warning whose condition no longer holds is marked
resolved (never deleted), and raised again if the condition comes back; a warning closed by a
decision stays closed. Running it twice changes nothing the second time."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.choices import PUBLISHED
from inspections.early_warnings.choices import MEMBER_KINDS, WarningKind, WarningState
from inspections.early_warnings.models import EarlyWarning, WarningRefresh
from inspections.models import RemediationItem
from meetings.compliance import build_rows, month_starts
from meetings.models import Attendance, Meeting
from members.dues.models import Remittance, month_start
from members.dues.services import (
    collected_by_month,
    last_ended_month,
    members_in_arrears,
    unpaid_months,
)
from members.models import ACTIVE_STATUSES, Member
from organizations.models import Organization
from partybloc.types import User

# Điều lệ Đảng, article 8 (and Hướng dẫn thi hành Điều lệ): three months in a year, without a
# good reason, of cell meetings missed or of dues unpaid, and the cell considers striking off.
MONTHS_IN_A_YEAR = 3
# Conditions that hold "now" rather than in a counted year: an open warning of an earlier year
# goes on carrying them, so that the turn of the year does not raise a second one.
ONGOING_KINDS = (
    WarningKind.MINUTES_OVERDUE,
    WarningKind.REMEDIATION_OVERDUE,
    WarningKind.DUES_UNPAID,
)
# Kinds counted by calendar year: this year and last year are checked (December's minutes are
# submitted in January); a warning of an earlier year keeps its state.
YEARLY_KINDS = (*MEMBER_KINDS, WarningKind.MEETINGS_SKIPPED)


@dataclass(frozen=True)
class Finding:
    """A condition found in the data: about whom, in which year, on what evidence."""

    kind: str
    organization_id: int
    year: int
    evidence: list
    weight: int
    member_id: int | None = None

    @property
    def subject(self) -> tuple:
        return (
            (self.kind, self.member_id)
            if self.member_id
            else (self.kind, None, self.organization_id)
        )


@dataclass(frozen=True)
class RefreshSummary:
    raised: int
    updated: int
    reopened: int
    resolved: int
    open_after: int


def _subject(warning: EarlyWarning) -> tuple:
    if warning.member_id:
        return (warning.kind, warning.member_id)
    return (warning.kind, None, warning.organization_id)


def _checked_years(today: datetime.date) -> tuple[int, int]:
    return (today.year - 1, today.year)


# What the data says ---------------------------------------------------------------------------


def members_absent(today: datetime.date) -> list[Finding]:
    """Members absent without a reason from their cell's regular meeting in three months of a
    year, from the rolls of submitted minutes (a draft's roll may still change). An absence
    with a reason (có lý do, "absent_excused" on the roll) does not count, nor does a member
    exempt from meetings; both kinds of absence are listed as the evidence."""
    first_year, _this_year = _checked_years(today)
    rows = (
        Attendance.objects.filter(
            meeting__kind=Meeting.Kind.REGULAR,
            meeting__held_on__gte=datetime.date(first_year, 1, 1),
            meeting__held_on__lte=today,
            presence__in=(
                Attendance.Presence.ABSENT_EXCUSED,
                Attendance.Presence.ABSENT_UNEXCUSED,
            ),
            member__status__in=ACTIVE_STATUSES,
        )
        .exclude(standing=Attendance.Standing.EXEMPT)
        .exclude(meeting__state=Meeting.State.DRAFT)
        .values_list(
            "member_id",
            "member__organization_id",
            "meeting_id",
            "meeting__held_on",
            "meeting__period",
            "presence",
            "reason",
        )
        .order_by("meeting__held_on", "meeting_id")
    )
    absences: dict[tuple[int, int], list] = defaultdict(list)
    cells: dict[int, int] = {}
    for member_id, cell_id, meeting_id, held_on, period, presence, reason in rows:
        cells[member_id] = cell_id
        absences[(member_id, held_on.year)].append(
            {
                "kind": "absence",
                "on": held_on.isoformat(),
                "month": period.isoformat(),
                "meeting": meeting_id,
                "excused": presence == Attendance.Presence.ABSENT_EXCUSED,
                "reason": reason,
            }
        )
    findings = []
    for (member_id, year), evidence in absences.items():
        months = {entry["month"] for entry in evidence if not entry["excused"]}
        if len(months) >= MONTHS_IN_A_YEAR:
            findings.append(
                Finding(
                    WarningKind.MEMBER_MEETINGS,
                    cells[member_id],
                    year,
                    evidence,
                    len(months),
                    member_id=member_id,
                )
            )
    return findings


def cells_that_skipped(today: datetime.date) -> list[Finding]:
    """Active cells with a month of this year or last (up to last month) without a regular
    meeting and not excused, as the compliance grid shows them."""
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    cells = list(Organization.objects.cells().filter(ended_on__isnull=True).order_by("path"))
    findings = []
    for year in _checked_years(today):
        start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), last_month_end)
        if end < start:
            continue
        standing = [cell for cell in cells if cell.founded_on <= end]
        if not standing:
            continue
        months = month_starts(start, end)
        for row in build_rows(standing, start, end, today=today):
            skipped = [
                month
                for month, cell in zip(months, row.months, strict=True)
                if cell.state == "missing"
            ]
            if skipped:
                findings.append(
                    Finding(
                        WarningKind.MEETINGS_SKIPPED,
                        row.organization.pk,
                        year,
                        [{"kind": "skipped_month", "on": month.isoformat()} for month in skipped],
                        len(skipped),
                    )
                )
    return findings


def minutes_overdue(today: datetime.date) -> list[Finding]:
    """Organizations with minutes not submitted settings.MINUTES_DUE_DAYS after the meeting."""
    due_days = settings.MINUTES_DUE_DAYS
    rows = (
        Meeting.objects.filter(
            state__in=Meeting.EDITABLE_STATES,
            held_on__lt=today - datetime.timedelta(days=due_days),
            organization__ended_on__isnull=True,
        )
        .values_list("organization_id", "pk", "held_on")
        .order_by("held_on", "pk")
    )
    meetings: dict[int, list] = defaultdict(list)
    for organization_id, pk, held_on in rows:
        meetings[organization_id].append(
            {
                "kind": "overdue_minutes",
                "on": held_on.isoformat(),
                "meeting": pk,
                "days": (today - held_on).days - due_days,
            }
        )
    return [
        Finding(WarningKind.MINUTES_OVERDUE, organization_id, today.year, evidence, len(evidence))
        for organization_id, evidence in meetings.items()
    ]


def remediation_overdue(today: datetime.date) -> list[Finding]:
    """Organizations owning a remediation item of a concluded inspection, past its deadline and
    not done (nor carried over)."""
    rows = (
        RemediationItem.objects.overdue(on=today)
        .filter(inspection__status__in=PUBLISHED, owner__ended_on__isnull=True)
        .values_list("owner_id", "pk", "inspection_id", "deadline", "description")
        .order_by("deadline", "pk")
    )
    items: dict[int, list] = defaultdict(list)
    for owner_id, pk, inspection_id, deadline, description in rows:
        items[owner_id].append(
            {
                "kind": "remediation",
                "on": deadline.isoformat(),
                "item": pk,
                "inspection": inspection_id,
                "description": description[:200],
            }
        )
    return [
        Finding(WarningKind.REMEDIATION_OVERDUE, owner_id, today.year, evidence, len(evidence))
        for owner_id, evidence in items.items()
    ]


def congress_missing(today: datetime.date) -> list[Finding]:
    """Organizations whose term has started without a congress held for it (as
    Organization.flags says); the warning's year is the term's first year."""
    rows = (
        Organization.objects.filter(ended_on__isnull=True, term_start_year__lte=today.year)
        .exclude(kind=Organization.Kind.BLOC)
        .filter(
            Q(congress_held_on__isnull=True) | Q(congress_held_on__year__lt=F("term_start_year"))
        )
        .values_list("pk", "term_start_year", "term_end_year", "congress_held_on")
    )
    findings = []
    for pk, start, end, held in rows:
        term = f"{start}–{end}" if end else str(start)
        evidence = [
            {
                "kind": "congress",
                "on": held.isoformat() if held else None,
                "term": term,
                "congress_held_on": held.isoformat() if held else None,
            }
        ]
        findings.append(Finding(WarningKind.NO_CONGRESS, pk, start, evidence, 1))
    return findings


def members_unpaid(today: datetime.date) -> tuple[list[Finding], set[int]]:
    """Active members with party dues owed and not fully paid for three months of a year, from
    the dues ledger (members.dues). A member exempt from dues owes nothing, so never counts.
    Also the cells of the members with three unpaid months in the two years: where to look
    for arrears (dues_unpaid)."""
    cells = dict(Member.objects.active().values_list("pk", "organization_id"))
    findings = []
    unpaid: dict[int, int] = defaultdict(int)
    for year in _checked_years(today):
        for member_id, months in unpaid_months(cells.keys(), year, today).items():
            unpaid[member_id] += len(months)
            if len(months) >= MONTHS_IN_A_YEAR:
                findings.append(
                    Finding(
                        WarningKind.MEMBER_DUES,
                        cells[member_id],
                        year,
                        [{"kind": "unpaid_month", "on": month.isoformat()} for month in months],
                        len(months),
                        member_id=member_id,
                    )
                )
    behind = {cells[member_id] for member_id, count in unpaid.items() if count >= MONTHS_IN_A_YEAR}
    return findings, behind


def dues_unpaid(today: datetime.date, behind: set[int]) -> list[Finding]:
    """Cells with a member in arrears for three months or more, or that collected dues in a
    month and recorded no remittance for it to the level above (a month's grace after the
    month ends). The arrears (every month owed since the first rule, and the amount) are read
    only for the cells where the last two years show a member three months behind: reading
    them for the whole bloc walks every member's every month since 2010."""
    arrears: dict[int, list[tuple[int, int]]] = defaultdict(list)
    in_arrears = members_in_arrears(sorted(behind), today) if behind else {}
    cells = dict(
        Member.objects.filter(pk__in=list(in_arrears)).values_list("pk", "organization_id")
    )
    for member_id, (months, owed) in in_arrears.items():
        if months >= MONTHS_IN_A_YEAR and member_id in cells:
            arrears[cells[member_id]].append((months, owed))
    first = datetime.date(today.year - 1, 1, 1)
    last = month_start(last_ended_month(today) - datetime.timedelta(days=1))
    missing: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    if last >= first:
        collected = collected_by_month(
            Q(kind__in=Organization.CELL_KINDS, ended_on__isnull=True), first, last
        )
        remitted = set(
            Remittance.objects.filter(
                organization_id__in={cell for cell, _month in collected}, month__gte=first
            ).values_list("organization_id", "month")
        )
        for (cell, month), amount in sorted(collected.items(), key=lambda item: item[0][1]):
            if month <= last and amount > 0 and (cell, month) not in remitted:
                missing[cell].append((month, amount))
    active = set(
        Organization.objects.filter(pk__in={*arrears, *missing}, ended_on__isnull=True).values_list(
            "pk", flat=True
        )
    )
    findings = []
    for cell in sorted(active):
        evidence = []
        if arrears.get(cell):
            evidence.append(
                {
                    "kind": "arrears",
                    "on": None,
                    "members": len(arrears[cell]),
                    "months": sum(months for months, _owed in arrears[cell]),
                    "owed": sum(owed for _months, owed in arrears[cell]),
                }
            )
        evidence.extend(
            {"kind": "remittance_missing", "on": month.isoformat(), "collected": amount}
            for month, amount in missing.get(cell, [])
        )
        weight = len(arrears.get(cell, [])) + len(missing.get(cell, []))
        findings.append(Finding(WarningKind.DUES_UNPAID, cell, today.year, evidence, weight))
    return findings


def find_conditions(today: datetime.date) -> list[Finding]:
    unpaid, behind = members_unpaid(today)
    return [
        *members_absent(today),
        *unpaid,
        *dues_unpaid(today, behind),
        *cells_that_skipped(today),
        *minutes_overdue(today),
        *remediation_overdue(today),
        *congress_missing(today),
    ]


# Keeping the rows -----------------------------------------------------------------------------


def _in_checked_window(warning: EarlyWarning, today: datetime.date) -> bool:
    """Whether this run looked at the warning's condition at all (else its state stays)."""
    if warning.kind in YEARLY_KINDS:
        return warning.year in _checked_years(today)
    return True


@transaction.atomic
def refresh_warnings(today: datetime.date) -> RefreshSummary:
    """Make the warnings agree with the data as of today (idempotent: see the module)."""
    findings = find_conditions(today)
    # Locked, so that two runs at once (the daily run and a page opened) take turns.
    existing = list(EarlyWarning.objects.select_for_update().order_by("pk"))
    by_key = {(*_subject(w), w.year): w for w in existing}
    open_by_subject = {
        _subject(w): w for w in existing if w.state == WarningState.OPEN and w.kind in ONGOING_KINDS
    }
    seen: set[int] = set()
    new, changed = [], []
    updated = reopened = 0
    fields = ("organization_id", "evidence", "weight")
    for finding in findings:
        warning = None
        if finding.kind in ONGOING_KINDS:
            warning = open_by_subject.get(finding.subject)
        if warning is None:
            warning = by_key.get((*finding.subject, finding.year))
        if warning is None:
            new.append(
                EarlyWarning(
                    kind=finding.kind,
                    member_id=finding.member_id,
                    organization_id=finding.organization_id,
                    year=finding.year,
                    evidence=finding.evidence,
                    weight=finding.weight,
                    raised_on=today,
                    checked_on=today,
                )
            )
            continue
        seen.add(warning.pk)
        if warning.state == WarningState.CLOSED:
            continue  # the decision stands; its evidence stays as it was decided on
        before = [getattr(warning, name) for name in fields]
        warning.organization_id = finding.organization_id
        warning.evidence, warning.weight = finding.evidence, finding.weight
        if warning.state == WarningState.RESOLVED:
            warning.state, warning.resolved_on = WarningState.OPEN, None
            reopened += 1
        elif before != [getattr(warning, name) for name in fields]:
            updated += 1
        elif warning.checked_on == today:
            continue  # a second run today: nothing to write
        warning.checked_on = today
        changed.append(warning)
    resolved = 0
    for warning in existing:
        if (
            warning.state == WarningState.OPEN
            and warning.pk not in seen
            and _in_checked_window(warning, today)
        ):
            warning.state, warning.resolved_on, warning.checked_on = (
                WarningState.RESOLVED,
                today,
                today,
            )
            changed.append(warning)
            resolved += 1
    # Another run may have raised the same warning meanwhile: its row stands, ours is dropped.
    EarlyWarning.objects.bulk_create(new, ignore_conflicts=True)
    EarlyWarning.objects.bulk_update(
        changed,
        ["organization", "evidence", "weight", "state", "resolved_on", "checked_on"],
        batch_size=500,
    )
    summary = RefreshSummary(
        raised=len(new),
        updated=updated,
        reopened=reopened,
        resolved=resolved,
        open_after=EarlyWarning.objects.open().count(),
    )
    WarningRefresh.objects.create(ran_on=today, **vars(summary))
    return summary


def refreshed_today(today: datetime.date) -> bool:
    return WarningRefresh.objects.filter(ran_on=today).exists()


def last_refresh() -> WarningRefresh | None:
    return WarningRefresh.objects.order_by("-ran_at", "-pk").first()


@transaction.atomic
def close_warning(warning: EarlyWarning, *, decision: str, reason: str, by: User) -> EarlyWarning:
    """Close an open warning by a decision recorded with its reason, who and when."""
    warning = EarlyWarning.objects.select_for_update().get(pk=warning.pk)
    if warning.state != WarningState.OPEN:
        raise ValidationError(_("This warning is no longer open: reload the page."))
    if decision not in EarlyWarning.Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    if not reason.strip():
        raise ValidationError({"decision_reason": _("Give the reason for the decision.")})
    warning.state = WarningState.CLOSED
    warning.decision, warning.decision_reason = decision, reason.strip()
    warning.decided_by, warning.decided_at = by, timezone.now()
    warning.save(update_fields=["state", "decision", "decision_reason", "decided_by", "decided_at"])
    return warning
