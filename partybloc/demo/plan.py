"""The demo bloc drawn in memory, before anything is saved: the plan the register builder fills
and the parts of the year's work read, and the drafts the builder keeps while it draws."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from members.models import (
    ACTIVE_STATUSES,
    LeadershipPosition,
    Member,
    MemberPlacement,
    MemberStatusChange,
)
from organizations.models import HostAgency, Organization, ParentLink
from partybloc.demo.data.bloc import AgencySpec


@dataclass
class DemoLogin:
    username: str
    role: str
    organization: Organization
    holder: Member  # the member whose name the demo user carries
    superuser: bool = False


@dataclass
class DemoPlan:
    today: datetime.date
    scale: int
    agencies: list[HostAgency] = field(default_factory=list)
    bloc: Organization | None = None
    grassroots: list[Organization] = field(default_factory=list)
    cells: list[Organization] = field(default_factory=list)
    parent_links: list[ParentLink] = field(default_factory=list)
    merges: list[tuple[Organization, Organization]] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    status_changes: list[MemberStatusChange] = field(default_factory=list)
    placements: list[MemberPlacement] = field(default_factory=list)
    positions: list[LeadershipPosition] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)  # by username, once they are saved

    @property
    def organizations(self) -> list[Organization]:
        return [self.bloc, *self.grassroots, *self.cells]

    @property
    def active_members(self) -> list[Member]:
        return [member for member in self.members if member.status in ACTIVE_STATUSES]


@dataclass(eq=False)
class Stay:
    organization: Organization
    started_on: datetime.date
    reason: str
    ended_on: datetime.date | None = None
    came_from: str = ""
    went_to: str = ""
    note: str = ""


@dataclass(eq=False)
class Draft:
    """A member being built, with what leader selection needs to know about them."""

    member: Member
    profile: str  # "old", "recent", "probationary", "exempt" or "ended"
    events: list[tuple[str, datetime.date, str, str]]
    stays: list[Stay]
    transferred: bool = False  # moved between cells of the bloc lately

    @property
    def first_joined(self) -> datetime.date:
        return self.stays[0].started_on

    def arrived_in(self, organization: Organization) -> datetime.date | None:
        """When the member's last stretch in the organization (or its cells) began."""
        arrived, inside = None, False
        for stay in self.stays:
            now_inside = organization in (stay.organization, stay.organization.parent)
            if now_inside and not inside:
                arrived = stay.started_on
            inside = now_inside
        return arrived


@dataclass
class BlocCopy:
    """One copy of the bloc's grassroots organizations (scale N builds N of them)."""

    index: int
    grassroots: list[tuple[AgencySpec, Organization]] = field(default_factory=list)
    cells: list[tuple[Organization, AgencySpec, str]] = field(default_factory=list)
    drafts: dict[int, list[Draft]] = field(default_factory=dict)  # by id() of the cell
    taken: set[int] = field(default_factory=set)  # id() of drafts kept for other posts
    merged: Organization | None = None
    successor: Organization | None = None

    def cell(self, agency: str, unit: str = "") -> Organization:
        for organization, spec, cell_unit in self.cells:
            if spec.name == agency and cell_unit == unit:
                return organization
        raise LookupError(agency, unit)

    def grassroots_of(self, agency: str) -> Organization:
        return next(org for spec, org in self.grassroots if spec.name == agency)
