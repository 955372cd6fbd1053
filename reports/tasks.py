"""Celery tasks: thin interfaces that take a job's id and leave the work to its runner."""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from reports.models import Job
from reports.services import JobFailed, runner_for


@shared_task
def run_job(job_id: int) -> str:
    """Run a job once: a done job is not redone, so a re-sent message is harmless. The work and
    "done" commit together, so a worker that dies half-way leaves nothing behind."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not job.mark_running():
        return "skipped"
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            with transaction.atomic():
                # Two deliveries racing: the row lock lets one work, the other finds it done.
                if Job.objects.select_for_update().get(pk=job.pk).state == Job.State.DONE:
                    return "skipped"
                result = runner_for(job.kind)(job)
                job.mark_done(result=result)
        except JobFailed as refusal:
            # An expected outcome (a refused file, say), told to the user; nothing to re-raise.
            job.mark_failed(refusal.reason)
            return Job.State.FAILED
        except Exception as error:
            job.mark_failed(
                _("The job stopped on an unexpected error: %(error)s") % {"error": error}
            )
            raise
    return Job.State.DONE
