"""Marking month-end figures out of date: called by every service that changes a member's
status, placement or admission, in the same transaction as the change (see models); and the
register's version, which the dashboard's cached figures carry, moved on when a change that
the figures count commits (members, meetings, ratings)."""

import datetime
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from members.models import MemberPlacement
from reports.snapshot.models import StaleMark

VERSION_KEY = "reports:register-version"


def register_version() -> int:
    """A number that changes when the register's figures may have (0: none known)."""
    return cache.get(VERSION_KEY, 0)


def _next_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (first change, or evicted)
        cache.set(VERSION_KEY, register_version() + 1, None)


def register_changed() -> None:
    """Once the transaction commits, figures computed before it are out of date."""
    transaction.on_commit(_next_version)


def mark_organizations_stale(organization_ids: Iterable[int], *, since: datetime.date) -> None:
    """The rows of these organizations for every month ending on or after `since`."""
    register_changed()
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
