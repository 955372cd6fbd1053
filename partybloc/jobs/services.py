"""Background jobs: create one, queue it after commit, run it, send it again.

Each kind of job has one Celery task, in its app's tasks module, declared with `runs_kind`:
the task takes the job's id and hands `run_job` a runner, a plain function that takes the job
and returns a `JobOutcome` (its result and files) or raises `JobFailed` with the reason the user
reads. `run_job` does the rest: claims the job, runs the runner in the job's language, and
records the outcome — files and state together — only if its claim still holds."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from celery import Task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organizations.models import Organization
from partybloc.jobs.models import Job
from partybloc.types import User

logger = logging.getLogger(__name__)

# Job.Kind -> the Celery task that runs jobs of that kind (filled by runs_kind).
_TASKS: dict[str, Task] = {}


def runs_kind(kind: str) -> Callable[[Task], Task]:
    """Declare a Celery task as the one that runs jobs of a kind: enqueue and retry_job send
    it. Put above @shared_task."""

    def declare(task: Task) -> Task:
        _TASKS[kind] = task
        return task

    return declare


def task_for(kind: str) -> Task:
    return _TASKS[kind]


@dataclass
class JobOutcome:
    """What a run produced: the result to keep, and files by Job field name (None empties the
    field: a file of an earlier attempt that no longer applies)."""

    result: dict = field(default_factory=dict)
    files: dict[str, File | None] = field(default_factory=dict)


class JobFailed(Exception):
    """A job that cannot succeed as asked; the reason is shown to the user as is, beside what
    the run still produced (a marked copy of a refused file, say)."""

    def __init__(self, reason: str, *, outcome: JobOutcome | None = None):
        super().__init__(reason)
        self.reason = reason
        self.outcome = outcome or JobOutcome()


def create_job(
    *,
    kind: str,
    by: User,
    params: dict | None = None,
    input_file: File | str | None = None,
    organization: Organization | None = None,
) -> Job:
    """A queued job (not yet sent: see enqueue). input_file is an upload, or the name of a
    file already in the private storage."""
    job = Job(
        kind=kind,
        created_by=by,
        organization=organization,
        params={"language": get_language(), **(params or {})},
    )
    if isinstance(input_file, str):
        job.input_file.name = input_file
    elif input_file is not None:
        job.input_file.save(getattr(input_file, "name", None) or "input", input_file, save=False)
    job.save()
    return job


def enqueue(job: Job) -> Job:
    """Send the job to a worker once the transaction that created it has committed. With no
    broker (the embedded mode: tasks run eagerly, in the request) the job runs here after the
    commit, as run_in_request does: its failure is recorded on the job, which the page shows,
    and does not become a server error."""
    task = task_for(job.kind)
    if task.app.conf.task_always_eager:
        transaction.on_commit(lambda: run_in_request(job))
    else:
        task.delay_on_commit(job.pk)
    return job


def run_in_request(job: Job) -> Job:
    """The same path as the worker's, in this process: for work small enough to wait for."""
    try:
        task_for(job.kind)(job.pk)
    except Exception:
        # Recorded on the job as failed, which the page then shows; the trace goes to the log.
        logger.exception("Job %s failed in the request", job.pk)
    job.refresh_from_db()
    return job


def retry_job(job: Job, *, by: User) -> Job:
    """Queue a failed job again (its attempts grow when a worker starts it). Who may do so is
    access.can_retry_job's to say; this refuses a job that is not failed."""
    with transaction.atomic():
        queued = Job.objects.filter(pk=job.pk, state=Job.State.FAILED).update(
            state=Job.State.QUEUED, error="", finished_at=None
        )
        if not queued:
            raise ValidationError(_("Only a failed job can be retried."))
        enqueue(job)
    job.refresh_from_db()
    return job


def run_job(
    task: Task, job_id: int, runner: Callable[[Job], JobOutcome], *, atomic: bool = False
) -> str:
    """Run a job once, for a kind's task: claim it, run the runner, record its outcome.

    No transaction is open and no row is locked while the runner works (a rendering takes
    seconds): the claim decides which of two deliveries runs. With atomic=True the runner's own
    writes (an import's members) and the recorded outcome commit together, so a worker that
    dies half-way leaves nothing behind. A delivery that finds the job held by another run
    looks again when that claim lapses, in case the run's worker died."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return "skipped"
    if not job.claim():
        lapses = job.claimed_until()
        if lapses is not None and not (task.request.called_directly or task.request.is_eager):
            wait = max((lapses - timezone.now()).total_seconds(), 1)
            raise task.retry(countdown=wait, max_retries=None)
        return "skipped"
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            try:
                if atomic:
                    with transaction.atomic():
                        _record(job, Job.State.DONE, runner(job))
                else:
                    _record(job, Job.State.DONE, runner(job))
            except JobFailed as refusal:
                # An expected outcome (a refused file, say), told to the user: not re-raised.
                _record(job, Job.State.FAILED, refusal.outcome, error=refusal.reason)
            except ClaimLost:
                raise
            except Exception:
                # The page says that it failed, not the error's text: that names server files
                # and quotes values. The worker (or run_in_request) logs the trace.
                reason = _(
                    "The job stopped on an unexpected error. Try again later; if it fails "
                    "again, tell the bloc office the job number %(number)s."
                ) % {"number": job.pk}
                _record(job, Job.State.FAILED, JobOutcome(result=job.result), error=reason)
                raise
    except ClaimLost:
        logger.warning(
            "Job %s: attempt %s outlived its claim; its outcome was dropped", job.pk, job.attempts
        )
        return "skipped"
    return job.state


class ClaimLost(Exception):
    """Another run took the job over: this run's outcome is not recorded."""


def _record(job: Job, state: str, outcome: JobOutcome, *, error: str = "") -> None:
    """Write the outcome's files, then state, error, result and file names in one UPDATE that
    applies only while this run's claim holds (the job running, at this run's attempt). Files
    written for an outcome that is not recorded are removed: the row names only its own."""
    names: dict[str, str] = {}
    written: list[tuple[Storage, str]] = []
    try:
        for name, content in outcome.files.items():
            if content is None:
                names[name] = ""
                continue
            file_field = Job._meta.get_field(name)
            stored = file_field.storage.save(
                file_field.generate_filename(job, content.name),
                content,
                max_length=file_field.max_length,
            )
            written.append((file_field.storage, stored))
            names[name] = stored
        recorded = Job.objects.filter(
            pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts
        ).update(
            state=state, error=error, result=outcome.result, finished_at=timezone.now(), **names
        )
    except BaseException:
        _remove(written)
        raise
    if not recorded:
        _remove(written)
        raise ClaimLost(job.pk)
    job.refresh_from_db()


def _remove(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
