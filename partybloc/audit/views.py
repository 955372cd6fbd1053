"""The access log's page: who viewed or exported members' personal data, for the bloc office."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from organizations import access
from partybloc.audit.forms import AccessLogFilterForm
from partybloc.audit.models import AccessRecord
from partybloc.audit.search import search_lost, search_redirect, with_search_text


def access_log(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read_access_log(request.user))
    moved = search_redirect(request, field="whom")
    if moved is not None:
        return moved
    if search_lost(request, request.GET):
        messages.info(request, _("The search has ended with the session: search again."))
    form = AccessLogFilterForm(with_search_text(request, request.GET, field="whom"))
    records = AccessRecord.objects.visible_to(request.user).select_related(
        "user", "member", "organization"
    )
    if form.is_valid():
        records = form.filter(records)
    page = Paginator(records, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "member": form.cleaned_data.get("member") if form.is_valid() else None,
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )
