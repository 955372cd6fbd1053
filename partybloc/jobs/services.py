"""Background jobs: create one, queue it after commit, run it, send it again.

Each kind of job has one Celery task, in its app's tasks module, declared with `runs_kind`:
the task takes the job's id and hands `run_job` a runner, a plain function that takes the job
and returns a `JobOutcome` (its result and files) or raises `JobFailed` with the reason the user
reads. `run_job` does the rest: claims the job, runs the runner in the job's language, and
records the outcome — files and state together — only if its claim still holds."""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from celery import Task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from organizations.models import Organization
from partybloc import notes
from partybloc.jobs.models import Job, delete_file, stale_q, unsent_q
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
    """A job that cannot succeed as asked; the reason is shown to the user, beside what the run
    still produced (a marked copy of a refused file, say). Give it as a note
    (partybloc.notes) where it can be one: it is then shown in the reader's language."""

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
    """Send the job to a worker once the transaction that created it has committed. A broker
    that is down does not fail the request: the job stays queued (job.sent is False once the
    commit happened) and the sweeper sends it again when the broker is back."""
    job.sent = None
    transaction.on_commit(lambda: send(job))
    return job


def send(job: Job) -> bool:
    """Hand the job to the broker now: once, without publish retries, giving up after the
    broker's connection timeout. False (and logged) when the broker could not take it."""
    job.sent_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(sent_at=job.sent_at)
    if task_for(job.kind).app.conf.task_always_eager:
        # No broker (the embedded mode): the job runs here, and its failure is recorded on the
        # job, which the page shows, instead of becoming a server error.
        run_in_request(job)
        job.sent = True
        return True
    try:
        # The row, not a result backend, tells the outcome: nothing to wait for there.
        task_for(job.kind).apply_async((job.pk,), ignore_result=True, retry=False)
    except OperationalError as error:
        logger.warning("Job %s not sent, the broker is unreachable: %s", job.pk, error)
        job.sent = False
        return False
    job.sent = True
    return True


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
    """Queue a failed or stuck job again (its attempts grow when a worker starts it). Who may
    do so is access.can_retry_job's to say; this refuses a job that is neither."""
    now = timezone.now()
    with transaction.atomic():
        queued = (
            Job.objects.filter(pk=job.pk)
            .filter(Q(state=Job.State.FAILED) | stale_q(now) | unsent_q(now))
            .update(state=Job.State.QUEUED, error="", finished_at=None)
        )
        if not queued:
            raise ValidationError(_("Only a failed job, or one that is stuck, can be retried."))
        enqueue(job)
    sent = job.sent
    job.refresh_from_db()
    job.sent = sent
    return job


@dataclass
class Sweep:
    """What one pass of the sweeper did."""

    requeued: int = 0
    failed: int = 0
    resent: int = 0
    broker_down: bool = False


def sweep_jobs() -> Sweep:
    """Put jobs that a fault left behind back on their way (every minute: the beat schedule, or
    `manage.py sweep_jobs` from cron). A running job whose worker is gone is queued again, or
    failed with its reason after JOB_MAX_ATTEMPTS starts; a queued job whose message was not
    sent or was lost is sent again. Sending twice is harmless: a job runs once (Job.claim).
    While the broker is down it stops at the first job it cannot send."""
    sweep = Sweep()
    broker_up = True
    for job in Job.objects.stale().order_by("pk"):
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            sweep.failed += job.give_up()
            continue
        requeued = (
            Job.objects.filter(pk=job.pk, attempts=job.attempts)
            .filter(stale_q(timezone.now()))
            .update(state=Job.State.QUEUED, heartbeat_at=None)
        )
        if requeued:
            logger.warning(
                "Job %s lost its worker at attempt %s: queued again", job.pk, job.attempts
            )
            sweep.requeued += 1
            broker_up = broker_up and send(job)
    if broker_up:
        for job in Job.objects.unsent().order_by("pk"):
            if not send(job):
                broker_up = False
                break
            sweep.resent += 1
    sweep.broker_down = not broker_up
    return sweep


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
    heartbeat = None if task.request.called_directly or task.request.is_eager else Heartbeat(job)
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
                reason = notes.note("job_unexpected_error", number=job.pk)
                _record(job, Job.State.FAILED, JobOutcome(result=job.result), error=reason)
                raise
    except ClaimLost:
        logger.warning(
            "Job %s: attempt %s outlived its claim; its outcome was dropped", job.pk, job.attempts
        )
        return "skipped"
    finally:
        if heartbeat:
            heartbeat.stop()
    return job.state


class Heartbeat:
    """While a worker runs a job, a thread writes the job's heartbeat every
    JOB_HEARTBEAT_SECONDS: a job whose heartbeat stops lost its worker (a kill -9, the machine
    gone) and the sweeper queues it again. The thread has its own database connection."""

    def __init__(self, job: Job):
        self.job = job
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name=f"heartbeat-job-{job.pk}", daemon=True)
        self.thread.start()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    if not self.job.beat():
                        return  # the job is no longer this run's
                except DatabaseError:  # a busy or unreachable database: try again next beat
                    logger.warning("Job %s: heartbeat not written", self.job.pk, exc_info=True)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)


class ClaimLost(Exception):
    """Another run took the job over: this run's outcome is not recorded."""


def _record(job: Job, state: str, outcome: JobOutcome, *, error: str = "") -> None:
    """Write the outcome's files, then state, error, result and file names in one UPDATE that
    applies only while this run's claim holds (the job running, at this run's attempt). Files
    written for an outcome that is not recorded are removed: the row names only its own. Once
    recorded, the files the row no longer names (an earlier attempt's, a killed run's) go."""
    names: dict[str, str] = {}
    written: list[tuple[Storage, str]] = []
    try:
        for name, content in outcome.files.items():
            if content is None:
                names[name] = ""
                continue
            file_field = Job._meta.get_field(name)
            storage = file_field.storage
            target = storage.generate_filename(job.file_name(content.name))
            if storage.exists(target):  # this very attempt's, half-written: replaced
                storage.delete(target)
            stored = storage.save(target, content, max_length=file_field.max_length)
            written.append((storage, stored))
            names[name] = stored
        replaced = [
            (Job._meta.get_field(name).storage, getattr(job, name).name)
            for name in names
            if getattr(job, name) and getattr(job, name).name != names[name]
        ]
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
    _remove(replaced)
    job.refresh_from_db()
    job.remove_stray_files()


def _remove(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        delete_file(storage, name)
