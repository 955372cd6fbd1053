"""Creating, queueing and retrying background jobs. Each job kind has a runner: a plain
function that takes the job, does the work (inside the transaction the task opens), may set
job.output_file, and returns the job's result as a dict, or raises JobFailed with the reason
the user reads."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.models import Job

logger = logging.getLogger(__name__)

RUNNERS = {
    Job.Kind.MEMBER_IMPORT: "members.excel.import_members",
    Job.Kind.REPORT: "reports.report.render_report",
}


class JobFailed(Exception):
    """A job that cannot succeed as asked; reason is shown to the user as is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def runner_for(kind: str):
    return import_string(RUNNERS[kind])


def create_job(
    *, kind: str, by, params: dict | None = None, input_file=None, organization=None
) -> Job:
    job = Job(
        kind=kind,
        created_by=by,
        organization=organization,
        params={"language": get_language(), **(params or {})},
    )
    if isinstance(input_file, str):  # already in the private storage
        job.input_file.name = input_file
    elif input_file is not None:
        job.input_file.save(getattr(input_file, "name", None) or "input", input_file, save=False)
    job.save()
    return job


def enqueue(job: Job) -> Job:
    """Send the job to a worker once the transaction that created it has committed."""
    from reports.tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def run_in_request(job: Job) -> Job:
    """The same path as the worker's, in this process: for work small enough to wait for."""
    from reports.tasks import run_job

    try:
        run_job(job.pk)
    except Exception:
        # Recorded on the job as failed, which the page then shows; the trace goes to the log.
        logger.exception("Job %s failed in the request", job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def retry_job(job: Job, *, by) -> Job:
    """Queue a failed job again (its attempts grow when a worker starts it)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.state != Job.State.FAILED:
        raise ValidationError(_("Only a failed job can be retried."))
    job.state = Job.State.QUEUED
    job.error = ""
    job.finished_at = None
    job.save(update_fields=["state", "error", "finished_at"])
    return enqueue(job)
