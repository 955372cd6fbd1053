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


def recordable_q(user) -> Q:
    """Organizations whose minutes this user keeps: a cell's secretary keeps the cell's, a
    committee's staff the committee's own. Nobody else, superusers included: minutes are the
    organization's own record."""
    scope = scope_of(user)
    cells = Q(kind__in=Organization.CELL_KINDS, path__in=scope.paths(Role.CELL_SECRETARY))
    committees = Q(kind=Organization.Kind.COMMITTEE, path__in=scope.paths(Role.COMMITTEE_STAFF))
    return (cells | committees) & Q(ended_on__isnull=True)


def can_record_meetings(user, organization: Organization) -> bool:
    scope = scope_of(user)
    if organization.ended_on:
        return False
    if organization.is_cell:
        return organization.path in scope.paths(Role.CELL_SECRETARY)
    if organization.kind == Organization.Kind.COMMITTEE:
        return organization.path in scope.paths(Role.COMMITTEE_STAFF)
    return False


def _parent_path(organization: Organization) -> str:
    return organization.path[: organization.path.rstrip("/").rfind("/") + 1]


def can_review_minutes(user, organization: Organization) -> bool:
    """The level above reviews: the committee for its cells, the bloc for grassroots cells and
    for the committees' own meetings."""
    scope = scope_of(user)
    if scope.superuser:
        return True
    if organization.kind == Organization.Kind.SUBORDINATE_CELL:
        return _parent_path(organization) in scope.paths(Role.COMMITTEE_STAFF)
    if organization.kind in Organization.GRASSROOTS_KINDS:
        return scope.within(organization.path, Role.OFFICE_STAFF)
    return False


def review_queue_q(user) -> Q:
    """Meetings whose minutes this user reviews (see can_review_minutes)."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    committee_paths = scope.paths(Role.COMMITTEE_STAFF)
    office_paths = scope.paths(Role.OFFICE_STAFF)
    by_committee = Q(organization__kind=Organization.Kind.SUBORDINATE_CELL) & Q(
        organization__parent__path__in=committee_paths
    )
    by_bloc = Q(organization__kind__in=Organization.GRASSROOTS_KINDS) & _path_q(
        "organization__path", office_paths
    )
    return (by_committee if committee_paths else Q(pk__in=[])) | (
        by_bloc if office_paths else Q(pk__in=[])
    )


def can_exempt_from_meetings(user, organization: Organization) -> bool:
    """Excuse a cell's regular meeting for a month: the level that reviews its minutes."""
    return organization.is_cell and can_review_minutes(user, organization)


def can_keep_candidates(user, cell: Organization) -> bool:
    """Candidates are kept by their cell's secretary and by those who keep the cell's members."""
    return cell.path in scope_of(user).paths(Role.CELL_SECRETARY) or can_manage_members_of(
        user, cell
    )


def can_decide_admission(user, cell: Organization) -> bool:
    """Committee resolution, decision and ceremony: the grassroots committee or the bloc."""
    return can_manage_members_of(user, cell)


def can_rate_members_of(user, cell: Organization) -> bool:
    """A cell secretary rates the cell's members (the keepers above may fill in for them)."""
    return cell.is_cell and can_keep_candidates(user, cell)


def can_approve_member_ratings(user, cell: Organization) -> bool:
    """The level above approves: the committee for its cells, the bloc for grassroots cells."""
    return cell.is_cell and can_review_minutes(user, cell)


def can_rate_organization(user, organization: Organization) -> bool:
    """Committees rate their cells; the bloc office rates grassroots organizations."""
    if organization.kind == Organization.Kind.SUBORDINATE_CELL:
        return can_review_minutes(user, organization)
    if organization.kind in Organization.GRASSROOTS_KINDS:
        return (
            scope_of(user).within(organization.path, Role.OFFICE_STAFF) or scope_of(user).superuser
        )
    return False


def can_manage_year_plan(user) -> bool:
    """Targets, directives, rating approval of organizations: the bloc office."""
    return is_office_staff(user)


def can_prepare_report(user, scope: Organization) -> bool:
    """The bloc office prepares the bloc's reports and any grassroots organization's; a
    committee's staff prepare their committee's own."""
    if scope.is_cell and scope.kind != Organization.Kind.GRASSROOTS_CELL:
        return False
    s = scope_of(user)
    return (
        s.superuser
        or s.within(scope.path, Role.OFFICE_STAFF)
        or (
            scope.kind == Organization.Kind.COMMITTEE
            and scope.path in s.paths(Role.COMMITTEE_STAFF)
        )
    )


def scope_roots(user) -> list[Organization]:
    """The highest organizations a user may see, shallowest first: where their tree starts.
    A superuser without roles starts at the top of the tree."""
    held = (
        Organization.objects.filter(parent__isnull=True)
        if scope_of(user).superuser and not user.role_assignments.exists()
        else Organization.objects.filter(pk__in=user.role_assignments.values("organization_id"))
    )
    visible = list(held.filter(organization_scope_q(user)).order_by("depth", "path"))
    paths = [org.path for org in visible]
    return [
        org for org in visible if not any(org.path.startswith(p) and org.path != p for p in paths)
    ]


def require(allowed: bool) -> None:
    """Inside the user's scope but without the right: 403."""
    if not allowed:
        raise PermissionDenied


# --- Inspection and supervision ---------------------------------------------------------------
# The bloc (office staff, leaders) sees every inspection; a team member sees their teams'
# inspections; the inspected organization's keepers (committee staff, cell secretaries) see
# an inspection of their subtree, or one giving them a remediation item, once it is concluded.
# Complaints stay with the bloc: a denunciation must not reach the people it is about.

KEEPING_ROLES = (Role.COMMITTEE_STAFF, Role.CELL_SECRETARY)


def _team_ids(user):
    from inspections.models import TeamMember

    return TeamMember.objects.filter(user=user).values("team_id")


def inspection_scope_q(user, prefix: str = "") -> Q:
    """Filter for inspections the user may see; prefix reaches them through a relation."""
    from inspections.models import Inspection, RemediationItem

    scope = scope_of(user)
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    if scope.superuser or scope.has_role(Role.OFFICE_STAFF, Role.LEADER):
        return Q()
    by_team = Q(**{f"{prefix}team_id__in": _team_ids(user)})
    keepers = scope.paths(*KEEPING_ROLES)
    if not keepers:
        return by_team
    # A cell that owns an item of its committee's inspection sees that inspection too.
    owning = RemediationItem.objects.filter(_path_q("owner__path", keepers)).values("inspection_id")
    published = Q(**{f"{prefix}status__in": Inspection.PUBLISHED}) & (
        _path_q(f"{prefix}organization__path", keepers) | Q(**{f"{prefix}pk__in": owning})
    )
    return by_team | published


def plan_scope_q(user) -> Q:
    """Plans: the bloc sees them all, a team member the plans their teams work under."""
    from inspections.models import Team

    scope = scope_of(user)
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    if scope.superuser or scope.has_role(Role.OFFICE_STAFF, Role.LEADER):
        return Q()
    return Q(pk__in=Team.objects.filter(pk__in=_team_ids(user)).values("decision__plan_id"))


def complaint_scope_q(user) -> Q:
    return Q() if is_bloc_wide(user) else Q(pk__in=[])


def discipline_scope_q(user) -> Q:
    """Discipline decisions follow the member or organization they are about."""
    if is_bloc_wide(user):
        return Q()
    return organization_scope_q(user, prefix="member__organization__") | organization_scope_q(
        user, prefix="organization__"
    )


def team_role(user, inspection) -> str | None:
    """'leader' or 'member' of the inspection's team, or None; read once per inspection."""
    cache = inspection.__dict__.setdefault("_team_roles", {})
    if user.pk not in cache:
        from inspections.models import TeamMember

        leader = (
            TeamMember.objects.filter(team_id=inspection.team_id, user_id=user.pk)
            .values_list("is_leader", flat=True)
            .first()
        )
        cache[user.pk] = None if leader is None else ("leader" if leader else "member")
    return cache[user.pk]


def can_manage_plans(user) -> bool:
    """Plans, decisions and teams are the bloc office's work."""
    return is_office_staff(user)


def can_edit_findings(user, inspection) -> bool:
    """Team members draft findings until the leader finalizes them."""
    return inspection.is_drafting and team_role(user, inspection) is not None


def can_finalize(user, inspection) -> bool:
    return inspection.is_drafting and team_role(user, inspection) == "leader"


def can_conclude(user, inspection) -> bool:
    """The conclusion notice follows finalized findings; the team leader or the office issues it."""
    from inspections.models import Inspection

    return inspection.status == Inspection.Status.FINDINGS_FINALIZED and (
        team_role(user, inspection) == "leader" or is_office_staff(user)
    )


def can_manage_remediation(user, inspection) -> bool:
    """Set remediation items: the team or the office, until the inspection is closed."""
    from inspections.models import Inspection

    return inspection.status != Inspection.Status.CLOSED and (
        team_role(user, inspection) is not None or is_office_staff(user)
    )


def can_report_remediation(user, item) -> bool:
    """Progress is reported by the owner organization's keepers (or the office) once the
    conclusion is out and while the item is still pending."""
    from inspections.models import Inspection, RemediationItem

    if item.inspection.status != Inspection.Status.CONCLUDED:
        return False
    if item.status not in RemediationItem.PENDING:
        return False
    scope = scope_of(user)
    return scope.superuser or scope.within(
        item.owner.path, Role.OFFICE_STAFF, Role.COMMITTEE_STAFF, Role.CELL_SECRETARY
    )


def can_carry_over(user, item) -> bool:
    from inspections.models import Inspection, RemediationItem

    return (
        is_office_staff(user)
        and item.inspection.status == Inspection.Status.CONCLUDED
        and item.status in RemediationItem.PENDING
    )


def can_close_inspection(user, inspection) -> bool:
    from inspections.models import Inspection

    return is_office_staff(user) and inspection.status == Inspection.Status.CONCLUDED


def can_manage_complaints(user) -> bool:
    return is_office_staff(user)


def can_record_discipline(user) -> bool:
    return is_office_staff(user)


# --- Background jobs and member imports ------------------------------------------------------


def job_scope_q(user) -> Q:
    """Background jobs (imports, reports): their author sees them, the bloc sees them all."""
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    if is_bloc_wide(user):
        return Q()
    return Q(created_by=user)


def can_retry_job(user, job) -> bool:
    """Only the author retries, and only a job that failed."""
    return job.state == job.State.FAILED and job.created_by_id == user.pk


def can_import_members(user) -> bool:
    """Importing is registering in bulk: for those who may register in some cell."""
    return member_destinations(user).exists()


# --- Accounts ----------------------------------------------------------------------------------


def can_manage_accounts(user) -> bool:
    """Lift sign-in locks and set temporary passwords: the bloc office."""
    return is_office_staff(user)


def account_scope_q(user) -> Q:
    """Users whose password this user may reset: those holding a role in an organization under
    their office staff role. A superuser's only by a superuser."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    paths = scope.paths(Role.OFFICE_STAFF)
    if not paths:
        return Q(pk__in=[])
    holders = RoleAssignment.objects.filter(_path_q("organization__path", paths))
    return Q(pk__in=holders.values("user_id"), is_superuser=False)
