"""Two years of party dues for the demo bloc (last year and this one): an income basis for
every member (a salary, or a pension for the oldest), a raise for some from July this year, the
dues paid at each month's cell meeting, remittances up the tree; and members in arrears: a few
who stopped paying three to five months ago (the early warnings list them, one in each demo
secretary's cell), a few a month or two behind, a few who paid late and caught up.
Deterministic for a given day; bulk inserts throughout, no query per member."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

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
from members.dues.services import Rules, last_ended_month
from members.models import ACTIVE_STATUSES, Member, Status
from organizations.models import Organization, RoleAssignment
from partybloc.demo.draws import days
from partybloc.demo.plan import DemoPlan

RETIREMENT_AGE = 61


@dataclass
class Behaviour:
    """How a member pays: on time, `late` months behind, or stopped `stopped` months ago."""

    late: int = 0  # each month paid this many months later (caught up by now)
    behind: int = 0  # the last months not paid yet


def load(plan: DemoPlan, *, today: datetime.date | None = None) -> None:
    today = today or plan.today
    rng = random.Random(342)
    rules = Rules(DuesRule.objects.all())
    if not rules.rules:
        return
    ended = last_ended_month(today)
    first = datetime.date(today.year - 1, 1, 1) if plan.scale == 1 else _back(ended, 2)
    raise_on = datetime.date(today.year, 7, 1)
    bases, basis_of = [], {}
    for member in plan.members:
        start = max(first, month_start(member.admitted_on))
        age = start.year - member.date_of_birth.year
        if age >= RETIREMENT_AGE:
            category, income = Category.PENSIONER, rng.randrange(45, 120) * 100_000
        else:
            category, income = Category.SALARIED, rng.randrange(55, 260) * 100_000
        bases.append(_basis(member, category, income, start))
        basis_of[member.pk] = [(start, category, income)]
        if category == Category.SALARIED and start < raise_on <= today and rng.random() < 0.3:
            raised = income + rng.randrange(3, 15) * 100_000
            bases.append(_basis(member, category, raised, raise_on))
            basis_of[member.pk].append((raise_on, category, raised))
    IncomeBasis.objects.bulk_create(bases, batch_size=5000)

    behaviour = _behaviours(plan, rng)
    # Dues are paid at the cell's regular meeting of the month (one query for all of them).
    meetings = {
        (org_id, period): (pk, held_on)
        for pk, org_id, period, held_on in Meeting.objects.filter(
            kind=Meeting.Kind.REGULAR, period__gte=first
        ).values_list("pk", "organization_id", "period", "held_on")
    }
    payments = []
    collected: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for member in plan.members:
        if member.pk not in basis_of:
            continue
        left = None if member.status in ACTIVE_STATUSES else month_start(member.status_since)
        way = behaviour.get(member.pk, Behaviour())
        months = [
            month
            for month in months_between(max(first, month_start(member.admitted_on)), ended)
            if left is None or month < left
        ]
        if way.behind:
            months = months[: -way.behind] if len(months) > way.behind else []
        for month in months:
            paid_in = _forward(month, way.late)
            if paid_in > ended:
                paid_in = ended
            meeting, paid_on = meetings.get(
                (member.organization_id, paid_in), (None, paid_in.replace(day=10))
            )
            if paid_on > today:
                paid_on = today
            due = _due(basis_of[member.pk], month, rules)
            if not due:
                continue
            payments.append(
                DuesPayment(
                    member=member,
                    organization_id=member.organization_id,
                    month=month,
                    amount=due,
                    paid_on=paid_on,
                    meeting_id=meeting,
                )
            )
            collected[(member.organization_id, month_start(paid_on))] += due
    DuesPayment.objects.bulk_create(payments, batch_size=5000)
    Remittance.objects.bulk_create(
        _remittances(plan, collected, rules, ended, rng), batch_size=5000
    )


def _basis(member: Member, category: str, income: int, start: datetime.date) -> IncomeBasis:
    return IncomeBasis(
        member=member, category=category, monthly_income=income, effective_from=start
    )


def _due(bases: list[tuple], month: datetime.date, rules: Rules) -> int:
    last_day = next_month(month) - days(1)
    basis = None
    for start, category, income in bases:
        if start <= last_day:
            basis = (category, income)
    rule = rules.on(month)
    if basis is None or rule is None:
        return 0
    return rule.due(*basis)


def _behaviours(plan: DemoPlan, rng: random.Random) -> dict[int, Behaviour]:
    """Who does not pay on time: about 1% stopped three to five months ago (at least one in
    each demo secretary's cell, so the secretary sees one), 2% are a month or two behind, 3%
    paid each month a month late."""
    demo_cells = {
        login.organization.pk
        for login in plan.logins
        if login.role == RoleAssignment.Role.CELL_SECRETARY
    }
    holders = {login.holder.pk for login in plan.logins}
    found: dict[int, Behaviour] = {}
    active = [m for m in plan.members if m.status in ACTIVE_STATUSES and m.status != Status.EXEMPT]
    for cell in sorted(demo_cells):
        member = next(
            (m for m in active if m.organization_id == cell and m.pk not in holders), None
        )
        if member is not None:
            found[member.pk] = Behaviour(behind=3 + len(found) % 2)
    for member in active:
        if member.pk in found or member.pk in holders:
            continue
        draw = rng.random()
        if draw < 0.01:
            found[member.pk] = Behaviour(behind=rng.randint(3, 5))
        elif draw < 0.03:
            found[member.pk] = Behaviour(behind=rng.randint(1, 2))
        elif draw < 0.06:
            found[member.pk] = Behaviour(late=1)
    return found


def _remittances(
    plan: DemoPlan,
    collected: dict[tuple[int, datetime.date], int],
    rules: Rules,
    ended: datetime.date,
    rng: random.Random,
) -> list[Remittance]:
    """Each cell remits its month's collection less its share around the 20th of the next
    month; each grassroots organization remits to the bloc what is not its share around the
    25th. Last month's are not all in yet."""
    organizations = {org.pk: org for org in plan.organizations}
    by_grassroots: dict[tuple[int, datetime.date], int] = defaultdict(int)
    rows = []
    for (cell_id, month), amount in sorted(collected.items()):
        cell = organizations.get(cell_id)
        rule = rules.on(month)
        if cell is None or rule is None:
            continue
        grassroots = cell if cell.kind == Organization.Kind.GRASSROOTS_CELL else cell.parent
        by_grassroots[(grassroots.pk, month)] += amount
        if cell.kind != Organization.Kind.SUBORDINATE_CELL or _late(month, ended, rng):
            continue
        rows.append(
            Remittance(
                organization=cell,
                month=month,
                amount=amount - rule.kept_by_cell(amount),
                remitted_on=next_month(month).replace(day=rng.randint(15, 22)),
            )
        )
    for (grassroots_id, month), amount in sorted(by_grassroots.items()):
        rule = rules.on(month)
        if _late(month, ended, rng):
            continue
        rows.append(
            Remittance(
                organization=organizations[grassroots_id],
                month=month,
                amount=amount - rule.kept_by_grassroots(amount),
                remitted_on=next_month(month).replace(day=rng.randint(23, 28)),
            )
        )
    return [row for row in rows if row.remitted_on <= plan.today]


def _late(month: datetime.date, ended: datetime.date, rng: random.Random) -> bool:
    """Last month's remittance is not always made yet; this month's never."""
    return month > ended or (month == ended and rng.random() < 0.4)


def _forward(month: datetime.date, count: int) -> datetime.date:
    for _ in range(count):
        month = next_month(month)
    return month


def _back(month: datetime.date, count: int) -> datetime.date:
    for _ in range(count):
        month = (month - days(1)).replace(day=1)
    return month
