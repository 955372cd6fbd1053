"""Preparing reports: choose the scope and period, write the narrative (drafts saved), ask for
the rendering (a job), download the PDF and the .docx from the report's page."""

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organizations import access
from organizations.models import Organization
from partybloc.forms import CapitalizedLabels
from reports import services
from reports.figures import Period
from reports.models import Job
from reports.rendering import LABELS, RESULT_AREAS
from reports.report import Report

SECTIONS = [
    *RESULT_AREAS,
    ("limitations", "Hạn chế, khuyết điểm"),
    ("causes", "Nguyên nhân"),
    ("lessons", "Bài học kinh nghiệm"),
    ("tasks", "Phương hướng, nhiệm vụ kỳ tới"),
]


def _periods():
    year = timezone.localdate().year
    choices = []
    for y in (year, year - 1, year - 2):
        for code in (f"{y}", f"{y}H1"):
            choices.append((code, Period.parse(code).label))
    return choices


class NewReportForm(CapitalizedLabels, forms.Form):
    scope = forms.ModelChoiceField(
        label=gettext_lazy("organization"), queryset=Organization.objects.none()
    )
    period = forms.ChoiceField(label=gettext_lazy("period"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = (
            Organization.objects.visible_to(user)
            .active()
            .filter(access.report_scope_q(user))
            .order_by("depth", "sort_key")
        )
        self.fields["period"].choices = _periods()


class ReportForm(CapitalizedLabels, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["number", "place", "signed_by", "recipients"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 3})}


def report_list(request):
    form = NewReportForm(request.POST or None, user=request.user)
    if request.method == "POST":
        access.require(access.prepares_reports(request.user))
        if form.is_valid():
            report, _created = Report.objects.get_or_create(
                scope=form.cleaned_data["scope"],
                period=form.cleaned_data["period"],
                defaults={"created_by": request.user},
            )
            return redirect("documents:report", pk=report.pk)
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


def report_detail(request, pk):
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related("scope"), pk=pk
    )
    can_prepare = access.can_prepare_report(request.user, report.scope)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        access.require(can_prepare)
        if form.is_valid():
            report = form.save(commit=False)
            report.narrative = {
                key: request.POST.get(f"narrative_{key}", "")[:20000] for key, _title in SECTIONS
            }
            report.save()
            if "render" in request.POST:
                job = services.create_job(
                    kind=Job.Kind.REPORT,
                    by=request.user,
                    organization=report.scope,
                    params={"report_id": report.pk},
                )
                services.enqueue(job)
                messages.success(request, _("The report is being rendered."))
            else:
                messages.success(request, _("The draft was saved."))
            return redirect("documents:report", pk=report.pk)
    jobs = list(
        Job.objects.filter(kind=Job.Kind.REPORT, params__report_id=report.pk).order_by(
            "-created_at"
        )[:10]
    )
    latest = next((job for job in jobs if job.state == Job.State.DONE), None)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "form": form,
            "can_prepare": can_prepare,
            "jobs": jobs,
            "sections": [(key, title, report.narrative.get(key, "")) for key, title in SECTIONS],
            "placeholders": sorted(LABELS.items()),
            "figures": latest.result.get("figures", []) if latest else [],
        },
    )


def report_file(request, pk, job_pk, kind):
    """The PDF or the .docx of one rendering, for anyone whose scope covers the report."""
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    job = get_object_or_404(
        Job, pk=job_pk, kind=Job.Kind.REPORT, params__report_id=report.pk, state=Job.State.DONE
    )
    if kind == "pdf" and job.output_file:
        return FileResponse(
            job.output_file.open("rb"), as_attachment=True, filename=f"bao-cao-{report.period}.pdf"
        )
    if kind == "docx" and job.result.get("docx"):
        return FileResponse(
            default_storage.open(job.result["docx"], "rb"),
            as_attachment=True,
            filename=f"bao-cao-{report.period}.docx",
        )
    raise Http404


@require_POST
def report_retry(request, pk, job_pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    access.require(access.can_prepare_report(request.user, report.scope))
    job = get_object_or_404(Job, pk=job_pk, kind=Job.Kind.REPORT, params__report_id=report.pk)
    services.retry_job(job, by=request.user)
    return redirect("documents:report", pk=report.pk)
