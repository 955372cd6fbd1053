"""What a signed-in session must pass before any page: its time limits, then the steps of
signing in that are still owed (the two-factor code, a temporary password's change)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from partybloc.accounts import sessions, two_factor

VERIFY = "two_factor"
PASSWORD = "password"
ANY = "any"


def sign_in_step(step: str):
    """Mark a view as open while a step is still owed: VERIFY (the code and enrolment pages),
    PASSWORD (the password change page), ANY (log out, switching language)."""

    def mark(view):
        view.sign_in_step = step
        return view

    return mark


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.end_reason(request.session)
            if reason is not None:
                logout(request)
                if reason == sessions.IDLE:
                    message = _(
                        "You were signed out after %(minutes)d minutes without activity. "
                        "Please sign in again."
                    ) % {"minutes": settings.SESSION_IDLE_MINUTES}
                else:
                    message = _(
                        "A session lasts at most %(hours)d hours. Please sign in again."
                    ) % {"hours": settings.SESSION_MAX_HOURS}
                messages.warning(request, message)
                if _is_htmx(request):
                    # A fragment must not swap the login page into a corner of the old one.
                    return HttpResponseClientRedirect(resolve_url(settings.LOGIN_URL))
        return self.get_response(request)


def pending_step(request) -> str | None:
    """The URL name of the step this signed-in session still owes, or None."""
    user = request.user
    if not two_factor.is_verified(user):
        if two_factor.confirmed_device(user) is not None:
            return "accounts:verify"
        if two_factor.required_for(user):
            return "accounts:enrol"
    if request.session.get(sessions.MUST_CHANGE_PASSWORD):
        return "password_change"
    return None


class SignInStepsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        open_during = getattr(view_func, "sign_in_step", None)
        if open_during == ANY:
            return None
        step = pending_step(request)
        if step is None:
            return None
        if open_during == (PASSWORD if step == "password_change" else VERIFY):
            return None
        url = reverse(step)
        if request.method == "GET" and not _is_htmx(request):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if _is_htmx(request):
            return HttpResponseClientRedirect(url)
        return redirect(url)
