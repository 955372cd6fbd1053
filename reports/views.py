"""Preparing reports — choose the scope and period, write the narrative (drafts saved), ask for
a rendering, download its PDF and .docx — and the leaders' dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspections.early_warnings.models import EarlyWarning
from organizations import access
from organizations.forms import choice_label
from partybloc.downloads import stored_file_response
from partybloc.forms import add_service_error
from partybloc.jobs.models import Job
from partybloc.jobs.views import retry, tell_if_unsent
from reports import outline, services
from reports.dashboard import KEY_FIGURES, current_period, dashboard_data, dashboard_scopes
from reports.figures import Period
from reports.forms import NarrativeForm, NewReportForm, ReportForm
from reports.models import Report


def _report(request: HttpRequest, pk: int) -> Report:
    return get_object_or_404(Report.objects.visible_to(request.user).select_related("scope"), pk=pk)


def report_list(request: HttpRequest) -> HttpResponse:
    access.require(access.sees_register(request.user))
    form = NewReportForm(request.POST or None, user=request.user)
    if request.method == "POST":
        access.require(access.prepares_reports(request.user))
        if form.is_valid():
            report = services.open_report(
                scope=form.cleaned_data["scope"],
                period=form.cleaned_data["period"],
                by=request.user,
            )
            return redirect("reports:report", pk=report.pk)
    reports = Report.objects.visible_to(request.user).select_related("scope")
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "form": form,
            "can_prepare": access.prepares_reports(request.user),
        },
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    can_prepare = access.can_prepare_report(request.user, report.scope)
    form = ReportForm(request.POST or None, instance=report)
    narrative = NarrativeForm(request.POST or None)
    if request.method == "POST":
        access.require(can_prepare)
        if form.is_valid() and narrative.is_valid():
            report = services.save_draft(form.save(commit=False), narrative=narrative.narrative())
            if "issue" in request.POST:
                try:
                    document = services.issue_report(report, by=request.user)
                except ValidationError as error:
                    add_service_error(form, error)
                else:
                    messages.success(
                        request,
                        _("The report was issued as No. %(number)s.") % {"number": document.number},
                    )
                    return redirect("reports:report", pk=report.pk)
            elif "render" in request.POST:
                job = services.request_report(report, by=request.user)
                if not tell_if_unsent(request, job):
                    messages.success(request, _("The draft is being rendered."))
                return redirect("reports:report", pk=report.pk)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("reports:report", pk=report.pk)
    jobs = list(report.renderings().select_related("organization")[:10])
    latest = next((job for job in jobs if job.state == Job.State.DONE), None)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "form": form,
            "can_prepare": can_prepare,
            "jobs": jobs,
            "retryable": {
                job.pk
                for job in jobs
                if job.is_retryable and access.can_retry_job(request.user, job)
            },
            "sections": [
                (
                    section.key,
                    section.heading,
                    narrative.text(section.key, report.narrative.get(section.key, "")),
                    narrative.errors.get(f"narrative_{section.key}", []),
                )
                for section in outline.sections(report.parsed_period)
            ],
            "placeholders": sorted(outline.LABELS.items()),
            "figures": latest.result.get("figures", []) if latest else [],
            "issued": services.issued_versions(report),
        },
    )


def report_file(request: HttpRequest, pk: int, job_pk: int, kind: str) -> HttpResponse:
    """The PDF or the .docx of one rendering, for anyone whose scope covers the report."""
    report = _report(request, pk)
    job = get_object_or_404(report.renderings().filter(state=Job.State.DONE), pk=job_pk)
    file = job.output_file if kind == "pdf" else job.output_docx
    return stored_file_response(file, filename=f"bao-cao-{report.period}.{kind}")


def issued_file(request: HttpRequest, pk: int, document_pk: int, kind: str) -> HttpResponse:
    """The report exactly as issued (any version), for anyone whose scope covers the report."""
    report = _report(request, pk)
    document = next(
        (doc for doc in services.issued_versions(report) if doc.pk == document_pk), None
    )
    if document is None:
        raise Http404
    file = document.pdf if kind == "pdf" else document.docx
    suffix = f"-v{document.version}" if document.version > 1 else ""
    return stored_file_response(
        file, filename=f"{document.number.replace('/', '-')}{suffix}.{kind}", inline=kind == "pdf"
    )


@require_POST
def report_retry(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    report = _report(request, pk)
    retry(request, get_object_or_404(report.renderings().select_related("organization"), pk=job_pk))
    return redirect("reports:report", pk=report.pk)


def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.can_see_dashboard(user))
    scopes = list(dashboard_scopes(user).select_related("parent"))
    if not scopes:
        raise Http404
    chosen = request.GET.get("organization")
    if chosen:
        scope = next((org for org in scopes if str(org.pk) == chosen), None)
        if scope is None:
            raise Http404
    else:
        scope = scopes[0]
    today = timezone.localdate()
    try:
        period = Period.parse(request.GET["period"]) if request.GET.get("period") else None
    except ValueError:
        period = None
    period = period or current_period(today)
    figures, charts, last_rated_year = dashboard_data(scope, period, today)
    cards = [
        {"figure": figures[key], "label": label}
        for key, label in KEY_FIGURES
        if key in figures and figures[key].applicable
    ]
    charts["text"] = {
        "target": str(_("Target")),
        "admitted": str(_("Admitted (cumulative)")),
        "held": str(_("held")),
        "exempt": str(_("excused")),
        "missing": str(_("skipped")),
        "pending": str(_("not yet due")),
    }
    charts["remediation"]["labels"] = [
        str(_("done")),
        str(_("carried over")),
        str(_("open, not yet due")),
        str(_("overdue")),
    ]
    return render(
        request,
        "reports/dashboard.html",
        {
            "scope": scope,
            "scopes": scopes,
            "scope_choices": [(org.pk, choice_label(org)) for org in scopes],
            "period": period,
            "previous": period.previous(),
            "as_of": min(period.end, today),
            "periods": [current_period(today), Period(today.year - 1), Period(today.year - 1, 1)],
            "figures": figures,
            "cards": cards,
            "charts": charts,
            "last_rated_year": last_rated_year,
            # Not cached with the figures: a decision closing a warning takes it off at once.
            "early_warnings": EarlyWarning.objects.in_subtree(scope).open_counts(),
        },
    )
