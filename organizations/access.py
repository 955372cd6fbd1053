"""Who may see and change what: the one place that decides it.

A user holds roles on organizations (RoleAssignment). What a user may see is the union of the
subtrees of the organizations they hold a seeing role on; outside it, objects do not exist for
them (views answer 404). Inside it, the rights below decide what they may change (else 403).

- office staff (on the bloc): see and change the whole register, restructure, use the admin;
- leader (on the bloc): see everything, change nothing;
- grassroots committee staff: see and keep their committee's subtree, restructure its cells;
- cell secretary: see their own cell;
- inspector: nothing of the register by role alone (assignments come with inspections).
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from organizations.models import Organization, RoleAssignment

Role = RoleAssignment.Role
SEEING_ROLES = (Role.OFFICE_STAFF, Role.LEADER, Role.COMMITTEE_STAFF, Role.CELL_SECRETARY)


@dataclass(frozen=True)
class Scope:
    """A user's roles, read once per request: (role, organization path) pairs."""

    grants: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    superuser: bool = False

    def paths(self, *roles) -> list[str]:
        return [path for role, path in self.grants if role in roles]

    def has_role(self, *roles) -> bool:
        return any(role in roles for role, _ in self.grants)

    def within(self, path: str, *roles) -> bool:
        return any(path.startswith(prefix) for prefix in self.paths(*roles))


def scope_of(user) -> Scope:
    if not user or not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_partybloc_scope", None)
    if cached is None:
        grants = tuple(
            RoleAssignment.objects.filter(user=user, organization__ended_on__isnull=True)
            .values_list("role", "organization__path")
            .order_by("role", "organization__path")
        )
        cached = Scope(grants=grants, superuser=user.is_superuser)
        user._partybloc_scope = cached
    return cached


def _path_q(lookup: str, paths: list[str]) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{lookup}__startswith": path}) for path in paths))


def organization_scope_q(user, prefix: str = "") -> Q:
    """Filter for organizations the user may see; prefix reaches them through a relation."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    return _path_q(f"{prefix}path", scope.paths(*SEEING_ROLES))


def member_scope_q(user) -> Q:
    return organization_scope_q(user, prefix="organization__")


def is_office_staff(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.has_role(Role.OFFICE_STAFF)


def is_bloc_wide(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.has_role(Role.OFFICE_STAFF, Role.LEADER)


def can_see_organization(user, organization: Organization) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.within(organization.path, *SEEING_ROLES)


def can_manage_organization(user, organization: Organization) -> bool:
    """Edit an organization's record (name, agency, term, working regulation, leaders)."""
    scope = scope_of(user)
    return scope.superuser or scope.within(
        organization.path, Role.OFFICE_STAFF, Role.COMMITTEE_STAFF
    )


def can_add_child(user, parent: Organization) -> bool:
    scope = scope_of(user)
    if parent.kind in Organization.CELL_KINDS or parent.ended_on:
        return False
    return scope.superuser or scope.within(parent.path, Role.OFFICE_STAFF, Role.COMMITTEE_STAFF)


def can_restructure(user, organization: Organization) -> bool:
    """Merge, split or dissolve: the bloc for anything; a committee for its own cells only."""
    scope = scope_of(user)
    if organization.kind == Organization.Kind.BLOC or organization.ended_on:
        return False
    if scope.superuser or scope.within(organization.path, Role.OFFICE_STAFF):
        return True
    return organization.kind == Organization.Kind.SUBORDINATE_CELL and any(
        organization.path.startswith(path) and organization.path != path
        for path in scope.paths(Role.COMMITTEE_STAFF)
    )


def can_manage_members_of(user, organization: Organization) -> bool:
    """Register, edit, transfer and change the status of members in this organization."""
    scope = scope_of(user)
    return scope.superuser or scope.within(
        organization.path, Role.OFFICE_STAFF, Role.COMMITTEE_STAFF
    )


def manageable_organizations(user):
    """Organizations whose records, children and members this user keeps."""
    scope = scope_of(user)
    qs = Organization.objects.all()
    if scope.superuser:
        return qs
    return qs.filter(_path_q("path", scope.paths(Role.OFFICE_STAFF, Role.COMMITTEE_STAFF)))


def member_destinations(user):
    """Active cells a user may place a member in (register, transfer)."""
    return manageable_organizations(user).active().cells()


def require(allowed: bool) -> None:
    """Inside the user's scope but without the right: 403."""
    if not allowed:
        raise PermissionDenied
