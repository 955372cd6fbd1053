"""Party dues: who sees a cell's book, who records payments, income bases and remittances, who
edits the dated rules.

Seeing follows the register (a cell secretary their cell, a committee its subtree, the bloc
office and leaders everything); recording is the collecting organization's own work: a cell's
secretary for the cell's members and its remittance to the level above, a committee's staff for
the committee's remittance to the bloc. The rules are the bloc office's."""

from typing import TYPE_CHECKING

from django.db.models import Q

from organizations.access.scope import (
    SEEING_ROLES,
    is_office_staff,
    organization_scope_q,
    scope_of,
)
from organizations.choices import CELL_KINDS, OrganizationKind, Role
from partybloc.types import Viewer

if TYPE_CHECKING:
    from organizations.models import Organization

# Inspection.Kind.PARTY_FINANCE, named here without importing the inspections' models.
PARTY_FINANCE_KIND = "party_finance"


def dues_scope_q(user: Viewer, prefix: str = "") -> Q:
    """Organizations whose dues (book, payments, remittances, report) the user sees."""
    return organization_scope_q(user, prefix=prefix)


def sees_dues(user: Viewer) -> bool:
    """The menu's "party dues": any role that sees part of the register."""
    scope = scope_of(user)
    return scope.superuser or scope.has_role(*SEEING_ROLES)


def can_record_dues(user: Viewer, cell: "Organization") -> bool:
    """Payments and income bases of a cell's members: its secretary, while the cell exists."""
    if cell.kind not in CELL_KINDS or cell.ended_on:
        return False
    return scope_of(user).holds_on(cell.path, Role.CELL_SECRETARY)


def dues_recording_q(user: Viewer) -> Q:
    """Cells whose dues the user records (see can_record_dues)."""
    return Q(
        kind__in=CELL_KINDS,
        ended_on__isnull=True,
        path__in=scope_of(user).paths(Role.CELL_SECRETARY),
    )


def can_record_remittance(user: Viewer, organization: "Organization") -> bool:
    """A cell remits what it collected (its secretary records it); a grassroots committee
    remits to the bloc (its staff record it)."""
    if organization.ended_on:
        return False
    if organization.kind in CELL_KINDS:
        return can_record_dues(user, organization)
    if organization.kind == OrganizationKind.COMMITTEE:
        return scope_of(user).holds_on(organization.path, Role.COMMITTEE_STAFF)
    return False


def can_manage_dues_rules(user: Viewer) -> bool:
    """The rates and shares (Quy định 342-QĐ/TW) are the bloc office's data."""
    return is_office_staff(user)


def dues_report_scope_q(user: Viewer) -> Q:
    """Organizations whose dues report the user may open: those whose dues they see, and for
    an inspection team's member the organizations their party finance inspections examine
    (the inspection opens on that report)."""
    if not user or not user.is_authenticated:
        return dues_scope_q(user)
    if scope_of(user).superuser:  # their scope is the empty Q(), which an OR would drop
        return Q()
    inspected = user.inspection_teams.filter(team__inspections__kind=PARTY_FINANCE_KIND).values(
        "team__inspections__organization_id"
    )
    return dues_scope_q(user) | Q(pk__in=inspected)
