"""Writing the access log, and pruning it after the retention period (AUDIT_RETENTION_DAYS)."""

import datetime
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from members.models import Member
from organizations.models import Organization
from partybloc.accounts.throttle import client_address
from partybloc.audit.masking import mask_numbers
from partybloc.audit.models import AccessRecord

Action = AccessRecord.Action


def record_access(
    request: HttpRequest,
    *,
    action: str,
    member: Member | None = None,
    organization: Organization | None = None,
    rows: int | None = None,
    full_national_ids: bool = False,
    reason: str = "",
    detail: str = "",
) -> AccessRecord:
    """One line of the access log: who (the request's user, from which address), what, whom.
    Written in the request's own transaction (each request is its own, autocommit): a page
    that fails after reading still leaves its line, as it is written before the page is."""
    if member is not None and organization is None:
        organization = member.organization
    return AccessRecord.objects.create(
        user=request.user,
        action=action,
        member=member,
        organization=organization,
        rows=rows,
        full_national_ids=full_national_ids,
        reason=reason[:255],
        detail=mask_numbers(detail)[:255],
        address=_address(request),
    )


def _address(request: HttpRequest) -> str | None:
    try:
        return str(ipaddress.ip_address(client_address(request) or ""))
    except ValueError:
        return None


def prune_access_log(*, now: datetime.datetime | None = None) -> int:
    """Delete the records older than AUDIT_RETENTION_DAYS; the number deleted."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return AccessRecord.objects.prune(before=before)
