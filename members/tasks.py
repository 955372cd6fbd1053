"""Celery tasks of the member register: thin, the work is excel.import_file's."""

from celery import Task, shared_task

from members import excel, import_files
from partybloc.jobs.models import Job
from partybloc.jobs.services import run_job, runs_kind


@runs_kind(Job.Kind.MEMBER_IMPORT)
@shared_task(bind=True)
def import_members(task: Task, job_id: int) -> str:
    """Register every member of an uploaded file, or none; the members and the job's outcome
    commit together."""
    return run_job(task, job_id, excel.import_file, atomic=True)


@shared_task
def remove_unconfirmed_imports() -> int:
    """The hourly sweep of import files never confirmed (settings.CELERY_BEAT_SCHEDULE)."""
    return import_files.remove_unconfirmed()
