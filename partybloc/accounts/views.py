from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import access
from organizations.models import RoleAssignment
from partybloc.accounts import services, sessions, throttle, two_factor
from partybloc.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    ResetPasswordForm,
    TemporaryPasswordForm,
    UserSearchForm,
)
from partybloc.accounts.middleware import ANY, PASSWORD, VERIFY, sign_in_step
from partybloc.notifications.forms import email_delivery_form

LOGIN_TEMPLATE = "registration/login.html"


def _login_context() -> dict:
    return {"email_reset": settings.PASSWORD_RESET_BY_EMAIL}


class SignInView(auth_views.LoginView):
    """Django's login view; the page also says how to get a forgotten password back."""

    template_name = LOGIN_TEMPLATE
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_login_context()}


sign_in = login_not_required(SignInView.as_view())
sign_out = sign_in_step(ANY)(auth_views.LogoutView.as_view())


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account or address (AXES_LOCKOUT_CALLABLE): the login
    page again, saying so and what to do, with 429 Too Many Requests."""
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "locked_out": True,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "next": request.POST.get("next", ""),
        **_login_context(),
    }
    return render(request, LOGIN_TEMPLATE, context, status=429)


def _next_url(request, default) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@sign_in_step(VERIFY)
def verify(request):
    """The second step of signing in: the code from the user's authenticator app."""
    user = request.user
    destination = _next_url(request, reverse(settings.LOGIN_REDIRECT_URL))
    if two_factor.is_verified(user):
        return redirect(destination)
    if two_factor.confirmed_device(user) is None:
        return redirect("accounts:enrol")
    form = CodeForm(request.POST if request.method == "POST" else None)
    wait = two_factor.retry_after(user)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(destination)
        wait = two_factor.retry_after(user)
        form.add_error("code", _("This code is not right, or was already used."))
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": destination, "wait_seconds": wait},
    )


@sign_in_step(VERIFY)
def enrol(request):
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    if two_factor.confirmed_device(user) is not None and not two_factor.is_verified(user):
        # Replacing a device takes a session that proved it holds the current one.
        return redirect(f"{reverse('accounts:verify')}?next={reverse('accounts:enrol')}")
    device = two_factor.enrolment_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_enrolment(request, device, form.cleaned_data["code"]):
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return redirect(_next_url(request, reverse("accounts:profile")))
        form.add_error("code", _("This code is not right. Check the phone's clock and try again."))
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_text(device),
            "required": two_factor.required_for(user),
            "replacing": two_factor.confirmed_device(user) is not None,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


def profile(request):
    """The user's own account: roles, password, two-factor sign-in."""
    user = request.user
    roles = RoleAssignment.objects.filter(user=user).select_related("organization")
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles,
            "device": two_factor.confirmed_device(user),
            "two_factor_required": two_factor.required_for(user),
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "email_form": email_delivery_form(user),
            "email_configured": settings.REMINDER_EMAILS,
        },
    )


@require_POST
def remove_device(request):
    """Turn two-factor sign-in off: only for those who are not required to use it."""
    access.require(not two_factor.required_for(request.user))
    two_factor.remove_devices(request.user)
    messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("accounts:profile")


class ChangePasswordView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "temporary": bool(self.request.session.get(sessions.MUST_CHANGE_PASSWORD)),
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_chosen(form.user)
        sessions.password_changed(self.request.session)
        messages.success(self.request, _("Your password was changed."))
        return response


change_password = sign_in_step(PASSWORD)(ChangePasswordView.as_view())


# --- Reset by email, where the portal can send one (EMAIL_HOST set) ---------------------------


def _email_only(view):
    def wrapped(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_BY_EMAIL:
            raise Http404
        return view(request, *args, **kwargs)

    return login_not_required(wrapped)


class EmailResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_chosen(form.user)
        throttle.unlock_account(form.user.get_username())
        return response


password_reset = _email_only(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset_form.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done"),
    )
)
password_reset_done = _email_only(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = _email_only(EmailResetConfirmView.as_view())
password_reset_complete = _email_only(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


# --- The bloc office: locks and temporary passwords -------------------------------------------


def locks(request):
    """Accounts and addresses refused after too many wrong passwords, and lifting the lock."""
    access.require(access.can_manage_accounts(request.user))
    if request.method == "POST":
        if username := request.POST.get("username", "").strip():
            throttle.unlock_account(username)
            messages.success(request, _("Account %(name)s unlocked.") % {"name": username})
        elif address := request.POST.get("address", "").strip():
            throttle.unlock_address(address)
            messages.success(request, _("Address %(address)s unlocked.") % {"address": address})
        return redirect("accounts:locks")
    return render(
        request,
        "accounts/locks.html",
        {
            "accounts": throttle.locked_accounts(),
            "addresses": throttle.locked_addresses(),
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


def _users_in_scope(request):
    return (
        get_user_model()
        .objects.filter(access.account_scope_q(request.user))
        .exclude(pk=request.user.pk)
        .distinct()
    )


def users(request):
    """Users whose password this office user may reset (see access.account_scope_q)."""
    access.require(access.can_manage_accounts(request.user))
    form = UserSearchForm(request.GET or None)
    found = _users_in_scope(request).order_by("username")
    query = ""
    if form.is_valid() and (q := form.cleaned_data["q"].strip()):
        found = found.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
        query = urlencode({"q": q})
    page = Paginator(found, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {"form": form, "page": page, "query": query})


def reset_password(request, pk):
    """Set a temporary password for a user in scope (404 outside it), shown once."""
    # Load through what the user sees (404 outside it), then require the right (403), then
    # the accounts the right reaches (a superuser's only by a superuser).
    visible = get_user_model().objects.filter(access.account_visible_q(request.user))
    get_object_or_404(visible.exclude(pk=request.user.pk).distinct(), pk=pk)
    access.require(access.can_manage_accounts(request.user))
    target = get_object_or_404(_users_in_scope(request), pk=pk)
    form = TemporaryPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        password = services.set_temporary_password(
            target, by=request.user, remove_devices=form.cleaned_data["remove_devices"]
        )
        # Shown in this response only, never stored readable nor put in a URL.
        return render(
            request, "accounts/temporary_password.html", {"target": target, "password": password}
        )
    return render(request, "accounts/reset_password.html", {"target": target, "form": form})
