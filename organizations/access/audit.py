"""Personal data and its trail: who reads the access log and the history of changes, and who
may take national ID numbers out of the portal in full."""

from typing import TYPE_CHECKING

from django.db.models import Q

from organizations.access.register import KEEPER_ROLES, keeping_q, keeps_some_organization
from organizations.access.scope import NOTHING, is_office_staff, scope_of
from organizations.choices import Role
from partybloc.types import Viewer

if TYPE_CHECKING:
    from organizations.models import Organization


def can_read_access_log(user: Viewer) -> bool:
    """Who viewed or exported personal data: for the bloc office, which answers for it."""
    return is_office_staff(user)


def access_log_scope_q(user: Viewer) -> Q:
    """The access log's rows a user may read: all of them for the bloc office, none otherwise."""
    return Q() if can_read_access_log(user) else NOTHING


def can_see_change_history(user: Viewer, organization: "Organization") -> bool:
    """The history of changes to a member or an organization (who changed what, before and
    after): for those who keep its records, who answer for the changes, and the bloc's
    leaders, who oversee them. A cell secretary sees the record as it is, not its past."""
    scope = scope_of(user)
    return scope.superuser or scope.within(organization.path, *KEEPER_ROLES, Role.LEADER)


def can_export_full_national_ids(user: Viewer) -> bool:
    """A member list whose national IDs are written in full (else masked, 058*******12): for
    those who keep members' records, the bloc office and grassroots committee staff, for the
    members they keep, each time with a reason that the access log keeps. Leaders and cell
    secretaries export masked lists only."""
    return keeps_some_organization(user)


def full_national_id_q(user: Viewer) -> Q:
    """The members whose full national IDs a user may export: those they keep."""
    if not can_export_full_national_ids(user):
        return NOTHING
    return keeping_q(user, prefix="organization__")
