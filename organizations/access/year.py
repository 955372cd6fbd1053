"""The members' year: admissions, ratings, targets, directives and commitments."""

from typing import TYPE_CHECKING

from django.db.models import Q

from organizations.access.meetings import can_review_minutes
from organizations.access.register import can_manage_members_of, keeping_q
from organizations.access.scope import is_bloc_wide, is_office_staff, scope_of
from organizations.choices import CELL_KINDS, GRASSROOTS_KINDS, OrganizationKind, Role
from partybloc.types import Viewer

if TYPE_CHECKING:
    from members.year.models import AdmissionStep, Candidate
    from organizations.models import Organization


# The admission steps that are the committee's decision rather than the cell's work.
DECIDING_STEPS = ("committee_resolution", "decision", "ceremony")


def sees_targets(user: Viewer) -> bool:
    """The targets page measures the whole bloc: the bloc's office and leaders."""
    return is_bloc_wide(user)


def can_keep_candidates(user: Viewer, cell: "Organization") -> bool:
    """Candidates (and commitments) are kept by their cell's secretary and by those who keep
    the cell's members."""
    return scope_of(user).holds_on(cell.path, Role.CELL_SECRETARY) or can_manage_members_of(
        user, cell
    )


def candidate_keeping_q(user: Viewer) -> Q:
    """Cells whose candidates and commitments the user keeps (see can_keep_candidates)."""
    scope = scope_of(user)
    if scope.superuser:  # keeping_q is then the empty Q(), which an OR would drop
        return Q(kind__in=CELL_KINDS)
    return Q(kind__in=CELL_KINDS) & (Q(path__in=scope.paths(Role.CELL_SECRETARY)) | keeping_q(user))


def keeps_candidates(user: Viewer) -> bool:
    """The user keeps some cell's candidates (the admissions board's "add a candidate")."""
    scope = scope_of(user)
    return scope.superuser or scope.has_role(
        Role.CELL_SECRETARY, Role.COMMITTEE_STAFF, Role.OFFICE_STAFF
    )


def can_decide_admission(user: Viewer, cell: "Organization") -> bool:
    """Committee resolution, decision and ceremony: the grassroots committee or the bloc."""
    return can_manage_members_of(user, cell)


def can_record_admission_step(user: Viewer, candidate: "Candidate", step: "AdmissionStep") -> bool:
    """The cell records its own steps; the deciding steps are the committee's or the bloc's."""
    if step.code in DECIDING_STEPS:
        return can_decide_admission(user, candidate.organization)
    return can_keep_candidates(user, candidate.organization)


def can_rate_members_of(user: Viewer, cell: "Organization") -> bool:
    """A cell secretary rates the cell's members and submits them to the level above (the
    keepers above may fill in for them)."""
    return cell.kind in CELL_KINDS and can_keep_candidates(user, cell)


def can_approve_member_ratings(user: Viewer, cell: "Organization") -> bool:
    """The level above returns a submitted grid with a comment or approves it: the committee
    for its cells, the bloc for grassroots cells."""
    return cell.kind in CELL_KINDS and can_review_minutes(user, cell)


def can_rate_organization(user: Viewer, organization: "Organization") -> bool:
    """Committees rate their cells and submit them to the bloc; the bloc office rates
    grassroots organizations."""
    if organization.kind == OrganizationKind.SUBORDINATE_CELL:
        return can_review_minutes(user, organization)
    if organization.kind in GRASSROOTS_KINDS:
        scope = scope_of(user)
        return scope.superuser or scope.within(organization.path, Role.OFFICE_STAFF)
    return False


def can_manage_year_plan(user: Viewer) -> bool:
    """Targets, directives, returning or approving the ratings of organizations: the bloc
    office."""
    return is_office_staff(user)


def plan_keeping_q(user: Viewer) -> Q:
    """Grassroots organizations whose implementation plan of a directive the user records."""
    return Q(kind__in=GRASSROOTS_KINDS) & keeping_q(user)
