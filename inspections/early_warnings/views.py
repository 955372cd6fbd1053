from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inspections.early_warnings import services
from inspections.early_warnings.forms import CloseWarningForm
from inspections.early_warnings.models import EarlyWarning
from organizations import access
from organizations.models import Organization

TABS = ("members", "organizations", "settled")


@require_GET
def warning_list(request: HttpRequest) -> HttpResponse:
    """The warnings in the user's scope (or under one organization of it): members who missed
    three months, organizations at risk, and those already settled."""
    user = request.user
    access.require(access.sees_early_warnings(user))
    scope = None
    chosen = request.GET.get("organization", "")
    if chosen:
        # An id no row can have (not digits, or past what the database stores) names nothing.
        if not chosen.isdigit() or len(chosen) > 18:
            raise Http404
        scope = get_object_or_404(Organization.objects.visible_to(user), pk=int(chosen))
    today = timezone.localdate()
    last_run = services.last_refresh()
    if last_run is None or last_run.ran_on != today:
        # The daily run did not run today (no beat, no cron): the page computes them itself.
        services.refresh_warnings(today)
        last_run = services.last_refresh()
    warnings = EarlyWarning.objects.visible_to(user).select_related(
        "member", "organization", "decided_by"
    )
    if scope is not None:
        warnings = warnings.in_subtree(scope)
    lists = {
        "members": warnings.open()
        .about_members()
        .order_by("organization__path", "member__sort_key", "kind", "-year"),
        "organizations": warnings.open()
        .about_organizations()
        .order_by("organization__path", "kind", "-year"),
        "settled": warnings.settled().order_by("-checked_on", "-pk"),
    }
    tab = request.GET.get("tab")
    tab = tab if tab in TABS else "members"
    page = Paginator(lists[tab], settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "early_warnings/warning_list.html",
        {
            "scope": scope,
            "tab": tab,
            "counts": {name: queryset.count() for name, queryset in lists.items()},
            "page": page,
            "query": query.urlencode(),
            "scope_query": f"organization={scope.pk}&" if scope else "",
            "last_run": last_run,
            "can_refresh": access.can_refresh_early_warnings(user),
            "months": services.MONTHS_IN_A_YEAR,
        },
    )


@require_POST
def warning_refresh(request: HttpRequest) -> HttpResponse:
    """Recompute the warnings now ("Làm mới"), for the bloc office."""
    access.require(access.can_refresh_early_warnings(request.user))
    summary = services.refresh_warnings(timezone.localdate())
    messages.success(
        request,
        _(
            "Warnings recomputed: %(raised)d raised, %(reopened)d raised again, %(resolved)d "
            "resolved by the data; %(open)d open."
        )
        % {
            "raised": summary.raised,
            "reopened": summary.reopened,
            "resolved": summary.resolved,
            "open": summary.open_after,
        },
    )
    return redirect("early_warnings:list")


def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A warning with its evidence; its decision, or the form that records one."""
    warning = get_object_or_404(
        EarlyWarning.objects.visible_to(request.user).select_related(
            "member", "organization", "decided_by"
        ),
        pk=pk,
    )
    can_close = access.can_close_early_warning(request.user, warning)
    form = CloseWarningForm(request.POST or None)
    if request.method == "POST":
        access.require(can_close)
        if form.is_valid():
            try:
                services.close_warning(
                    warning,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["decision_reason"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The decision was recorded; the warning is closed."))
                return redirect(reverse("early_warnings:detail", args=[warning.pk]))
    return render(
        request,
        "early_warnings/warning_detail.html",
        {
            "warning": warning,
            "evidence": warning.evidence_rows(),
            "can_close": can_close,
            "form": form,
        },
    )
