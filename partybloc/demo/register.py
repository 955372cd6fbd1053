"""The demo register: a bloc shaped like the one seed 001 reports, with the dated history the
register keeps: status changes, placements, leaders over two terms, transfers, members who
left, and one merged cell (the bloc's figures are in data/bloc.py).

build() draws everything from one seeded random.Random, so two runs give the same agencies,
names, national IDs and card numbers. Only the dates a demo must show as recent (probationary
members due for recognition, transfers of the last two years, the merge six months ago) count
back from `today`, and no random draw depends on `today`: the same draws land on other days.

load() writes a plan with bulk_create. That skips Model.save(), so the fields save() derives
(an organization's path, depth and sort keys, a member's sort key and search text) are set here,
and so is the first copy of each organization, member and leadership post in its history of
changes (which save() would write): the rows as loaded, by nobody.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from members.models import (
    LeadershipPosition,
    Member,
    MemberPlacement,
    MemberStatusChange,
    Status,
)
from organizations.models import HostAgency, Organization, ParentLink
from partybloc.demo.data.bloc import (
    ADMITTED_PER_YEAR,
    BLOC_CONGRESS,
    BLOC_FOUNDED,
    BLOC_NAME,
    BLOC_OFFICE,
    BLOC_PREVIOUS_CONGRESS,
    CELL_AGENCIES,
    COMMITTEE_AGENCIES,
    ENDED_PER_COPY,
    EXEMPT_SHARE,
    INTERNAL_TRANSFERS_PER_COPY,
    LEFT_AT_OWN_REQUEST,
    LOGIN_GRASSROOTS_CELL,
    MEMBERS_PER_COPY,
    MERGE,
    MERGE_MONTHS_AGO_DAYS,
    OVERDUE_PROBATION_DAYS,
    SUBORDINATE_CELLS_PER_COPY,
    TERM,
    YOUNG_SHARE,
    YOUTH_ADMITTED_PER_YEAR,
    AgencySpec,
)
from partybloc.demo.data.people import END_REASONS, OUTSIDE_ORGANIZATIONS
from partybloc.demo.draws import Draws, days
from partybloc.demo.leaders import Leaders
from partybloc.demo.people import People
from partybloc.demo.plan import BlocCopy, DemoPlan, Draft, Stay

SEED = 2305
BATCH_SIZE = 2000

Kind = Organization.Kind
Reason = MemberPlacement.Reason
day = datetime.date


def build(scale: int = 1, today: datetime.date | None = None, seed: int = SEED) -> DemoPlan:
    """Draw the whole demo bloc in memory: nothing touches the database."""
    return _Builder(scale, today or timezone.localdate(), seed).build()


class _Builder:
    """Draws the tree, fills its cells with members (the People drawer), ends some memberships,
    moves a few members, merges one cell, and has the Leaders appointed, copy by copy."""

    def __init__(self, scale: int, today: datetime.date, seed: int):
        if len(COMMITTEE_AGENCIES) + len(CELL_AGENCIES) != 56:
            raise AssertionError("Seed 001 has 56 grassroots organizations.")
        if sum(len(spec.units) for spec in COMMITTEE_AGENCIES) != SUBORDINATE_CELLS_PER_COPY:
            raise AssertionError("Seed 001 has 161 subordinate cells.")
        self.draws = Draws(seed, today)
        self.rng = self.draws.rng
        self.plan = DemoPlan(today=today, scale=scale)
        self.merge_on = today - days(MERGE_MONTHS_AGO_DAYS)
        # Keyed by id() of the unsaved organization: model instances hash by pk, still None.
        self.previous_congress: dict[int, datetime.date] = {}
        self.parent_links: dict[int, ParentLink] = {}
        self.people = People(self.draws)
        self.leaders = Leaders(self.draws, self.plan, self.previous_congress)

    # The whole bloc.

    def build(self) -> DemoPlan:
        plan = self.plan
        plan.bloc = self.organization(
            BLOC_NAME, Kind.BLOC, None, None, BLOC_FOUNDED,
            congress=BLOC_CONGRESS, regulation=(day(2025, 9, 5), self.draws.past(day(2026, 3, 20))),
            previous_congress=BLOC_PREVIOUS_CONGRESS,
        )  # fmt: skip
        copies = [self.build_copy(index) for index in range(1, plan.scale + 1)]
        self.leaders.appoint_bloc(copies[0])
        plan.logins = self.leaders.logins(copies[0])
        for copy in copies:
            for drafts in copy.drafts.values():
                for draft in drafts:
                    self.finish(draft)
        return plan

    def organization(
        self,
        name: str,
        kind: str,
        parent: Organization | None,
        agency: HostAgency | None,
        founded: datetime.date,
        *,
        congress: datetime.date,
        regulation: tuple[datetime.date | None, datetime.date | None],
        previous_congress: datetime.date | None = None,
    ) -> Organization:
        adopted, revised = regulation
        organization = Organization(
            name=name,
            kind=kind,
            parent=parent,
            host_agency=agency,
            founded_on=founded,
            term_start_year=TERM[0],
            term_end_year=TERM[1],
            congress_held_on=congress,
            regulation_adopted_on=adopted,
            regulation_revised_on=revised,
        )
        self.previous_congress[id(organization)] = previous_congress or congress
        if kind in Organization.GRASSROOTS_KINDS:
            self.plan.grassroots.append(organization)
        elif kind == Kind.SUBORDINATE_CELL:
            self.plan.cells.append(organization)
        link = ParentLink(organization=organization, parent=parent, valid_from=founded)
        self.parent_links[id(organization)] = link
        self.plan.parent_links.append(link)
        return organization

    def build_copy(self, index: int) -> BlocCopy:
        copy = BlocCopy(index)
        suffix = "" if index == 1 else f" ({index})"
        specs = [*COMMITTEE_AGENCIES, *CELL_AGENCIES]
        terms = self.grassroots_terms(specs)
        for position, spec in enumerate(specs):
            agency = HostAgency(name=spec.name + suffix, workforce=spec.workforce)
            self.plan.agencies.append(agency)
            is_committee = position < len(COMMITTEE_AGENCIES)
            kind = Kind.COMMITTEE if is_committee else Kind.GRASSROOTS_CELL
            prefix = "Đảng bộ" if is_committee else "Chi bộ"
            # Most organizations date from the province's re-establishment; some came later.
            if self.rng.random() < 0.6:
                founded = self.draws.date_between(day(1992, 5, 1), day(1995, 12, 31))
            else:
                founded = self.draws.date_between(day(1996, 1, 1), day(2012, 12, 31))
            congress, previous, regulation = terms[position]
            organization = self.organization(
                f"{prefix} {spec.name}{suffix}", kind, self.plan.bloc, agency, founded,
                congress=congress, regulation=regulation, previous_congress=previous,
            )  # fmt: skip
            copy.grassroots.append((spec, organization))
            if is_committee:
                for unit in self.units_of(spec):
                    copy.cells.append((self.subordinate_cell(organization, unit), spec, unit))
            else:
                copy.cells.append((organization, spec, ""))
        copy.merged = copy.cell(MERGE[0], MERGE[1])
        copy.successor = copy.cell(MERGE[0], MERGE[2])
        self.members_of(copy)
        self.ended_members(copy)
        self.internal_transfers(copy)
        self.merge(copy)
        self.leaders.appoint(copy)
        return copy

    @staticmethod
    def units_of(spec: AgencySpec) -> tuple[str, ...]:
        if spec.name == MERGE[0]:
            return (*spec.units, MERGE[1])
        return spec.units

    def grassroots_terms(self, specs: list[AgencySpec]) -> list[tuple]:
        """(congress, previous congress, (regulation adopted, revised)) for each grassroots
        organization: most held their 2025 congress and adopted a regulation after it; a few
        did not hold it yet, a few kept the old regulation, a few have none recorded."""
        # Where the demo logins and the bloc's own office sit, the record is clean.
        protected = (MERGE[0], BLOC_OFFICE, LOGIN_GRASSROOTS_CELL)
        candidates = [i for i, spec in enumerate(specs) if spec.name not in protected]
        flagged = self.rng.sample(candidates, 8)
        without = 2 + (self.rng.random() < 0.5)
        no_congress = set(flagged[:without])
        stale = set(flagged[without : without + 3])
        no_regulation = set(flagged[without + 3 : without + 5])
        terms = []
        for position in range(len(specs)):
            previous = self.draws.date_between(day(2020, 4, 15), day(2020, 7, 10))
            congress = self.draws.date_between(day(2025, 5, 20), day(2025, 7, 10))
            adopted = congress + days(self.rng.randint(10, 75))
            revised = self.draws.date_between(day(2026, 1, 5), day(2026, 9, 10))
            keeps_revision = self.rng.random() < 0.35
            if position in no_congress:
                congress = previous
                adopted = previous + days(self.rng.randint(20, 90))
            elif position in stale:
                adopted, keeps_revision = previous + days(self.rng.randint(20, 90)), False
            if position in no_regulation:
                adopted, keeps_revision = None, False
            regulation = (adopted, self.draws.past(revised) if keeps_revision else None)
            terms.append((congress, previous, regulation))
        return terms

    def subordinate_cell(self, committee: Organization, unit: str) -> Organization:
        founded = min(committee.founded_on + days(self.rng.randint(0, 3000)), day(2016, 12, 31))
        previous = self.draws.date_between(day(2020, 3, 1), day(2020, 4, 10))
        congress = self.draws.date_between(day(2025, 3, 1), day(2025, 5, 15))
        draw = self.rng.random()
        if draw < 0.03:  # the regulation of the last term was never revised
            regulation = (previous + days(self.rng.randint(15, 60)), None)
        elif draw < 0.05:
            regulation = (None, None)
        else:
            adopted = congress + days(self.rng.randint(10, 60))
            revised = self.draws.date_between(day(2026, 1, 5), day(2026, 9, 10))
            regulation = (adopted, self.draws.past(revised) if self.rng.random() < 0.2 else None)
        return self.organization(
            f"Chi bộ {unit}", Kind.SUBORDINATE_CELL, committee, None, founded,
            congress=congress, regulation=regulation, previous_congress=previous,
        )  # fmt: skip

    # How many members each cell holds.

    def settle(self, sizes: list[int], bounds: list[tuple[int, int]], total: int) -> None:
        """Nudge sizes one member at a time, inside their bounds, until they sum to total."""
        while (difference := total - sum(sizes)) != 0:
            step = 1 if difference > 0 else -1
            room = [
                i for i, size in enumerate(sizes) if bounds[i][0] <= size + step <= bounds[i][1]
            ]
            if not room:
                raise AssertionError("The demo sizes cannot reach the member total.")
            sizes[self.rng.choice(room)] += step

    def cell_sizes(self, copy: BlocCopy) -> dict[int, int]:
        """Active members per cell: a grassroots organization's share follows its agency's
        workforce (seed 001: 2,305 members in agencies of over 5,000 people)."""
        specs = [spec for spec, _org in copy.grassroots]
        bounds = []
        for spec in specs:
            if spec.units:
                cells = len(self.units_of(spec))
                bounds.append((max(30, 4 * cells), 22 * cells))
            else:
                largest = 29 if spec.name != BLOC_OFFICE else 14
                smallest = 8 if spec.name != BLOC_OFFICE else 11
                bounds.append((smallest, min(largest, spec.workforce * 4 // 5)))
        weights = [spec.workforce * self.rng.uniform(0.85, 1.15) for spec in specs]
        total_weight = sum(weights)
        sizes = [
            min(max(round(MEMBERS_PER_COPY * weight / total_weight), low), high)
            for weight, (low, high) in zip(weights, bounds, strict=True)
        ]
        self.settle(sizes, bounds, MEMBERS_PER_COPY)
        by_cell = {}
        for (spec, organization), size in zip(copy.grassroots, sizes, strict=True):
            if not spec.units:
                by_cell[id(organization)] = size
                continue
            cells = [cell for cell, cell_spec, _unit in copy.cells if cell_spec is spec]
            # The merged cell was small, and the two together still make a workable cell.
            cell_bounds = [
                (4, 6) if cell is copy.merged else (6, 14) if cell is copy.successor else (3, 25)
                for cell in cells
            ]
            cell_weights = [self.rng.uniform(0.6, 1.4) for _cell in cells]
            total = sum(cell_weights)
            cell_sizes = [
                min(max(round(size * weight / total), low), high)
                for weight, (low, high) in zip(cell_weights, cell_bounds, strict=True)
            ]
            self.settle(cell_sizes, cell_bounds, size)
            by_cell.update(zip(map(id, cells), cell_sizes, strict=True))
        return by_cell

    # Members.

    def members_of(self, copy: BlocCopy) -> None:
        sizes = self.cell_sizes(copy)
        slots = []
        for organization, spec, unit in copy.cells:
            all_long_standing = organization is copy.merged or spec.name == BLOC_OFFICE
            for position in range(sizes[id(organization)]):
                draw = self.rng.random()
                if position == 0 or all_long_standing or draw >= YOUNG_SHARE + EXEMPT_SHARE:
                    profile = "old"
                elif draw < YOUNG_SHARE:
                    profile = "young"
                else:
                    profile = "exempt"
                slots.append((organization, spec, unit, profile))
        admissions = self.recent_admissions([i for i, s in enumerate(slots) if s[3] == "young"])
        for position, (organization, spec, unit, profile) in enumerate(slots):
            recent = admissions.get(position)
            if recent:
                profile = recent[0]
            draft = self.people.member(organization, spec, unit, profile, recent=recent)
            copy.drafts.setdefault(id(organization), []).append(draft)

    @staticmethod
    def recent_admissions(positions: list[int]) -> dict[int, tuple[str, int, bool]]:
        """The members admitted lately, newest first, one every 365/129 days from yesterday
        ago: (profile, days since admission, youth-union member) by slot. Any twelve months
        hold 129 of them, 81 youth (seed 001's year), and who is probationary depends on the
        rank alone, so another day moves the dates and nothing else. Two stay probationary
        past their year: their recognition is overdue. The ranks run through the cells in a
        fixed scrambled order, so the newest members are spread over the bloc."""
        ranked = sorted(positions, key=lambda position: position * 2654435761 % 2**32)
        overdue = list(OVERDUE_PROBATION_DAYS)
        result = {}
        for rank, position in enumerate(ranked):
            days_ago = 1 + rank * 365 // ADMITTED_PER_YEAR
            youth = (rank + 1) * YOUTH_ADMITTED_PER_YEAR // ADMITTED_PER_YEAR > (
                rank * YOUTH_ADMITTED_PER_YEAR // ADMITTED_PER_YEAR
            )
            profile = "probationary" if days_ago < 365 else "recent"
            if profile == "recent" and overdue and days_ago >= overdue[0]:
                profile = "probationary"
                overdue.pop(0)
            result[position] = (profile, days_ago, youth)
        return result

    def ended_members(self, copy: BlocCopy) -> None:
        """Members whose membership ended: their rows stay, with the history that ended it."""
        draws = self.draws
        cells = [entry for entry in copy.cells if entry[0] is not copy.merged]
        for status, count in ENDED_PER_COPY.items():
            for _number in range(count):
                if status == Status.LEFT:
                    organization, spec, unit = next(
                        entry
                        for entry in copy.cells
                        if (entry[1].name, entry[2]) == LEFT_AT_OWN_REQUEST
                    )
                else:
                    organization, spec, unit = self.rng.choice(cells)
                draft = self.people.member(
                    organization, spec, unit, "ended",
                    person_profile="deceased" if status == Status.DECEASED else "old",
                )  # fmt: skip
                if status == Status.LEFT:
                    draft.member.job, draft.member.position = "Lái xe", "Nhân viên lái xe"
                official_on = draft.events[-1][1]
                ended_on = draws.past(draws.date_between(day(2024, 1, 1), day(2026, 9, 30)))
                ended_on = max(ended_on, official_on + days(30), draft.first_joined + days(30))
                stay = draft.stays[-1]
                stay.ended_on = ended_on
                if status == Status.TRANSFERRED_OUT:
                    stay.went_to = self.rng.choice(OUTSIDE_ORGANIZATIONS)
                    reason, decision = f"Chuyển sinh hoạt đảng chính thức đến {stay.went_to}", ""
                else:
                    reason = self.rng.choice(END_REASONS[status])
                    issuer = "UBKTĐUK" if status == Status.EXPELLED else "ĐUK"
                    decision = "" if status == Status.DECEASED else self.draws.decision(issuer)
                draft.events.append((status, ended_on, reason, decision))
                copy.drafts.setdefault(id(organization), []).append(draft)

    def internal_transfers(self, copy: BlocCopy) -> None:
        """About 1% moved between cells of the bloc during the last two years."""
        candidates = [
            draft
            for organization, _spec, _unit in copy.cells
            if organization not in (copy.merged, copy.successor)
            for draft in copy.drafts[id(organization)][1:]
            if draft.profile == "old"
        ]
        origins = [cell for cell, _spec, _unit in copy.cells if cell is not copy.merged]
        for draft in self.rng.sample(candidates, INTERNAL_TRANSFERS_PER_COPY):
            stay = draft.stays[0]
            origin = self.rng.choice(origins)
            days_ago = self.rng.randint(30, 700)
            if origin is stay.organization or origin.founded_on > stay.started_on:
                continue
            moved_on = max(self.draws.today - days(days_ago), stay.started_on + days(30))
            draft.stays = [
                Stay(origin, stay.started_on, stay.reason, moved_on, came_from=stay.came_from),
                Stay(
                    stay.organization,
                    moved_on,
                    Reason.TRANSFER,
                    note=f"Chuyển sinh hoạt đảng từ {origin.name}",
                ),
            ]
            draft.transferred = True

    def merge(self, copy: BlocCopy) -> None:
        merged, successor = copy.merged, copy.successor
        merged.ended_on = self.merge_on
        merged.end_kind = Organization.EndKind.MERGED
        merged.end_decision = self.draws.decision("ĐU")
        self.plan.merges.append((merged, successor))
        self.parent_links[id(merged)].valid_to = self.merge_on
        note = f"{merged.name} sáp nhập vào {successor.name}"
        for draft in copy.drafts[id(merged)]:
            if draft.stays[-1].ended_on is not None:
                continue
            draft.stays[-1].ended_on = self.merge_on
            draft.stays.append(Stay(successor, self.merge_on, Reason.RESTRUCTURE, note=note))

    # History rows.

    def finish(self, draft: Draft) -> None:
        """Turn a draft into the member row and its history, the row agreeing with the last
        entry of each history."""
        member = draft.member
        for status, effective_on, reason, decision in draft.events:
            self.plan.status_changes.append(
                MemberStatusChange(
                    member=member,
                    status=status,
                    effective_on=effective_on,
                    reason=reason,
                    decision_number=decision,
                )
            )
        for stay in draft.stays:
            self.plan.placements.append(
                MemberPlacement(
                    member=member,
                    organization=stay.organization,
                    started_on=stay.started_on,
                    ended_on=stay.ended_on,
                    reason=stay.reason,
                    came_from=stay.came_from,
                    went_to=stay.went_to,
                    note=stay.note,
                )
            )
        member.status, member.status_since = draft.events[-1][:2]
        member.organization = draft.stays[-1].organization
        member.refresh_derived()
        self.plan.members.append(member)


# --- Writing it ------------------------------------------------------------------------------


def _create_organizations(organizations: list[Organization]) -> None:
    """bulk_create skips save(): derive the folded name and sort key, then, once the new ids
    are known, the materialized path (parents are always created before their children)."""
    for organization in organizations:
        organization.refresh_derived()
    Organization.objects.bulk_create(organizations, batch_size=BATCH_SIZE)
    for organization in organizations:
        organization.refresh_path()
    Organization.objects.bulk_update(organizations, ["path", "depth"], batch_size=BATCH_SIZE)


@transaction.atomic
def load(plan: DemoPlan) -> None:
    HostAgency.objects.bulk_create(plan.agencies, batch_size=BATCH_SIZE)
    _create_organizations([plan.bloc])
    _create_organizations(plan.grassroots)
    _create_organizations(plan.cells)
    # The successor is a sibling created in the same batch: its id is known only now.
    for merged, successor in plan.merges:
        merged.successor = successor
    Organization.objects.bulk_update([merged for merged, _ in plan.merges], ["successor"])
    ParentLink.objects.bulk_create(plan.parent_links, batch_size=BATCH_SIZE)
    Member.objects.bulk_create(plan.members, batch_size=BATCH_SIZE)
    MemberStatusChange.objects.bulk_create(plan.status_changes, batch_size=BATCH_SIZE)
    MemberPlacement.objects.bulk_create(plan.placements, batch_size=BATCH_SIZE)
    LeadershipPosition.objects.bulk_create(plan.positions, batch_size=BATCH_SIZE)
    # Written last, with the rows in their final state (paths, successors).
    for model, rows in (
        (Organization, [plan.bloc, *plan.grassroots, *plan.cells]),
        (Member, plan.members),
        (LeadershipPosition, plan.positions),
    ):
        model.history.bulk_history_create(rows, batch_size=BATCH_SIZE)
