"""Meetings and minutes: who records them, who reviews them, who excuses a month."""

from typing import TYPE_CHECKING

from django.db.models import Q

from organizations.access.scope import NOTHING, is_office_staff, path_q, scope_of
from organizations.choices import CELL_KINDS, GRASSROOTS_KINDS, OrganizationKind, Role
from partybloc.types import Viewer

if TYPE_CHECKING:
    from organizations.models import Organization


def recordable_q(user: Viewer) -> Q:
    """Organizations whose minutes this user keeps: a cell's secretary keeps the cell's, a
    committee's staff the committee's own. Nobody else, superusers included: minutes are the
    organization's own record."""
    scope = scope_of(user)
    cells = Q(kind__in=CELL_KINDS, path__in=scope.paths(Role.CELL_SECRETARY))
    committees = Q(kind=OrganizationKind.COMMITTEE, path__in=scope.paths(Role.COMMITTEE_STAFF))
    return (cells | committees) & Q(ended_on__isnull=True)


def records_meetings(user: Viewer) -> bool:
    """The user records some organization's meetings (the menu's "record a meeting")."""
    return scope_of(user).has_role(Role.CELL_SECRETARY, Role.COMMITTEE_STAFF)


def can_record_meetings(user: Viewer, organization: "Organization") -> bool:
    scope = scope_of(user)
    if organization.ended_on:
        return False
    if organization.kind in CELL_KINDS:
        return scope.holds_on(organization.path, Role.CELL_SECRETARY)
    if organization.kind == OrganizationKind.COMMITTEE:
        return scope.holds_on(organization.path, Role.COMMITTEE_STAFF)
    return False


def _parent_path(organization: "Organization") -> str:
    return organization.path[: organization.path.rstrip("/").rfind("/") + 1]


def can_review_minutes(user: Viewer, organization: "Organization") -> bool:
    """The level above reviews: the committee for its cells, the bloc for grassroots cells and
    for the committees' own meetings."""
    scope = scope_of(user)
    if scope.superuser:
        return True
    if organization.kind == OrganizationKind.SUBORDINATE_CELL:
        return scope.holds_on(_parent_path(organization), Role.COMMITTEE_STAFF)
    if organization.kind in GRASSROOTS_KINDS:
        return scope.within(organization.path, Role.OFFICE_STAFF)
    return False


def reviewed_organizations_q(user: Viewer, prefix: str = "") -> Q:
    """Organizations whose minutes this user reviews (see can_review_minutes)."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    committee_paths = scope.paths(Role.COMMITTEE_STAFF)
    office_paths = scope.paths(Role.OFFICE_STAFF)
    by_committee = (
        Q(**{f"{prefix}kind": OrganizationKind.SUBORDINATE_CELL})
        & Q(**{f"{prefix}parent__path__in": committee_paths})
        if committee_paths
        else NOTHING
    )
    by_bloc = (
        Q(**{f"{prefix}kind__in": GRASSROOTS_KINDS}) & path_q(f"{prefix}path", office_paths)
        if office_paths
        else NOTHING
    )
    return by_committee | by_bloc


def review_queue_q(user: Viewer) -> Q:
    """Meetings whose minutes this user reviews."""
    return reviewed_organizations_q(user, prefix="organization__")


def reviews_minutes(user: Viewer) -> bool:
    """The user reviews some organization's minutes (the menu's review queue)."""
    scope = scope_of(user)
    return scope.superuser or scope.has_role(Role.OFFICE_STAFF, Role.COMMITTEE_STAFF)


def can_exempt_from_meetings(user: Viewer, organization: "Organization") -> bool:
    """Excuse a cell's regular meeting for a month: the level that reviews its minutes."""
    return organization.kind in CELL_KINDS and can_review_minutes(user, organization)


def exemptable_q(user: Viewer) -> Q:
    """Cells whose month this user may excuse (see can_exempt_from_meetings)."""
    return Q(kind__in=CELL_KINDS) & reviewed_organizations_q(user)


def can_exempt_some_cell(user: Viewer) -> bool:
    """The compliance page offers "excuse a month" to those who review some cell's minutes."""
    return is_office_staff(user) or scope_of(user).has_role(Role.COMMITTEE_STAFF)
