"""Marking month-end figures out of date: called by every service that changes a member's
status, placement or admission, in the same transaction as the change (see models)."""

import datetime
from collections.abc import Iterable

from django.db.models import Q

from members.models import MemberPlacement
from reports.snapshot.models import StaleMark


def mark_organizations_stale(organization_ids: Iterable[int], *, since: datetime.date) -> None:
    """The rows of these organizations for every month ending on or after `since`."""
    StaleMark.objects.bulk_create(
        [StaleMark(organization_id=pk, since=since) for pk in set(organization_ids)],
        batch_size=1000,
    )


def mark_members_stale(member_ids: Iterable[int], *, since: datetime.date) -> None:
    """Every cell these members were in on or after `since` (call it after the change, so the
    placements it opened are among them)."""
    member_ids = list(member_ids)
    if not member_ids:
        return
    cells = (
        MemberPlacement.objects.filter(member_id__in=member_ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .values_list("organization_id", flat=True)
        .distinct()
    )
    mark_organizations_stale(cells, since=since)
