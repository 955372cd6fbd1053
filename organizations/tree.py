"""Member counts over the tree, computed in SQL one level at a time."""

import datetime

from django.db.models import Count
from django.db.models.functions import Substr

from members.models import ACTIVE_STATUSES, Member
from organizations.models import Organization


def subtree_member_counts(nodes, members=None) -> dict[int, int]:
    """Active members under each node (itself and everything below), in one query per depth."""
    members = Member.objects.active() if members is None else members
    counts: dict[int, int] = {}
    by_length: dict[int, dict[str, Organization]] = {}
    for node in nodes:
        by_length.setdefault(len(node.path), {})[node.path] = node
    for length, nodes_by_path in by_length.items():
        rows = (
            members.annotate(prefix=Substr("organization__path", 1, length))
            .filter(prefix__in=list(nodes_by_path))
            .values("prefix")
            .annotate(total=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts[nodes_by_path[row["prefix"]].pk] = row["total"]
    return counts


def member_counts_as_of(on: datetime.date, tree) -> dict[int, int]:
    """Active members under each node of a past day's tree (from tree_as_of)."""
    direct: dict[int, int] = {}
    rows = (
        Member.objects.as_of(on)
        .filter(status_on__in=ACTIVE_STATUSES)
        .values("organization_on_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for row in rows:
        direct[row["organization_on_id"]] = row["total"]
    parent_of = {org.pk: parent_id for org, parent_id, _depth in tree}
    totals: dict[int, int] = {}
    for org_id, total in direct.items():
        node = org_id
        while node is not None and node in parent_of:
            totals[node] = totals.get(node, 0) + total
            node = parent_of[node]
    return totals
