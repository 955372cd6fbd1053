"""Reports and the leaders' dashboard."""

from typing import TYPE_CHECKING

from django.db.models import Q

from organizations.access.scope import NOTHING, is_bloc_wide, path_q, scope_of
from organizations.choices import CELL_KINDS, GRASSROOTS_KINDS, OrganizationKind, Role
from partybloc.types import Viewer

if TYPE_CHECKING:
    from organizations.models import Organization


# A report speaks for the bloc or a grassroots organization, never for a subordinate cell.
REPORTING_KINDS = (OrganizationKind.BLOC, *GRASSROOTS_KINDS)


def can_prepare_report(user: Viewer, scope: "Organization") -> bool:
    """The bloc office prepares the bloc's reports and any grassroots organization's; a
    committee's staff prepare their committee's own."""
    if scope.kind in CELL_KINDS and scope.kind != OrganizationKind.GRASSROOTS_CELL:
        return False
    s = scope_of(user)
    return (
        s.superuser
        or s.within(scope.path, Role.OFFICE_STAFF)
        or (
            scope.kind == OrganizationKind.COMMITTEE
            and s.holds_on(scope.path, Role.COMMITTEE_STAFF)
        )
    )


def report_scope_q(user: Viewer) -> Q:
    """Organizations whose reports the user prepares (see can_prepare_report)."""
    s = scope_of(user)
    if s.superuser:
        return Q(kind__in=REPORTING_KINDS)
    office = path_q("path", s.paths(Role.OFFICE_STAFF))
    committee_paths = s.paths(Role.COMMITTEE_STAFF)
    committee = (
        Q(kind=OrganizationKind.COMMITTEE, path__in=committee_paths) if committee_paths else NOTHING
    )
    return Q(kind__in=REPORTING_KINDS) & (office | committee)


def prepares_reports(user: Viewer) -> bool:
    s = scope_of(user)
    return s.superuser or s.has_role(Role.OFFICE_STAFF, Role.COMMITTEE_STAFF)


def can_see_dashboard(user: Viewer) -> bool:
    return is_bloc_wide(user) or scope_of(user).has_role(Role.COMMITTEE_STAFF)


def dashboard_scope_q(user: Viewer) -> Q:
    """The organizations whose dashboard a user may open: the bloc and its grassroots
    organizations for bloc-wide users, their own committees for committee staff."""
    if is_bloc_wide(user):
        return Q(parent__isnull=True) | Q(kind__in=GRASSROOTS_KINDS)
    committee_paths = scope_of(user).paths(Role.COMMITTEE_STAFF)
    return Q(path__in=committee_paths) if committee_paths else NOTHING
