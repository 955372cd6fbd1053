"""Wrong passwords, counted by django-axes for the account and for the address they come from
(settings: LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES). This module reads its counts the way it
does, so the office's page lists exactly what axes refuses, and lifts a lock."""

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def client_address(request) -> str | None:
    """The address a sign-in came from. Behind the TLS proxy every request arrives from the
    proxy itself; the proxy appends the address it saw to X-Forwarded-For, so the last entry is
    the one a client cannot forge (entries before it are whatever the client sent)."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


@dataclass(frozen=True)
class Lock:
    key: str  # the username or the address
    failures: int
    last_failure: datetime

    @property
    def until(self) -> datetime:
        return self.last_failure + settings.AXES_COOLOFF_TIME


def _recent_attempts():
    return AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )


def _locks(field: str) -> list[Lock]:
    rows = (
        _recent_attempts()
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last_failure=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_failure")
    )
    return [Lock(row[field], row["failures"], row["last_failure"]) for row in rows]


def locked_accounts() -> list[Lock]:
    return _locks("username")


def locked_addresses() -> list[Lock]:
    return _locks("ip_address")


# axes' reset() with neither a username nor an address resets every lock: never pass it none.


def unlock_account(username: str) -> int:
    return reset(username=username) if username else 0


def unlock_address(address: str) -> int:
    return reset(ip=address) if address else 0
