"""User accounts: lifting sign-in locks and setting temporary passwords."""

from django.db.models import Q

from organizations.access.scope import (
    NOTHING,
    is_office_staff,
    organization_scope_q,
    path_q,
    scope_of,
)
from organizations.choices import Role
from partybloc.types import Viewer


def can_manage_accounts(user: Viewer) -> bool:
    """Lift sign-in locks and set temporary passwords: the bloc office."""
    return is_office_staff(user)


def account_scope_q(user: Viewer) -> Q:
    """Users whose password this user may reset: those holding a role in an organization under
    their office staff role; a superuser's only by a superuser. It reaches a user through each
    of their roles: the caller keeps each user once."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    paths = scope.paths(Role.OFFICE_STAFF)
    if not paths:
        return NOTHING
    return path_q("role_assignments__organization__path", paths) & Q(is_superuser=False)


def account_visible_q(user: Viewer) -> Q:
    """Users a user can tell exist: those holding a role in an organization they see (outside
    it an account is not found, 404). Whether they may reset its password is
    `can_manage_accounts` with `account_scope_q` (403 inside the scope without the right)."""
    return organization_scope_q(user, prefix="role_assignments__organization__")
