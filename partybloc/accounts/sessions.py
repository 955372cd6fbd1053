"""How long a signed-in session lasts: SESSION_IDLE_MINUTES without a request, and
SESSION_MAX_HOURS from sign-in at most (the cookie itself ends when the browser closes).

The times are kept in the session as Unix seconds. The last request's time is written at most
once a minute, so an active user's session is not saved on every request: the idle limit is
kept to within that minute.
"""

import time

from django.conf import settings

from partybloc.accounts.models import TemporaryPassword

SIGNED_IN_AT = "partybloc_signed_in_at"
LAST_SEEN = "partybloc_last_seen"
MUST_CHANGE_PASSWORD = "partybloc_must_change_password"
TOUCH_EVERY_SECONDS = 60

IDLE = "idle"
TOO_LONG = "too_long"


def start(sender, request, user, **kwargs) -> None:
    """On sign-in (connected to Django's user_logged_in): the clock starts, and a temporary
    password set by the office must be changed before anything else."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    if TemporaryPassword.objects.filter(user=user).exists():
        request.session[MUST_CHANGE_PASSWORD] = True
    else:
        request.session.pop(MUST_CHANGE_PASSWORD, None)


def end_reason(session) -> str | None:
    """IDLE or TOO_LONG when the session must end now, else None (and the request counts)."""
    now = int(time.time())
    last_seen = session.get(LAST_SEEN)
    signed_in_at = session.get(SIGNED_IN_AT)
    if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
        return IDLE
    if signed_in_at is not None and now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
        return TOO_LONG
    # A session from before these keys existed starts its clocks now.
    if signed_in_at is None:
        session[SIGNED_IN_AT] = now
    if last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
        session[LAST_SEEN] = now
    return None


def password_changed(session) -> None:
    session.pop(MUST_CHANGE_PASSWORD, None)
