"""A user's scope: the roles they hold and where, read once per request, and the filters that
keep every list inside it."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from organizations.choices import Role
from partybloc.types import Viewer

# Roles that see the whole subtree of the organization they are held on.
SEEING_ROLES = (Role.OFFICE_STAFF, Role.LEADER, Role.COMMITTEE_STAFF, Role.CELL_SECRETARY)
# Roles that keep an organization's records (minutes, remediation, candidates) below the bloc.
KEEPING_ROLES = (Role.COMMITTEE_STAFF, Role.CELL_SECRETARY)

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """A user's roles: (role, organization path) pairs, and whether the user is a superuser."""

    grants: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    superuser: bool = False

    def paths(self, *roles: str) -> list[str]:
        return [path for role, path in self.grants if role in roles]

    def has_role(self, *roles: str) -> bool:
        return any(role in roles for role, _ in self.grants)

    def within(self, path: str, *roles: str) -> bool:
        """The path lies in the subtree of an organization where one of the roles is held."""
        return any(path.startswith(prefix) for prefix in self.paths(*roles))

    def holds_on(self, path: str, *roles: str) -> bool:
        """One of the roles is held on exactly this organization."""
        return path in self.paths(*roles)


def scope_of(user: Viewer) -> Scope:
    """The user's scope, read once and kept on the user object for the rest of the request."""
    if not user or not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_partybloc_scope", None)
    if cached is None:
        grants = tuple(
            user.role_assignments.filter(organization__ended_on__isnull=True)
            .values_list("role", "organization__path")
            .order_by("role", "organization__path")
        )
        cached = Scope(grants=grants, superuser=user.is_superuser)
        user._partybloc_scope = cached
    return cached


def path_q(lookup: str, paths: list[str]) -> Q:
    """Rows whose `lookup` (a path) lies under any of paths; nothing when paths is empty."""
    if not paths:
        return NOTHING
    return reduce(or_, (Q(**{f"{lookup}__startswith": path}) for path in paths))


def organization_scope_q(user: Viewer, prefix: str = "") -> Q:
    """Organizations the user may see; prefix reaches them through a relation."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    return path_q(f"{prefix}path", scope.paths(*SEEING_ROLES))


def member_scope_q(user: Viewer) -> Q:
    return organization_scope_q(user, prefix="organization__")


def scope_root_q(user: Viewer) -> Q:
    """Where a user's tree starts: the organizations their seeing roles are held on (for a
    superuser without roles, the top of the tree)."""
    scope = scope_of(user)
    if scope.superuser and not scope.grants:
        return Q(parent__isnull=True)
    paths = scope.paths(*SEEING_ROLES)
    return Q(path__in=paths) if paths else NOTHING


def is_office_staff(user: Viewer) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.has_role(Role.OFFICE_STAFF)


def is_bloc_wide(user: Viewer) -> bool:
    """Office staff and leaders see the whole bloc."""
    scope = scope_of(user)
    return scope.superuser or scope.has_role(Role.OFFICE_STAFF, Role.LEADER)


def sees_register(user: Viewer) -> bool:
    """The user holds a role that sees some part of the register (inspectors alone do not)."""
    scope = scope_of(user)
    return scope.superuser or scope.has_role(*SEEING_ROLES)


def require(allowed: bool) -> None:
    """Inside the user's scope but without the right: 403."""
    if not allowed:
        raise PermissionDenied
