"""Early warnings: who sees them and who closes them.

A warning follows the organization it is about (a member's warning, the member's cell): whoever
sees that organization in the register sees it — a cell secretary their cell's, committee staff
their cells', the bloc (office, leaders) all. An inspector, who sees nothing of the register by
role alone, sees the warnings about the organizations their teams inspect, and only those
about organizations: the members' ones name members the inspector cannot open.

Closing is a decision of the level responsible (Điều lệ Đảng, article 8: the cell considers
striking off a member, its grassroots committee decides): a member's warning is closed by the
secretary of the member's cell or the committee above it; an organization's warning by the
level above it (the committee for its subordinate cells, the bloc office for grassroots
organizations), never by the organization itself. The bloc office may close any; leaders and
inspectors close none.
"""

from typing import TYPE_CHECKING

from django.db.models import Q

from inspections.early_warnings.choices import MEMBER_KINDS, WarningState
from organizations.access.scope import (
    NOTHING,
    SEEING_ROLES,
    is_office_staff,
    path_q,
    scope_of,
    sees_register,
)
from organizations.choices import OrganizationKind, Role
from partybloc.types import Viewer

if TYPE_CHECKING:
    from inspections.early_warnings.models import EarlyWarning


def _inspected_paths(user: Viewer) -> list[str]:
    if not user or not user.is_authenticated:
        return []
    paths = user.inspection_teams.values_list("team__inspections__organization__path", flat=True)
    return sorted({path for path in paths if path})


def early_warning_scope_q(user: Viewer) -> Q:
    """Warnings the user may see (see the module)."""
    if not user or not user.is_authenticated:
        return NOTHING
    scope = scope_of(user)
    if scope.superuser or scope.has_role(Role.OFFICE_STAFF, Role.LEADER):
        return Q()
    seeing = path_q("organization__path", scope.paths(*SEEING_ROLES))
    inspected = _inspected_paths(user)
    if not inspected:
        return seeing
    return seeing | (~Q(kind__in=MEMBER_KINDS) & path_q("organization__path", inspected))


def sees_early_warnings(user: Viewer) -> bool:
    """The early-warnings page (and its menu entry): whoever sees part of the register, and an
    inspector whose teams have an inspection."""
    return sees_register(user) or bool(_inspected_paths(user))


def _parent_path(path: str) -> str:
    return path[: path.rstrip("/").rfind("/") + 1]


def can_close_early_warning(user: Viewer, warning: "EarlyWarning") -> bool:
    """Record the decision that closes an open warning (see the module)."""
    if warning.state != WarningState.OPEN:
        return False
    scope = scope_of(user)
    organization = warning.organization
    if scope.superuser or scope.within(organization.path, Role.OFFICE_STAFF):
        return True
    if warning.kind in MEMBER_KINDS:
        return scope.holds_on(organization.path, Role.CELL_SECRETARY) or scope.within(
            organization.path, Role.COMMITTEE_STAFF
        )
    if organization.kind == OrganizationKind.SUBORDINATE_CELL:
        return scope.holds_on(_parent_path(organization.path), Role.COMMITTEE_STAFF)
    return False


def can_refresh_early_warnings(user: Viewer) -> bool:
    """Recompute the warnings now (the daily run does it every day): the bloc office."""
    return is_office_staff(user)
