"""Member counts over the tree, computed in SQL and rolled up along the paths."""

import datetime
import os

from django.db.models import Count, OuterRef, Subquery

from members.models import ACTIVE_STATUSES, Member, MemberPlacement, MemberStatusChange
from organizations.models import PATH_SEGMENT_WIDTH

_SEGMENT = PATH_SEGMENT_WIDTH + 1  # digits and the slash


def subtree_member_counts(nodes, members=None) -> dict[int, int]:
    """Active members under each node (itself and everything below), in one query.

    Members are counted per organization (a plain GROUP BY on an indexed key) and each
    organization's count is added to the nodes its path passes through.
    """
    nodes = list(nodes)
    if not nodes:
        return {}
    members = Member.objects.active() if members is None else members
    by_path = {node.path: node.pk for node in nodes}
    # Read only under the deepest organization holding every node (the children of one
    # committee: that committee's members, not the bloc's).
    # By character (RUF071), then cut back to whole fixed-width segments.
    common = os.path.commonprefix([node.path for node in nodes])  # noqa: RUF071
    common = common[: len(common) - len(common) % _SEGMENT]
    rows = members.filter(organization__path__startswith=common) if common else members
    rows = rows.values("organization__path").annotate(total=Count("pk")).order_by()
    counts: dict[int, int] = {}
    for row in rows:
        path = row["organization__path"]
        for end in range(_SEGMENT, len(path) + 1, _SEGMENT):
            node_id = by_path.get(path[:end])
            if node_id is not None:
                counts[node_id] = counts.get(node_id, 0) + row["total"]
    return counts


def member_counts_as_of(on: datetime.date, tree) -> dict[int, int]:
    """Active members under each node of a past day's tree (from tree_as_of).

    Read from the placements of that day in the tree's organizations only (a committee's tree
    reads the committee's members), each with the member's status on the day."""
    parent_of = {org.pk: parent_id for org, parent_id, _depth in tree}
    if not parent_of:
        return {}
    status_then = (
        MemberStatusChange.objects.filter(member=OuterRef("member_id"), effective_on__lte=on)
        .order_by("-effective_on", "-pk")
        .values("status")[:1]
    )
    rows = (
        MemberPlacement.objects.on(on)
        .filter(organization_id__in=parent_of.keys())
        .annotate(status_on=Subquery(status_then))
        .filter(status_on__in=ACTIVE_STATUSES)
        .values("organization_id")
        .annotate(total=Count("member_id", distinct=True))
        .order_by()
    )
    totals: dict[int, int] = {}
    for row in rows:
        node = row["organization_id"]
        while node is not None and node in parent_of:
            totals[node] = totals.get(node, 0) + row["total"]
            node = parent_of[node]
    return totals
