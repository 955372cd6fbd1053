"""Reminders: who hears about an organization's open item, and whose notices one may open.

A reminder goes first to the people who keep the organization's records (a cell's secretary, a
committee's staff, the bloc office for the bloc's own work), then, while the item stays open,
to the level above: the grassroots committee over a subordinate cell, then the bloc office.
The daily run also loads each item through its model's `visible_to` door for every candidate
recipient (partybloc.notifications.services): nobody hears about what they may not open.
"""

from typing import TYPE_CHECKING

from django.db.models import Q

from organizations.access.register import can_see_organization
from organizations.access.scope import NOTHING, is_office_staff
from organizations.choices import OrganizationKind, Role
from partybloc.notifications.choices import Level
from partybloc.types import Viewer

if TYPE_CHECKING:
    from organizations.models import Organization

_KEEPER_BY_KIND = {
    OrganizationKind.SUBORDINATE_CELL: Role.CELL_SECRETARY,
    OrganizationKind.GRASSROOTS_CELL: Role.CELL_SECRETARY,
    OrganizationKind.COMMITTEE: Role.COMMITTEE_STAFF,
    OrganizationKind.BLOC: Role.OFFICE_STAFF,
}


def notice_scope_q(user: Viewer) -> Q:
    """A notice is its recipient's alone: anyone else's is missing (404)."""
    if not user or not user.is_authenticated:
        return NOTHING
    return Q(recipient=user)


def _holders_q(role: str, path: str) -> Q:
    # One Q, so that the role and the organization are read from the same assignment row.
    return Q(
        is_active=True,
        role_assignments__role=role,
        role_assignments__organization__path=path,
        role_assignments__organization__ended_on__isnull=True,
    )


def hearers_q(organization: "Organization", level: int) -> Q:
    """Users who hear about an open item of this organization at a level; nobody when the level
    does not exist above it (a grassroots cell has no committee above it)."""
    if level == Level.RESPONSIBLE:
        role = _KEEPER_BY_KIND.get(organization.kind)
        return _holders_q(role, organization.path) if role else NOTHING
    if level == Level.COMMITTEE:
        if organization.kind != OrganizationKind.SUBORDINATE_CELL:
            return NOTHING
        parent_path = organization.path[: organization.path.rstrip("/").rfind("/") + 1]
        return _holders_q(Role.COMMITTEE_STAFF, parent_path)
    if level == Level.BLOC:
        root_path = organization.path[: organization.path.find("/") + 1]
        return _holders_q(Role.OFFICE_STAFF, root_path)
    return NOTHING


def can_hear_about(user: Viewer, organization: "Organization") -> bool:
    """A reminder about an organization's item reaches only someone who sees the organization
    (the run checks the item's own door as well)."""
    return can_see_organization(user, organization)


def can_edit_reminder_rules(user: Viewer) -> bool:
    """The rules (what is due, when, who hears) are the bloc office's, in the administration."""
    return is_office_staff(user)
