"""The register: organizations and their members."""

from typing import TYPE_CHECKING

from django.db.models import Q

from organizations.access.scope import SEEING_ROLES, path_q, scope_of
from organizations.choices import CELL_KINDS, OrganizationKind, Role
from partybloc.types import Viewer

if TYPE_CHECKING:
    from organizations.models import Organization


KEEPER_ROLES = (Role.OFFICE_STAFF, Role.COMMITTEE_STAFF)


def can_see_organization(user: Viewer, organization: "Organization") -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.within(organization.path, *SEEING_ROLES)


def keeping_q(user: Viewer, prefix: str = "") -> Q:
    """Organizations whose records, children and members the user keeps (office staff: the
    bloc; committee staff: their committee's subtree)."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    return path_q(f"{prefix}path", scope.paths(*KEEPER_ROLES))


def member_destination_q(user: Viewer) -> Q:
    """Cells a user may place a member in (register, transfer); the caller adds `.active()`."""
    return keeping_q(user) & Q(kind__in=CELL_KINDS)


def keeps_some_organization(user: Viewer) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.has_role(*KEEPER_ROLES)


def can_manage_organization(user: Viewer, organization: "Organization") -> bool:
    """Edit an organization's record (name, agency, term, working regulation, leaders)."""
    scope = scope_of(user)
    return scope.superuser or scope.within(organization.path, *KEEPER_ROLES)


def can_add_child(user: Viewer, parent: "Organization") -> bool:
    if parent.kind in CELL_KINDS or parent.ended_on:
        return False
    return can_manage_organization(user, parent)


def can_add_organizations(user: Viewer) -> bool:
    """Open the form that founds an organization (under one the user keeps)."""
    return keeps_some_organization(user)


def can_restructure(user: Viewer, organization: "Organization") -> bool:
    """Merge, split or dissolve: the bloc for anything; a committee for its own cells only."""
    scope = scope_of(user)
    if organization.kind == OrganizationKind.BLOC or organization.ended_on:
        return False
    if scope.superuser or scope.within(organization.path, Role.OFFICE_STAFF):
        return True
    return organization.kind == OrganizationKind.SUBORDINATE_CELL and any(
        organization.path.startswith(path) and organization.path != path
        for path in scope.paths(Role.COMMITTEE_STAFF)
    )


def can_manage_members_of(user: Viewer, organization: "Organization") -> bool:
    """Register, edit, transfer and change the status of members in this organization."""
    return can_manage_organization(user, organization)


def can_register_members(user: Viewer) -> bool:
    """Open the register form: for those who keep some organization's members."""
    return keeps_some_organization(user)


def can_import_members(user: Viewer) -> bool:
    """Importing is registering in bulk."""
    return can_register_members(user)
