"""Celery tasks of the reports: thin, the work is rendering.render_report's."""

from celery import Task, shared_task
from django.core.files.base import ContentFile

from partybloc.jobs.models import Job
from partybloc.jobs.services import JobOutcome, run_job, runs_kind
from reports.models import Report
from reports.rendering import render_report as render


@runs_kind(Job.Kind.REPORT)
@shared_task(bind=True)
def render_report(task: Task, job_id: int) -> str:
    """Render the report a job names to PDF and .docx (the job's output files)."""
    return run_job(task, job_id, _rendering)


def _rendering(job: Job) -> JobOutcome:
    report = Report.objects.select_related("scope").get(pk=job.params["report_id"])
    rendered = render(report)
    stem = f"bao-cao-{report.period}-{report.scope_id}-{job.pk}"
    return JobOutcome(
        result={"report_id": report.pk, "figures": rendered.figures},
        files={
            "output_file": ContentFile(rendered.pdf, name=f"{stem}.pdf"),
            "output_docx": ContentFile(rendered.docx, name=f"{stem}.docx"),
        },
    )
