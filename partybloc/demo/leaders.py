"""The demo's leaders: a secretary in every organization and the committees around them, over
this term and, where the congress changed them, the last; the bloc's own leaders drawn from its
office and from the heads of member agencies; and the members who play the demo logins."""

import datetime

from members.models import LeadershipPosition, TheoryLevel
from organizations.models import Organization, RoleAssignment
from partybloc.demo.data.bloc import (
    BLOC_CONGRESS,
    BLOC_OFFICE,
    BLOC_PREVIOUS_CONGRESS,
    LOGIN_GRASSROOTS_CELL,
    MERGE,
    AgencySpec,
    deputy_title,
    unit_head_title,
)
from partybloc.demo.data.people import LEADER_THEORY, THEORY_RANK
from partybloc.demo.draws import Draws
from partybloc.demo.plan import BlocCopy, DemoLogin, DemoPlan, Draft

Kind = Organization.Kind
Post = LeadershipPosition.Post
Role = RoleAssignment.Role


class Leaders:
    """Appoints leaders into the plan's positions as the register builder finishes each copy
    of the bloc, drawing from the build's random source."""

    def __init__(self, draws: Draws, plan: DemoPlan, previous_congress: dict[int, datetime.date]):
        self.draws = draws
        self.rng = draws.rng
        self.plan = plan
        # Keyed by id() of the unsaved organization: model instances hash by pk, still None.
        self.previous_congress = previous_congress
        self.secretaries: dict[int, Draft] = {}
        self.bloc_office: list[Draft] = []

    def pick_leaders(
        self,
        copy: BlocCopy,
        drafts: list[Draft],
        organization: Organization,
        on: datetime.date,
        count: int,
        *,
        senior: bool = False,
    ) -> list[tuple[Draft, datetime.date]]:
        """Members to hold posts in an organization from `on`: long-standing ones who were
        there by then, else (so no cell goes without) whoever is left, from their arrival.
        The first choice leaves out recent transfers, whose dates count back from today."""
        free = [d for d in drafts if id(d) not in copy.taken and d.profile != "ended"]
        arrived = {id(d): d.arrived_in(organization) for d in free}
        tiers = (
            [d for d in free if d.profile == "old" and not d.transferred and arrived[id(d)] <= on],
            [d for d in free if d.profile in ("old", "recent")],
            free,
        )
        chosen: list[Draft] = []
        for tier in tiers:
            pool = [d for d in tier if d not in chosen]
            if senior:
                pool = [d for d in pool if d.member.date_of_birth.year <= 1982] or pool
            chosen.extend(self.rng.sample(pool, min(count - len(chosen), len(pool))))
            if len(chosen) == count:
                break
        return [(d, max(on, arrived[id(d)])) for d in chosen]

    def hold(
        self,
        draft: Draft,
        organization: Organization,
        post: str,
        started_on: datetime.date,
        ended_on: datetime.date | None = None,
        *,
        title: str | None = None,
    ) -> None:
        member = draft.member
        if title:
            member.position = title
        if post in (Post.SECRETARY, Post.DEPUTY) and ended_on is None:
            floor = LEADER_THEORY[organization.kind]
            if THEORY_RANK.index(member.theory_level) < THEORY_RANK.index(floor):
                member.theory_level = floor
        # Who confirms the post: the province for the bloc, the bloc for grassroots
        # organizations, the grassroots committee for its cells.
        issuer = {Kind.BLOC: "TU", Kind.SUBORDINATE_CELL: "ĐU"}.get(organization.kind, "ĐUK")
        self.plan.positions.append(
            LeadershipPosition(
                organization=organization,
                member=member,
                post=post,
                started_on=started_on,
                ended_on=ended_on,
                decision_number=self.draws.decision(issuer),
            )
        )

    def appoint(self, copy: BlocCopy) -> None:
        """The leaders of a copy's grassroots organizations and cells."""
        if copy.index == 1:
            self.reserve_bloc_office(copy)
        for spec, organization in copy.grassroots:
            if spec.units:
                drafts = [
                    draft
                    for cell, cell_spec, _unit in copy.cells
                    if cell_spec is spec
                    for draft in copy.drafts[id(cell)]
                ]
                self.committee_leaders(copy, spec, organization, drafts)
        for organization, spec, unit in copy.cells:
            self.cell_leaders(copy, organization, spec, unit, copy.drafts[id(organization)])

    def committee_leaders(
        self, copy: BlocCopy, spec: AgencySpec, organization: Organization, drafts: list[Draft]
    ) -> None:
        """Đảng ủy cơ sở: the secretary heads the agency and a deputy is a deputy head; the
        standing committee and committee members may also lead their own cells."""
        on = organization.congress_held_on
        deputies = 2 if len(drafts) >= 150 else 1
        picked = self.pick_leaders(copy, drafts, organization, on, 1 + deputies, senior=True)
        for number, (draft, started_on) in enumerate(picked):
            post = Post.SECRETARY if number == 0 else Post.DEPUTY
            title = spec.head if number == 0 else deputy_title(spec.head)
            self.hold(draft, organization, post, started_on, title=title)
            copy.taken.add(id(draft))
            if number == 0:
                self.secretaries[id(organization)] = draft
        self.previous_secretary(copy, organization, drafts)
        standing = self.rng.randint(2, 3)
        ordinary = self.rng.randint(3, 5)
        picked = self.pick_leaders(copy, drafts, organization, on, standing + ordinary)
        for number, (draft, started_on) in enumerate(picked):
            post = Post.STANDING_COMMITTEE if number < standing else Post.COMMITTEE
            self.hold(draft, organization, post, started_on)

    def previous_secretary(
        self, copy: BlocCopy, organization: Organization, drafts: list[Draft]
    ) -> None:
        """Half of the organizations that held their 2025 congress changed secretary there."""
        previous = self.previous_congress[id(organization)]
        congress = organization.congress_held_on
        if previous == congress or self.rng.random() >= 0.5:
            return
        for draft, started_on in self.pick_leaders(copy, drafts, organization, previous, 1):
            if started_on < congress:
                self.hold(draft, organization, Post.SECRETARY, started_on, congress)

    def cell_leaders(
        self,
        copy: BlocCopy,
        organization: Organization,
        spec: AgencySpec,
        unit: str,
        drafts: list[Draft],
    ) -> None:
        """Chi bộ: a secretary, a deputy in all but the smallest, and a cell committee (chi ủy)
        once the cell has nine members or more."""
        size = sum(draft.profile != "ended" for draft in drafts)
        on = organization.congress_held_on
        ended_on = organization.ended_on
        count = 1 + (size >= 5) + (size >= 9) + 2 * (size >= 20)
        # The bloc office's staff already carry the bloc's titles.
        head = None if spec.name == BLOC_OFFICE else unit_head_title(unit) if unit else spec.head
        picked = self.pick_leaders(copy, drafts, organization, on, count)
        for number, (draft, started_on) in enumerate(picked):
            if number == 0:
                post, title = Post.SECRETARY, head
                self.secretaries[id(organization)] = draft
            elif number == 1:
                post, title = Post.DEPUTY, head and deputy_title(head)
            else:
                post, title = Post.COMMITTEE, None
            # Posts in the merged cell ended with it; its leaders now sit in the successor.
            if ended_on:
                started_on, title = min(started_on, ended_on), None
            self.hold(draft, organization, post, started_on, ended_on, title=title)
        if organization.kind == Kind.GRASSROOTS_CELL:
            self.previous_secretary(copy, organization, drafts)

    def reserve_bloc_office(self, copy: BlocCopy) -> None:
        """The bloc's full-time leaders and office staff belong to its own office's cell."""
        organization = copy.cell(BLOC_OFFICE)
        drafts = copy.drafts[id(organization)]
        picked = self.pick_leaders(copy, drafts, organization, BLOC_CONGRESS, 5, senior=True)
        self.bloc_office = [draft for draft, _start in picked]
        titles = (
            "Bí thư Đảng ủy Khối",
            "Phó Bí thư Thường trực Đảng ủy Khối",
            "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối",
            "Chánh Văn phòng Đảng ủy Khối",
            "Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối",
        )
        for draft, title in zip(self.bloc_office, titles, strict=True):
            draft.member.position = title
            draft.member.theory_level = TheoryLevel.ADVANCED
            copy.taken.add(id(draft))

    def appoint_bloc(self, copy: BlocCopy) -> None:
        """Đảng ủy Khối: the secretary and the standing deputy from its office; the other
        deputy, the standing committee and the committee members head member agencies."""
        bloc = self.plan.bloc
        secretary, deputy, inspection_chair, *_staff = self.bloc_office
        self.hold(secretary, bloc, Post.SECRETARY, BLOC_CONGRESS)
        self.hold(deputy, bloc, Post.DEPUTY, BLOC_CONGRESS)
        self.hold(inspection_chair, bloc, Post.STANDING_COMMITTEE, BLOC_CONGRESS)
        # The secretary was the standing deputy of the previous term.
        self.hold(secretary, bloc, Post.DEPUTY, BLOC_PREVIOUS_CONGRESS, BLOC_CONGRESS)
        heads = [
            self.secretaries[id(organization)]
            for spec, organization in copy.grassroots
            if spec.name != BLOC_OFFICE
        ]
        for number, draft in enumerate(self.rng.sample(heads, 10)):
            if number == 0:
                post = Post.DEPUTY
            elif number < 4:
                post = Post.STANDING_COMMITTEE
            else:
                post = Post.COMMITTEE
            self.hold(draft, bloc, post, BLOC_CONGRESS)

    def logins(self, copy: BlocCopy) -> list[DemoLogin]:
        """The member who plays each demo login, in the first copy of the bloc."""
        bloc = self.plan.bloc
        secretary, _deputy, _chair, office_chief, inspector = self.bloc_office
        committee = copy.grassroots_of(MERGE[0])
        committee_deputy = next(
            position.member
            for position in self.plan.positions
            if position.organization is committee and position.post == Post.DEPUTY
        )
        grassroots_cell = copy.cell(LOGIN_GRASSROOTS_CELL)
        cell_secretary = self.secretaries[id(copy.successor)].member
        grassroots_secretary = self.secretaries[id(grassroots_cell)].member
        return [
            DemoLogin("vanphong", Role.OFFICE_STAFF, bloc, office_chief.member, superuser=True),
            DemoLogin("lanhdao", Role.LEADER, bloc, secretary.member),
            DemoLogin("danguy", Role.COMMITTEE_STAFF, committee, committee_deputy),
            DemoLogin("chibo", Role.CELL_SECRETARY, copy.successor, cell_secretary),
            DemoLogin("chibocs", Role.CELL_SECRETARY, grassroots_cell, grassroots_secretary),
            DemoLogin("kiemtra", Role.INSPECTOR, bloc, inspector.member),
        ]
