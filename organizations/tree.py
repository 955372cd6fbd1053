"""Member counts over the tree, computed in SQL and rolled up along the paths."""

import datetime
import os

from django.db.models import Count

from members.models import Member
from organizations.models import PATH_SEGMENT_WIDTH
from reports.snapshot.reads import active_members_on

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

    Read from the month-end figures of the tree's organizations (reports.snapshot), corrected
    by the few members whose cell or status changed between that month-end and the day."""
    return member_counts_under(on, {org.pk: parent_id for org, parent_id, _depth in tree})


def member_counts_under(on: datetime.date, parent_of: dict[int, int | None]) -> dict[int, int]:
    """member_counts_as_of for a day's tree given as organization id → parent id then."""
    if not parent_of:
        return {}
    totals: dict[int, int] = {}
    for node, count in active_members_on(on, parent_of.keys()).items():
        while node is not None and node in parent_of:
            totals[node] = totals.get(node, 0) + count
            node = parent_of[node]
    return totals
