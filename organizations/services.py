"""Operations on the organization tree: founding, moving, and restructuring (merge, split,
dissolve). Restructuring is planned first (the plan is what the preview shows) and then carried
out in one transaction. Nothing is deleted: ended organizations keep their rows and history.

Every write of an organization, a member or a leadership post, the bulk ones included, is kept
in the row's history of changes with who made it and why (the plan's description)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from members.models import (
    ACTIVE_STATUSES,
    REASON_LENGTH,
    LeadershipPosition,
    Member,
    MemberPlacement,
)
from organizations.models import Organization, ParentLink, path_segment
from organizations.tree import subtree_member_counts
from partybloc import notes
from partybloc.audit.history import attribute
from partybloc.types import User
from reports.snapshot.marks import mark_members_stale


@transaction.atomic
def found_organization(
    organization: Organization, *, by: User | None = None, reason: str = ""
) -> Organization:
    """Save a new organization (validated by the caller's form) and open its parent link."""
    organization.full_clean()
    attribute(organization, by=by, reason=reason).save()
    ParentLink.objects.create(
        organization=organization,
        parent=organization.parent,
        valid_from=organization.founded_on,
    )
    return organization


def move_organization(
    organization: Organization,
    *,
    to: Organization,
    on: datetime.date,
    by: User | None = None,
    reason: str = "",
) -> None:
    """Place an organization (and its subtree) under another parent from a date. The new
    parent is a change in the organization's history; the subtree's paths follow it and are
    not history of their own."""
    errors = organization.placement_errors(to)
    if errors:
        raise ValidationError(errors)
    ParentLink.objects.filter(organization=organization, valid_to__isnull=True).update(valid_to=on)
    ParentLink.objects.create(organization=organization, parent=to, valid_from=on)
    old_path = organization.path
    new_path = to.path + path_segment(organization.pk)
    depth_change = new_path.count("/") - old_path.count("/")
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    moved = Organization.objects.get(pk=organization.pk)
    moved.parent = to
    bulk_update_with_history(
        [moved], Organization, ["parent"], default_user=by, default_change_reason=reason
    )
    organization.parent, organization.path = to, new_path


def move_members(
    members: Iterable[Member],
    *,
    to: Organization,
    on: datetime.date,
    reason: str,
    by: User | None = None,
    note: str = "",
) -> int:
    """Close each member's open placement on a date and open one in another cell; the new
    cell is a change in each member's history."""
    member_ids = [member.pk for member in members]
    if not member_ids:
        return 0
    MemberPlacement.objects.filter(member_id__in=member_ids, ended_on__isnull=True).update(
        ended_on=on
    )
    MemberPlacement.objects.bulk_create(
        MemberPlacement(
            member_id=member_id,
            organization=to,
            started_on=on,
            reason=reason,
            note=note,
            recorded_by=by,
        )
        for member_id in member_ids
    )
    moved = list(Member.objects.filter(pk__in=member_ids))
    now = timezone.now()
    for member in moved:
        member.organization, member.updated_at = to, now
    bulk_update_with_history(
        moved,
        Member,
        ["organization", "updated_at"],
        batch_size=500,
        default_user=by,
        default_change_reason=note,
    )
    mark_members_stale(member_ids, since=on)
    return len(moved)


@dataclass
class RestructurePlan:
    """What a merge, split or dissolution would do: shown as the preview, then carried out."""

    kind: str
    organization: Organization
    on: datetime.date
    successor: Organization | None = None
    new_names: list[str] = field(default_factory=list)
    # (member, destination): destination is an Organization, or an index into new_names.
    member_moves: list[tuple[Member, object]] = field(default_factory=list)
    child_moves: list[tuple[Organization, object]] = field(default_factory=list)
    # Active members under each moving cell (by its id): they move with it, in their cell.
    members_under: dict[int, int] = field(default_factory=dict)

    def describe(self) -> str:
        """What the plan does, in the reader's language (the note, rendered)."""
        return notes.shown(self.note())

    def note(self) -> str:
        """What the plan does, as the register keeps it (partybloc.notes), in the placements'
        notes and the history of changes of what it moves and closes."""
        name = self.organization.name
        if self.kind == "merge":
            return notes.note(
                "merged", name=name, successor=self.successor.name, limit=REASON_LENGTH
            )
        if self.kind == "split":
            return notes.note("split", name=name, limit=REASON_LENGTH)
        return notes.note("dissolved", name=name, limit=REASON_LENGTH)

    def destination_label(self, destination: "Organization | int") -> str:
        if isinstance(destination, int):
            return self.new_names[destination]
        return str(destination)

    def member_moves_labelled(self) -> list[tuple[Member, str]]:
        return [(member, self.destination_label(dest)) for member, dest in self.member_moves]

    def child_moves_labelled(self) -> list[tuple[Organization, str, int]]:
        """(cell, where it goes, how many members move with it)."""
        return [
            (child, self.destination_label(dest), self.members_under.get(child.pk, 0))
            for child, dest in self.child_moves
        ]

    @property
    def members_with_cells(self) -> int:
        return sum(self.members_under.get(child.pk, 0) for child, _dest in self.child_moves)

    @property
    def members_moving(self) -> int:
        """Every member who ends up under another organization: those moved one by one and
        those whose cell moves."""
        return len(self.member_moves) + self.members_with_cells

    def count_members_under_moving_cells(self) -> None:
        self.members_under = subtree_member_counts(child for child, _dest in self.child_moves)


def _active_members(organization: Organization) -> list[Member]:
    return list(
        Member.objects.filter(organization=organization, status__in=ACTIVE_STATUSES).order_by(
            "sort_key"
        )
    )


def _active_children(organization: Organization, on: datetime.date) -> list[Organization]:
    return list(organization.children.active(on).order_by("sort_key"))


def _check_date(organization: Organization, on: datetime.date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date of a restructuring cannot be in the future.")})
    if on < organization.founded_on:
        raise ValidationError({"on": _("The date is before the organization was founded.")})
    if organization.ended_on:
        raise ValidationError(_("This organization has already ended."))


def plan_merge(
    organization: Organization, *, into: Organization, on: datetime.date
) -> RestructurePlan:
    _check_date(organization, on)
    if into.pk == organization.pk or into.path.startswith(organization.path):
        raise ValidationError(
            {"into": _("An organization cannot be merged into itself or its own cells.")}
        )
    if into.ended_on or into.founded_on > on:
        raise ValidationError(
            {"into": _("The organization to merge into is not active on that date.")}
        )
    if organization.is_cell != into.is_cell:
        raise ValidationError(
            {"into": _("A party cell merges into a party cell, a committee into a committee.")}
        )
    plan = RestructurePlan("merge", organization, on, successor=into)
    plan.member_moves = [(member, into) for member in _active_members(organization)]
    plan.child_moves = [(child, into) for child in _active_children(organization, on)]
    plan.count_members_under_moving_cells()
    return plan


def plan_split(
    organization: Organization,
    *,
    new_names: list[str],
    assignment: dict[int, int],
    on: datetime.date,
) -> RestructurePlan:
    """assignment maps each active member's id (for a cell) or child's id (for a committee)
    to the index of the new organization it goes to."""
    _check_date(organization, on)
    names = [name.strip() for name in new_names if name and name.strip()]
    if len(names) < 2:
        raise ValidationError({"new_names": _("A split needs at least two new organizations.")})
    if len(set(names)) != len(names):
        raise ValidationError({"new_names": _("The new organizations need different names.")})
    plan = RestructurePlan("split", organization, on, new_names=names)
    items = (
        _active_members(organization)
        if organization.is_cell
        else _active_children(organization, on)
    )
    moves = []
    for item in items:
        index = assignment.get(item.pk)
        if index is None or not 0 <= index < len(names):
            raise ValidationError(_("Choose a new organization for every member and cell."))
        moves.append((item, index))
    if organization.is_cell:
        plan.member_moves = moves
    else:
        plan.child_moves = moves
        plan.count_members_under_moving_cells()
    return plan


def plan_dissolve(
    organization: Organization, *, on: datetime.date, members_to: Organization | None = None
) -> RestructurePlan:
    _check_date(organization, on)
    if _active_children(organization, on):
        raise ValidationError(
            _("Merge, move or dissolve the cells under this organization before dissolving it.")
        )
    members = _active_members(organization)
    if members and members_to is None:
        raise ValidationError(
            {"members_to": _("Choose the cell that the remaining members move to.")}
        )
    if members_to is not None and (not members_to.is_cell or members_to.pk == organization.pk):
        raise ValidationError({"members_to": _("Members can only move to another party cell.")})
    plan = RestructurePlan("dissolve", organization, on, successor=None)
    plan.member_moves = [(member, members_to) for member in members]
    return plan


@transaction.atomic
def carry_out(
    plan: RestructurePlan, *, by: User | None = None, decision: str = ""
) -> list[Organization]:
    """Carry out a plan; returns the organizations created (for a split)."""
    source = Organization.objects.select_for_update().get(pk=plan.organization.pk)
    if source.ended_on:
        raise ValidationError(_("This organization has already ended."))
    created = []
    if plan.kind == "split":
        for name in plan.new_names:
            created.append(
                found_organization(
                    Organization(
                        name=name,
                        kind=source.kind,
                        parent=source.parent,
                        host_agency=source.host_agency,
                        founded_on=plan.on,
                        term_start_year=source.term_start_year,
                        term_end_year=source.term_end_year,
                    ),
                    by=by,
                    reason=plan.note(),
                )
            )

    def resolve(destination: Organization | int) -> Organization:
        return created[destination] if isinstance(destination, int) else destination

    why = plan.note()
    by_destination: dict[int, tuple[Organization, list[Member]]] = {}
    for member, destination in plan.member_moves:
        target = resolve(destination)
        by_destination.setdefault(target.pk, (target, []))[1].append(member)
    for target, members in by_destination.values():
        move_members(
            members,
            to=target,
            on=plan.on,
            reason=MemberPlacement.Reason.RESTRUCTURE,
            by=by,
            note=why,
        )
    for child, destination in plan.child_moves:
        move_organization(child, to=resolve(destination), on=plan.on, by=by, reason=why)

    posts = list(LeadershipPosition.objects.filter(organization=source, ended_on__isnull=True))
    for post in posts:
        post.ended_on = plan.on
    bulk_update_with_history(
        posts, LeadershipPosition, ["ended_on"], default_user=by, default_change_reason=why
    )
    ParentLink.objects.filter(organization=source, valid_to__isnull=True).update(valid_to=plan.on)
    source.ended_on = plan.on
    source.end_kind = {
        "merge": Organization.EndKind.MERGED,
        "split": Organization.EndKind.SPLIT,
        "dissolve": Organization.EndKind.DISSOLVED,
    }[plan.kind]
    source.successor = plan.successor
    source.end_decision = decision
    attribute(source, by=by, reason=why).save(
        update_fields=["ended_on", "end_kind", "successor", "end_decision", "updated_at"]
    )
    return created


def parents_as_of(
    on: datetime.date, *, within: Organization | None = None
) -> dict[int, int | None]:
    """The organizations that existed on a date, each with its parent id on that date (ids
    only): the whole tree, or only what stood under `within` (itself included)."""
    return {pk: parent for pk, (parent, _kind) in organizations_as_of(on, within=within).items()}


def organizations_as_of(
    on: datetime.date, *, within: Organization | None = None
) -> dict[int, tuple[int | None, str]]:
    """parents_as_of with each organization's kind. Read a level at a time down from where
    it starts (one indexed query per level), so a committee's tree costs what the committee
    holds, not what the bloc holds."""
    links = ParentLink.objects.filter(valid_from__lte=on).exclude(valid_to__lte=on)
    if within is None or within.parent_id is None:
        # The whole tree: that day's links in one read, walked down from the top here.
        children: dict[int | None, list[int]] = {}
        for org_id, parent_id in links.values_list("organization_id", "parent_id"):
            children.setdefault(parent_id, []).append(org_id)
        level = [within.pk] if within is not None else children.get(None, [])
        parent_on = {pk: None for pk in level}
        if within is not None and within.pk not in children.get(None, []):
            parent_on, level = {}, []  # the top was not the top that day
        while level:
            below = {
                child: parent
                for parent in level
                for child in children.get(parent, [])
                if child not in parent_on
            }
            parent_on.update(below)
            level = list(below)
        return _alive(on, parent_on)
    start = links.filter(organization=within)
    parent_on = dict(start.values_list("organization_id", "parent_id"))
    level = list(parent_on)
    while level:
        rows = links.filter(parent_id__in=level).values_list("organization_id", "parent_id")
        below = {org_id: parent_id for org_id, parent_id in rows if org_id not in parent_on}
        parent_on.update(below)
        level = list(below)
    return _alive(on, parent_on)


def _alive(
    on: datetime.date, parent_on: dict[int, int | None]
) -> dict[int, tuple[int | None, str]]:
    """Those of the organizations that existed on the day, with their kind."""
    existing = Organization.objects.active(on)
    if len(parent_on) <= LONGEST_ID_LIST:
        existing = existing.filter(pk__in=parent_on.keys())
    kinds = dict(existing.values_list("pk", "kind"))
    return {pk: (parent, kinds[pk]) for pk, parent in parent_on.items() if pk in kinds}


# Past this many ids, read every organization alive on the day rather than an IN list.
LONGEST_ID_LIST = 1000


def tree_as_of(
    on: datetime.date, *, within: Organization | None = None
) -> list[tuple[Organization, int | None, int]]:
    """The organizations that existed on a date, each with its parent id on that date.

    Returns (organization, parent_id, depth) in depth-first order of that day's tree: the whole
    tree, or only what stood under `within` (see parents_as_of).
    """
    parent_on = parents_as_of(on, within=within)
    organizations = {org.pk: org for org in Organization.objects.filter(pk__in=parent_on.keys())}
    children: dict[int | None, list[Organization]] = {}
    for org in organizations.values():
        children.setdefault(parent_on.get(org.pk), []).append(org)
    for siblings in children.values():
        siblings.sort(key=lambda o: o.sort_key)
    ordered = []

    def walk(parent_id: int | None, depth: int) -> None:
        for org in children.get(parent_id, []):
            ordered.append((org, parent_on.get(org.pk), depth))
            walk(org.pk, depth + 1)

    if within is not None:
        if within.pk in organizations:
            ordered.append((within, parent_on.get(within.pk), 0))
            walk(within.pk, 1)
    else:
        walk(None, 0)
    return ordered
