"""What the dues pages and the report show, computed from the ledger with a fixed number of
queries: a cell's collection book (sổ thu, nộp đảng phí) for a year, and the dues of a scope
over a period (collected, kept at each level, remitted, arrears).

What a cell collected in a month is the money it received that month (by the day paid), and
the shares kept are computed month by month with the rule in force that month: a subordinate
cell keeps its share (30% under 342-QĐ/TW) and hands the rest to its grassroots committee; a
grassroots organization (its cells included) keeps its share (50%) and remits the rest to the
bloc."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Sum

from members.dues.models import Remittance, months_between
from members.dues.services import (
    Rules,
    collected_by_month,
    last_ended_month,
    load_dues,
    members_in_arrears,
    month_end,
)
from members.models import ACTIVE_STATUSES, Member
from organizations.choices import CELL_KINDS, GRASSROOTS_KINDS, OrganizationKind
from organizations.models import Organization


@dataclass
class BookCell:
    due: int | None  # None: nothing owed that month (not yet a member, left, no basis)
    paid: int
    owed: bool  # the month has ended and is not fully paid

    @property
    def short(self) -> int:
        return max((self.due or 0) - self.paid, 0)


@dataclass
class BookRow:
    member: Member
    cells: list[BookCell]
    has_basis: bool

    @property
    def due(self) -> int:
        return sum(cell.due or 0 for cell in self.cells)

    @property
    def paid(self) -> int:
        return sum(cell.paid for cell in self.cells)

    @property
    def arrears(self) -> int:
        return sum(cell.short for cell in self.cells if cell.owed)

    @property
    def months_unpaid(self) -> int:
        return sum(1 for cell in self.cells if cell.owed)


@dataclass
class MonthTotals:
    month: datetime.date
    due: int = 0
    collected: int = 0  # received in the month, whatever months it paid for
    kept: int = 0
    to_remit: int = 0
    remitted: int | None = None  # as recorded; None when nothing is recorded
    remitted_on: datetime.date | None = None


@dataclass
class CollectionBook:
    cell: Organization
    year: int
    months: list[datetime.date]
    rows: list[BookRow] = field(default_factory=list)
    totals: list[MonthTotals] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(total.due for total in self.totals)

    @property
    def collected(self) -> int:
        return sum(total.collected for total in self.totals)

    @property
    def kept(self) -> int:
        return sum(total.kept for total in self.totals)

    @property
    def to_remit(self) -> int:
        return sum(total.to_remit for total in self.totals)

    @property
    def remitted(self) -> int:
        return sum(total.remitted or 0 for total in self.totals)

    @property
    def arrears(self) -> int:
        return sum(row.arrears for row in self.rows)


def kept_share(organization: Organization, collected: int, rule) -> int:
    """What the collecting cell keeps of a month's collection."""
    if rule is None:
        return 0
    if organization.kind == OrganizationKind.SUBORDINATE_CELL:
        return rule.kept_by_cell(collected)
    return rule.kept_by_grassroots(collected)


def collection_book(cell: Organization, year: int, *, today: datetime.date) -> CollectionBook:
    """The cell's book for a year: its members now and those who paid into it that year, by
    month; and per month the money received, the share kept, what goes up and what was
    recorded as remitted."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    months = months_between(first, last)
    book = CollectionBook(cell=cell, year=year, months=months)
    members = Q(organization=cell, status__in=ACTIVE_STATUSES) | Q(
        dues_payments__organization=cell, dues_payments__month__year=year
    )
    people = list(Member.objects.filter(members).distinct().order_by("sort_key", "pk"))
    ledgers = load_dues(Q(pk__in=[member.pk for member in people]), first, last)
    rules = Rules()
    ended = last_ended_month(today)
    totals = {month: MonthTotals(month) for month in months}
    for member in people:
        ledger = ledgers.get(member.pk)
        cells = []
        for month in months:
            due = ledger.due(month, rules) if ledger else None
            paid = ledger.paid.get(month, 0) if ledger else 0
            cells.append(BookCell(due, paid, due is not None and month <= ended and paid < due))
            if due:
                totals[month].due += due
        book.rows.append(BookRow(member, cells, has_basis=bool(ledger)))
    collected = collected_by_month(Q(pk=cell.pk), first, last)
    remitted = {
        row.month: row for row in Remittance.objects.filter(organization=cell, month__year=year)
    }
    for month, total in totals.items():
        total.collected = collected.get((cell.pk, month), 0)
        total.kept = kept_share(cell, total.collected, rules.on(month))
        total.to_remit = total.collected - total.kept
        if month in remitted:
            total.remitted = remitted[month].amount
            total.remitted_on = remitted[month].remitted_on
    book.totals = list(totals.values())
    return book


# A scope over a period -------------------------------------------------------------------------


@dataclass
class DuesLine:
    """One organization's dues over the period (or the scope's total)."""

    organization: Organization | None
    collected: int = 0
    kept_by_cells: int = 0  # subordinate cells' share
    kept_by_grassroots: int = 0  # the grassroots organization's share, its cells' included
    to_bloc: int = 0  # what goes up to the bloc
    remitted: int = 0  # remittances recorded by the organization (to the level above)
    arrears_members: int = 0
    arrears_amount: int = 0

    @property
    def kept_by_committee(self) -> int:
        return max(self.kept_by_grassroots - self.kept_by_cells, 0)

    @property
    def kept(self) -> int:
        """Kept on this line: a subordinate cell's share, or a grassroots organization's."""
        return self.kept_by_grassroots or self.kept_by_cells

    @property
    def to_remit(self) -> int:
        """What goes to the level above: a subordinate cell's collection less its share (to
        its committee), or a grassroots organization's (to the bloc)."""
        if self.organization and self.organization.kind == OrganizationKind.SUBORDINATE_CELL:
            return self.collected - self.kept_by_cells
        return self.to_bloc

    def add(self, other: "DuesLine") -> None:
        for name in (
            "collected",
            "kept_by_cells",
            "kept_by_grassroots",
            "to_bloc",
            "remitted",
            "arrears_members",
            "arrears_amount",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class DuesReport:
    scope: Organization
    first: datetime.date
    last: datetime.date  # the period's last month
    lines: list[DuesLine]
    total: DuesLine
    remitted_up: int = 0  # what the scope itself remitted to the level above


def dues_report(
    scope: Organization, first: datetime.date, last: datetime.date, *, as_of: datetime.date
) -> DuesReport:
    """The dues of the scope's subtree over the months first..last, one line per organization
    directly under the scope (per cell for a committee, per grassroots organization for the
    bloc; the cell itself for a cell), with the arrears as of as_of."""
    rules = Rules()
    subtree = Q(path__startswith=scope.path)
    organizations = {org.pk: org for org in Organization.objects.filter(subtree).order_by("path")}
    collected = collected_by_month(subtree & Q(kind__in=CELL_KINDS), first, last)

    def line_of(org_id: int) -> int:
        """The organization of the report's line a row of the subtree falls in."""
        org = organizations[org_id]
        if org.pk == scope.pk:
            return scope.pk
        depth_below = [int(s) for s in org.path[len(scope.path) :].split("/") if s]
        return depth_below[0]

    def grassroots_of(org: Organization) -> int | None:
        """The grassroots organization the cell belongs to, when it lies in the scope (a
        subordinate cell's own report shows no committee share)."""
        for ancestor_id in [int(segment) for segment in org.path.split("/") if segment]:
            ancestor = organizations.get(ancestor_id)
            if ancestor is not None and ancestor.kind in GRASSROOTS_KINDS:
                return ancestor.pk
        return None

    lines: dict[int, DuesLine] = {}
    # A grassroots organization's share is computed on its whole month's collection.
    grassroots_month: dict[tuple[int | None, datetime.date], int] = defaultdict(int)
    grassroots: dict[int, int | None] = {}
    for (cell_id, month), amount in collected.items():
        cell = organizations[cell_id]
        rule = rules.on(month)
        line = lines.setdefault(line_of(cell_id), DuesLine(organizations[line_of(cell_id)]))
        line.collected += amount
        if cell.kind == OrganizationKind.SUBORDINATE_CELL and rule:
            line.kept_by_cells += rule.kept_by_cell(amount)
        if cell_id not in grassroots:
            grassroots[cell_id] = grassroots_of(cell)
        grassroots_month[(grassroots[cell_id], month)] += amount
    for (grassroots_id, month), amount in grassroots_month.items():
        if grassroots_id is None:
            continue
        rule = rules.on(month)
        kept = rule.kept_by_grassroots(amount) if rule else 0
        # On the grassroots organization's line: its own in the bloc's report, the committee's
        # own line in a committee's report (its cells' lines carry what they keep).
        key = line_of(grassroots_id)
        line = lines.setdefault(key, DuesLine(organizations[key]))
        line.kept_by_grassroots += kept
        line.to_bloc += amount - kept
    remitted = (
        Remittance.objects.filter(
            organization__in=list(organizations), month__gte=first, month__lte=last
        )
        .values("organization_id")
        .annotate(total=Sum("amount"))
        .values_list("organization_id", "total")
        .order_by()
    )
    # A line's remittance is what its own organization sent up (a cell's line: to its
    # committee; a grassroots organization's: to the bloc), never its cells' to it.
    for org_id, total in remitted:
        if org_id in organizations and line_of(org_id) == org_id:
            line = lines.setdefault(org_id, DuesLine(organizations[org_id]))
            line.remitted += total
    arrears = members_in_arrears([scope.pk], min(as_of, month_end(last)))
    if arrears:
        paths = dict(
            Member.objects.filter(pk__in=list(arrears)).values_list("pk", "organization_id")
        )
        for member_id, (_months, owed) in arrears.items():
            org_id = paths.get(member_id)
            if org_id not in organizations:
                continue
            key = line_of(org_id)
            line = lines.setdefault(key, DuesLine(organizations[key]))
            line.arrears_members += 1
            line.arrears_amount += owed
    ordered = sorted(lines.values(), key=lambda line: line.organization.path)
    total = DuesLine(scope)
    for line in ordered:
        total.add(line)
    # The total's remittance is what the scope received from the organizations under it; what
    # the scope itself sent up is apart.
    own = lines.get(scope.pk)
    remitted_up = own.remitted if own else 0
    total.remitted -= remitted_up
    return DuesReport(
        scope=scope, first=first, last=last, lines=ordered, total=total, remitted_up=remitted_up
    )
