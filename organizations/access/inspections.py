"""Inspection and supervision.

The bloc (office staff, leaders) sees every inspection; a team member sees their teams'
inspections; the inspected organization's keepers (committee staff, cell secretaries) see an
inspection of their subtree, or one giving them a remediation item, once it is concluded.
Complaints stay with the bloc: a denunciation must not reach the people it is about.
"""

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from inspections.choices import PENDING, PUBLISHED, InspectionStatus
from organizations.access.scope import (
    KEEPING_ROLES,
    NOTHING,
    is_bloc_wide,
    is_office_staff,
    organization_scope_q,
    path_q,
    scope_of,
    sees_register,
)
from organizations.choices import Role
from partybloc.types import Viewer

if TYPE_CHECKING:
    from inspections.models import Inspection, RemediationItem


def _team_ids(user: Viewer) -> QuerySet:
    return user.inspection_teams.values("team_id")


def inspection_scope_q(user: Viewer) -> Q:
    """Inspections the user may see. It may reach an inspection through several remediation
    items: the caller keeps each inspection once (InspectionQuerySet.visible_to)."""
    if not user or not user.is_authenticated:
        return NOTHING
    scope = scope_of(user)
    if scope.superuser or scope.has_role(Role.OFFICE_STAFF, Role.LEADER):
        return Q()
    by_team = Q(team_id__in=_team_ids(user))
    keepers = scope.paths(*KEEPING_ROLES)
    if not keepers:
        return by_team
    # A cell that owns an item of its committee's inspection sees that inspection too.
    published = Q(status__in=PUBLISHED) & (
        path_q("organization__path", keepers) | path_q("remediation_items__owner__path", keepers)
    )
    return by_team | published


def plan_scope_q(user: Viewer) -> Q:
    """Plans: the bloc sees them all, a team member the plans their teams work under."""
    if not user or not user.is_authenticated:
        return NOTHING
    scope = scope_of(user)
    if scope.superuser or scope.has_role(Role.OFFICE_STAFF, Role.LEADER):
        return Q()
    return Q(pk__in=user.inspection_teams.values("team__decision__plan_id"))


def complaint_scope_q(user: Viewer) -> Q:
    return Q() if is_bloc_wide(user) else NOTHING


def discipline_scope_q(user: Viewer) -> Q:
    """Discipline decisions follow the member or organization they are about."""
    if is_bloc_wide(user):
        return Q()
    return organization_scope_q(user, prefix="member__organization__") | organization_scope_q(
        user, prefix="organization__"
    )


def team_role(user: Viewer, inspection: "Inspection") -> str | None:
    """'leader' or 'member' of the inspection's team, or None; read once per inspection."""
    cache = inspection.__dict__.setdefault("_team_roles", {})
    if user.pk not in cache:
        leader = (
            user.inspection_teams.filter(team_id=inspection.team_id)
            .values_list("is_leader", flat=True)
            .first()
            if user.is_authenticated
            else None
        )
        cache[user.pk] = None if leader is None else ("leader" if leader else "member")
    return cache[user.pk]


def sees_inspections(user: Viewer) -> bool:
    """The inspection pages (the menu's "Inspection"): whoever sees part of the register (a
    keeper sees the concluded inspections of their subtree) and whoever sits on a team."""
    return sees_register(user) or _on_a_team(user)


def sees_plans(user: Viewer) -> bool:
    """The plans tab: the bloc, and team members for the plans their teams work under."""
    return is_bloc_wide(user) or _on_a_team(user)


def sees_complaints(user: Viewer) -> bool:
    """The complaints tab: the bloc only (see complaint_scope_q)."""
    return is_bloc_wide(user)


def sees_discipline(user: Viewer) -> bool:
    """The discipline tab: decisions follow the register (see discipline_scope_q)."""
    return sees_register(user)


def _on_a_team(user: Viewer) -> bool:
    if not user or not user.is_authenticated:
        return False
    return user.inspection_teams.exists()


def can_manage_plans(user: Viewer) -> bool:
    """Plans, decisions and teams are the bloc office's work."""
    return is_office_staff(user)


def can_edit_findings(user: Viewer, inspection: "Inspection") -> bool:
    """Team members draft findings until the leader finalizes them."""
    return inspection.is_drafting and team_role(user, inspection) is not None


def can_finalize(user: Viewer, inspection: "Inspection") -> bool:
    return inspection.is_drafting and team_role(user, inspection) == "leader"


def can_conclude(user: Viewer, inspection: "Inspection") -> bool:
    """The conclusion notice follows finalized findings; the team leader or the office issues it."""
    return inspection.status == InspectionStatus.FINDINGS_FINALIZED and (
        team_role(user, inspection) == "leader" or is_office_staff(user)
    )


def can_manage_remediation(user: Viewer, inspection: "Inspection") -> bool:
    """Set remediation items: the team or the office, until the inspection is closed."""
    return inspection.status != InspectionStatus.CLOSED and (
        team_role(user, inspection) is not None or is_office_staff(user)
    )


def can_report_remediation(user: Viewer, item: "RemediationItem") -> bool:
    """Progress is reported by the owner organization's keepers (or the office) once the
    conclusion is out and while the item is still pending."""
    if item.inspection.status != InspectionStatus.CONCLUDED or item.status not in PENDING:
        return False
    scope = scope_of(user)
    return scope.superuser or scope.within(item.owner.path, Role.OFFICE_STAFF, *KEEPING_ROLES)


def can_carry_over(user: Viewer, item: "RemediationItem") -> bool:
    return (
        is_office_staff(user)
        and item.inspection.status == InspectionStatus.CONCLUDED
        and item.status in PENDING
    )


def can_close_inspection(user: Viewer, inspection: "Inspection") -> bool:
    return is_office_staff(user) and inspection.status == InspectionStatus.CONCLUDED


def can_manage_complaints(user: Viewer) -> bool:
    return is_office_staff(user)


def can_record_discipline(user: Viewer) -> bool:
    return is_office_staff(user)
