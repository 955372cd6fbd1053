"""Party dues: what each member owes month by month, what was paid, and the operations that
write the ledger (a payment, an income basis, a remittance), each in one transaction.

What is due is computed, never stored: from the member's income basis in force in the month
and the rule (DuesRule) in force on the month's first day. So a corrected basis or a new rule
shows at once, and a later rule never changes an earlier month.

A month is due (and can be in arrears) once it has ended: the month's dues are collected at
its meeting, so the current month is not owed before its last day. A member owes dues for the
months from the one they were admitted in (or their first income basis, whichever is later)
while they are in the Party: for one who left (transferred out, died, struck off…), up to the
month before the change. A member with no income basis owes nothing computable: the book
shows them as "no basis" instead."""

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from meetings.models import Meeting
from members.dues.models import (
    Category,
    DuesPayment,
    DuesRule,
    IncomeBasis,
    Remittance,
    month_start,
    months_between,
    next_month,
)
from members.models import ACTIVE_STATUSES, Member
from organizations.models import Organization
from partybloc.types import User

# An IN list this long stays under every database's limit on query parameters.
CHUNK = 2000
# A payment may cover months ahead (a retired member often pays the year at once), up to this.
MONTHS_AHEAD = 12


@functools.cache
def month_end(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def last_ended_month(as_of: datetime.date) -> datetime.date:
    """The last month that has ended on as_of (as_of's own month when as_of is its last day)."""
    month = month_start(as_of)
    return month if month_end(month) <= as_of else month_start(month - datetime.timedelta(days=1))


class Rules:
    """Every DuesRule, read once, answering "which rule on this day"."""

    def __init__(self, rules: Iterable[DuesRule] | None = None):
        loaded = DuesRule.objects.order_by("effective_from") if rules is None else rules
        self.rules = sorted(loaded, key=lambda rule: rule.effective_from)

        self._on: dict[datetime.date, DuesRule | None] = {}
        self._dues: dict[tuple, int] = {}

    def on(self, day: datetime.date) -> DuesRule | None:
        if day not in self._on:
            found = None
            for rule in self.rules:
                if rule.effective_from > day:
                    break
                found = rule
            self._on[day] = found
        return self._on[day]

    def due(self, month: datetime.date, category: str, monthly_income: int) -> int | None:
        """The month's dues for a basis (None when no rule is in force), computed once per
        rule and basis."""
        rule = self.on(month)
        if rule is None:
            return None
        key = (rule.pk, category, monthly_income)
        if key not in self._dues:
            self._dues[key] = rule.due(category, monthly_income)
        return self._dues[key]


@dataclass
class Basis:
    category: str
    monthly_income: int
    effective_from: datetime.date


@dataclass
class MemberDues:
    """One member's dues over a span of months: due and paid per month."""

    member_id: int
    admitted_on: datetime.date
    left_on: datetime.date | None  # the day their membership ended, None while active
    bases: list[Basis] = field(default_factory=list)
    paid: dict[datetime.date, int] = field(default_factory=dict)

    def basis_for(self, month: datetime.date) -> Basis | None:
        """The basis in force in the month: the latest begun by its last day."""
        last_day, found = month_end(month), None
        for basis in self.bases:
            if basis.effective_from > last_day:
                break
            found = basis
        return found

    def owes_in(self, month: datetime.date) -> bool:
        if month < month_start(self.admitted_on):
            return False
        return self.left_on is None or month < month_start(self.left_on)

    def due(self, month: datetime.date, rules: Rules) -> int | None:
        """The month's dues; None when the member owed none that month or has no basis."""
        if not self.owes_in(month):
            return None
        basis = self.basis_for(month)
        if basis is None:
            return None
        return rules.due(month, basis.category, basis.monthly_income)

    def months(self, first: datetime.date, last: datetime.date, rules: Rules) -> Iterator[tuple]:
        """(month, due, paid) for each month from first to last with dues owed."""
        if not self.bases:
            return
        # Nothing is owed before the first basis: start there (the ledger of a bloc that began
        # keeping bases in 2024 is not walked from 2011).
        start = max(month_start(first), month_start(self.bases[0].effective_from))
        for month in months_between(start, last):
            due = self.due(month, rules)
            if due is not None:
                yield month, due, self.paid.get(month, 0)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_dues(members: Q, first: datetime.date, last: datetime.date) -> dict[int, MemberDues]:
    """Members (a filter on Member) with their bases and what they paid for the months from
    first to last: two queries, whatever the number of members."""
    ledgers: dict[int, MemberDues] = {}
    bases = (
        IncomeBasis.objects.filter(effective_from__lte=month_end(last))
        .filter(reduce_member_q(members))
        .order_by("member_id", "effective_from", "pk")
        .values_list(
            "member_id",
            "member__admitted_on",
            "member__status",
            "member__status_since",
            "category",
            "monthly_income",
            "effective_from",
        )
    )
    for member_id, admitted_on, status, since, category, income, start in bases:
        ledger = ledgers.get(member_id)
        if ledger is None:
            left_on = None if status in ACTIVE_STATUSES else since
            ledger = ledgers[member_id] = MemberDues(member_id, admitted_on, left_on)
        ledger.bases.append(Basis(category, income, start))
    paid = (
        DuesPayment.objects.filter(month__gte=month_start(first), month__lte=last)
        .filter(reduce_member_q(members))
        .values_list("member_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for member_id, month, total in paid:
        if member_id in ledgers:
            ledgers[member_id].paid[month] = total
    return ledgers


def reduce_member_q(members: Q) -> Q:
    """A filter on Member, moved onto a row's `member` relation."""
    return Q(member__in=Member.objects.filter(members).values("pk"))


def unpaid_months(
    member_ids: Iterable[int], year: int, as_of: datetime.date
) -> dict[int, list[datetime.date]]:
    """Per member, the first-of-month dates of the months of `year` that had ended by as_of
    with dues owed and not fully paid. Members with no such month are left out. Two queries
    per 2,000 members (their bases, then their payments), plus one for the rules."""
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 1), last_ended_month(as_of))
    found: dict[int, list[datetime.date]] = {}
    if last < first:
        return found
    rules = Rules()
    for chunk in _chunks(sorted(set(member_ids))):
        for member_id, ledger in load_dues(Q(pk__in=chunk), first, last).items():
            months = [month for month, due, paid in ledger.months(first, last, rules) if paid < due]
            if months:
                found[member_id] = months
    return found


def members_in_arrears(
    organization_ids: Iterable[int] | None, as_of: datetime.date
) -> dict[int, tuple[int, int]]:
    """Member id → (number of unpaid months, amount owed in đồng) for the active members now
    in the given organizations and their subtrees (the whole bloc for None), counting every
    ended month since the first dues rule. Members who owe nothing are left out."""
    members = Q(status__in=ACTIVE_STATUSES)
    if organization_ids is not None:
        paths = list(
            Organization.objects.filter(pk__in=list(organization_ids)).values_list(
                "path", flat=True
            )
        )
        if not paths:
            return {}
        members &= reduce(or_, (Q(organization__path__startswith=path) for path in paths))
    rules = Rules()
    if not rules.rules:
        return {}
    first = month_start(rules.rules[0].effective_from)
    last = last_ended_month(as_of)
    found = {}
    for member_id, ledger in load_dues(members, first, last).items():
        months, owed = 0, 0
        for _month, due, paid in ledger.months(first, last, rules):
            if paid < due:
                months += 1
                owed += due - paid
        if months:
            found[member_id] = (months, owed)
    return found


# Writing the ledger ------------------------------------------------------------------------


@transaction.atomic
def set_income_basis(
    member: Member,
    *,
    category: str,
    monthly_income: int,
    effective_from: datetime.date,
    by: User | None,
) -> IncomeBasis:
    """Record the member's basis from a date (replacing one recorded for that same date)."""
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    if category in (Category.SALARIED, Category.PENSIONER) and monthly_income <= 0:
        raise ValidationError(
            {"monthly_income": _("Enter the monthly income the dues are computed on.")}
        )
    basis, _created = IncomeBasis.objects.update_or_create(
        member=member,
        effective_from=effective_from,
        defaults={"category": category, "monthly_income": monthly_income, "recorded_by": by},
    )
    return basis


@transaction.atomic
def record_payment(
    member: Member,
    *,
    amount: int,
    paid_on: datetime.date,
    cell: Organization,
    by: User | None,
    meeting: Meeting | None = None,
) -> list[DuesPayment]:
    """Record money a member paid on a day. It pays the oldest month still owing first (the
    arrears before the current month), then the month of payment, then months ahead, up to
    twelve. Money that would reach beyond that is refused, with nothing written."""
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    Member.objects.select_for_update().filter(pk=member.pk).first()  # one payment at a time
    rules = Rules()
    if not rules.rules:
        raise ValidationError({"amount": _("No dues rule is in force.")})
    first = month_start(rules.rules[0].effective_from)
    last = month_start(paid_on)
    for _ahead in range(MONTHS_AHEAD):
        last = next_month(last)
    ledger = load_dues(Q(pk=member.pk), first, last).get(member.pk)
    if ledger is None:
        raise ValidationError({"amount": _("Record the member's income basis before their dues.")})
    rows, left = [], amount
    for month, due, paid in ledger.months(first, last, rules):
        if left == 0:
            break
        if paid >= due:
            continue
        part = min(left, due - paid)
        rows.append(
            DuesPayment(
                member=member,
                organization=cell,
                month=month,
                amount=part,
                paid_on=paid_on,
                meeting=meeting,
                recorded_by=by,
            )
        )
        left -= part
    if left:
        raise ValidationError(
            {"amount": _("This is more than the member owes, twelve months ahead included.")}
        )
    return DuesPayment.objects.bulk_create(rows)


@transaction.atomic
def record_remittance(
    organization: Organization,
    *,
    month: datetime.date,
    amount: int,
    remitted_on: datetime.date,
    note: str = "",
    by: User | None,
) -> Remittance:
    """Record (or correct) what an organization remitted upward for a month's collection."""
    if remitted_on < month_start(month):
        raise ValidationError(
            {"remitted_on": _("A month's dues are remitted after they are collected.")}
        )
    remittance, _created = Remittance.objects.update_or_create(
        organization=organization,
        month=month_start(month),
        defaults={"amount": amount, "remitted_on": remitted_on, "note": note, "recorded_by": by},
    )
    return remittance


def collected_by_month(
    organizations: Q, first: datetime.date, last: datetime.date
) -> dict[tuple[int, datetime.date], int]:
    """(cell id, month) → money the cell received in that month (by the day paid, whatever
    months it paid for): what the cell remits from. One query, grouped by day and summed into
    months here (a truncated month is typed differently on SQLite and PostgreSQL)."""
    rows = (
        DuesPayment.objects.filter(paid_on__gte=month_start(first), paid_on__lte=month_end(last))
        .filter(organization__in=Organization.objects.filter(organizations).values("pk"))
        .values("organization_id", "paid_on")
        .annotate(total=Sum("amount"))
        .values_list("organization_id", "paid_on", "total")
        .order_by()
    )
    totals: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for organization_id, paid_on, amount in rows:
        totals[(organization_id, month_start(paid_on))] += amount
    return dict(totals)


def paid_at_meeting(meeting: Meeting) -> dict[int, int]:
    """Member id → what they paid at this meeting (the roll's dues column)."""
    rows = (
        DuesPayment.objects.filter(meeting=meeting)
        .values("member_id")
        .annotate(total=Sum("amount"))
        .values_list("member_id", "total")
        .order_by()
    )
    return dict(rows)


def owed_by(member_ids: Iterable[int], through: datetime.date) -> dict[int, int | None]:
    """Member id → what they owe up to and including the month of `through` (None: no income
    basis, nothing can be computed): the hint beside the roll's dues column."""
    rules = Rules()
    owed: dict[int, int | None] = dict.fromkeys(member_ids)
    if not rules.rules or not owed:
        return owed
    first, last = month_start(rules.rules[0].effective_from), month_start(through)
    for chunk in _chunks(sorted(owed)):
        for member_id, ledger in load_dues(Q(pk__in=chunk), first, last).items():
            owed[member_id] = sum(
                due - paid for _month, due, paid in ledger.months(first, last, rules) if paid < due
            )
    return owed


def record_meeting_dues(meeting: Meeting, amounts: dict[int, int], *, by: User | None) -> None:
    """Set what each member paid at the meeting (the roll's dues column), the meeting date
    being the day paid. Saving the same roll twice changes nothing (the autosave does): a
    member whose amount is unchanged is left alone, a changed one has the meeting's payment
    taken back and recorded again (paying the oldest months first). Runs inside the minutes'
    save, so a refusal leaves the minutes unsaved too, with the member named."""
    stored = paid_at_meeting(meeting)
    changed = {
        member_id: amount
        for member_id, amount in amounts.items()
        if amount != stored.get(member_id, 0)
    }
    if not changed:
        return
    DuesPayment.objects.filter(meeting=meeting, member_id__in=list(changed)).delete()
    members = Member.objects.in_bulk([m for m, amount in changed.items() if amount])
    for member_id, amount in changed.items():
        if not amount:
            continue
        member = members[member_id]
        try:
            record_payment(
                member,
                amount=amount,
                paid_on=meeting.held_on,
                cell=meeting.organization,
                by=by,
                meeting=meeting,
            )
        except ValidationError as error:
            message = _("Party dues of %(name)s: %(error)s") % {
                "name": member.full_name,
                "error": " ".join(error.messages),
            }
            raise ValidationError(message) from error
