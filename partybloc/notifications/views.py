from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybloc.notifications import services
from partybloc.notifications.forms import email_delivery_form
from partybloc.notifications.models import Notification

PAGE_SIZE = 20


def notification_list(request):
    """The user's notices, unread first by default, newest first, a page at a time."""
    show = "all" if request.GET.get("show") == "all" else "unread"
    notices = Notification.objects.visible_to(request.user).select_related("organization")
    if show == "unread":
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "show": show, "query": f"show={show}"},
    )


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def mark_read(request, pk):
    notice = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.mark_read(notice)
    return _back(request)


@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notices marked as read.") % {"count": count})
    return _back(request)


def email_settings(request):
    """Notices by email: none, one per notice, or a daily digest (the account page's card)."""
    form = email_delivery_form(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_email_delivery(
            user=request.user,
            delivery=form.cleaned_data["delivery"],
            email=form.cleaned_data["email"],
        )
        messages.success(request, _("Your choice of email notices is saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "notifications/email_settings.html",
        {"form": form, "email_configured": settings.REMINDER_EMAILS},
    )
