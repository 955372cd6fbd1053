"""Background jobs: the row, not the broker, is the truth about a job's state, attempts, error
and files, so a lost message can be sent again and a job re-run safely."""

import contextlib
import datetime
import os

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access
from partybloc import notes
from partybloc.types import Viewer


def stale_before(now: datetime.datetime) -> datetime.datetime:
    """A running job whose last heartbeat is older than this lost its worker."""
    return now - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)


def stale_q(now: datetime.datetime) -> Q:
    """Running, with no sign of life for JOB_STALE_SECONDS: its worker was killed (a run writes
    a heartbeat every JOB_HEARTBEAT_SECONDS; a run from before heartbeats counts from its
    start)."""
    limit = stale_before(now)
    return Q(state=Job.State.RUNNING) & (
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit)
    )


def unsent_q(now: datetime.datetime) -> Q:
    """Queued, and sent to the broker longer than JOB_RESEND_SECONDS ago (or never): the broker
    was down, or lost the message."""
    limit = now - datetime.timedelta(seconds=settings.JOB_RESEND_SECONDS)
    return Q(state=Job.State.QUEUED) & (
        Q(sent_at__lt=limit) | Q(sent_at__isnull=True, created_at__lt=limit)
    )


class JobQuerySet(models.QuerySet):
    def visible_to(self, user: Viewer) -> "JobQuerySet":
        return self.filter(access.job_scope_q(user))

    def stale(self) -> "JobQuerySet":
        return self.filter(stale_q(timezone.now()))

    def unsent(self) -> "JobQuerySet":
        return self.filter(unsent_q(timezone.now()))


class Job(models.Model):
    class Kind(models.TextChoices):
        MEMBER_IMPORT = "member_import", _("member import")
        REPORT = "report", _("report rendering")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    # How many times a worker started it: a retry or a re-delivered message adds one. Also the
    # run's token: only the run that claimed attempt n may record the outcome of attempt n.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Kept in the private default storage: only the scoped download views serve them.
    input_file = models.FileField(_("input file"), upload_to="jobs/%Y/%m/", blank=True)
    # The job's product: a rendered PDF, or the marked copy of a refused import file.
    output_file = models.FileField(_("output file"), upload_to="jobs/%Y/%m/", blank=True)
    # The same product in Word, for editing (a report's .docx).
    output_docx = models.FileField(_("Word file"), upload_to="jobs/%Y/%m/", blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The last sign of life of the run (see stale_q), and when the job was last handed to the
    # broker (see unsent_q).
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    # Not stored: whether jobs.services.send handed this job to the broker (None: not tried).
    sent: bool | None = None

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def reason(self) -> str:
        """Why the job failed, in the reader's language (stored as a note where it can be)."""
        return notes.shown(self.error)

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_stuck(self) -> bool:
        """Running with its worker gone, or queued with its message lost (see the sweeper)."""
        now = timezone.now()
        if self.state == self.State.RUNNING:
            alive = self.heartbeat_at or self.started_at
            return alive is not None and alive < stale_before(now)
        if self.state == self.State.QUEUED:
            sent = self.sent_at or self.created_at
            return sent < now - datetime.timedelta(seconds=settings.JOB_RESEND_SECONDS)
        return False

    @property
    def is_retryable(self) -> bool:
        """A failed job, or a stuck one, may be sent again (who may: access.can_retry_job)."""
        return self.state == self.State.FAILED or (self.is_pending and self.is_stuck)

    def claim(self) -> bool:
        """Take the job for one run, in one short conditional UPDATE that holds no lock past
        itself: of two deliveries of the same message only one gets it. A queued job is taken;
        a running one only when its worker is gone (stale_q), and not after JOB_MAX_ATTEMPTS
        starts (it is failed instead, see give_up); a done or failed one never."""
        now = timezone.now()
        claimed = (
            Job.objects.filter(pk=self.pk)
            .filter(
                Q(state=self.State.QUEUED)
                | (stale_q(now) & Q(attempts__lt=settings.JOB_MAX_ATTEMPTS))
            )
            .update(
                state=self.State.RUNNING,
                attempts=F("attempts") + 1,
                error="",
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
            )
        )
        if not claimed:
            self.give_up()
        self.refresh_from_db()
        return bool(claimed)

    def give_up(self) -> bool:
        """Fail a job that lost its worker JOB_MAX_ATTEMPTS times, with the reason (a rendering
        that kills its worker every time is not started for ever)."""
        reason = notes.note("job_interrupted", count=settings.JOB_MAX_ATTEMPTS)
        failed = (
            Job.objects.filter(pk=self.pk)
            .filter(stale_q(timezone.now()), attempts__gte=settings.JOB_MAX_ATTEMPTS)
            .update(state=self.State.FAILED, error=reason, finished_at=timezone.now())
        )
        if failed:
            self.refresh_from_db()
            self.remove_stray_files()
        return bool(failed)

    def beat(self) -> bool:
        """Record that this run (the claim of attempt n) is alive; False once it lost the job."""
        return bool(
            Job.objects.filter(pk=self.pk, state=self.State.RUNNING, attempts=self.attempts).update(
                heartbeat_at=timezone.now()
            )
        )

    def claimed_until(self) -> datetime.datetime | None:
        """When a running job's claim lapses unless its run shows a sign of life (None unless
        it is running)."""
        if self.state != self.State.RUNNING:
            return None
        alive = self.heartbeat_at or self.started_at
        if alive is None:
            return None
        return alive + datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)

    def files_folder(self) -> str:
        """Where the job's products are kept: one folder per job, one below it per attempt."""
        return f"jobs/{self.pk}"

    def file_name(self, name: str) -> str:
        """The storage name of a file this run produced: the same for the same job, attempt
        and file, so a re-run never piles a second copy beside the first."""
        return f"{self.files_folder()}/{self.attempts}/{name.rsplit('/', 1)[-1]}"

    def remove_stray_files(self) -> list[str]:
        """Remove the files of the job's folder that the row does not name: an earlier
        attempt's products, or a killed run's half-written ones."""
        storage = Job._meta.get_field("output_file").storage
        named = {
            getattr(self, field).name
            for field in ("input_file", "output_file", "output_docx")
            if getattr(self, field)
        }
        removed = []
        try:
            attempts, _files = storage.listdir(self.files_folder())
        except FileNotFoundError:
            return removed
        for attempt in attempts:
            folder = f"{self.files_folder()}/{attempt}"
            for name in storage.listdir(folder)[1]:
                path = f"{folder}/{name}"
                if path not in named:
                    delete_file(storage, path)
                    removed.append(path)
        return removed


def delete_file(storage: Storage, name: str) -> None:
    """Delete a stored file, and its folder once empty (on a storage with folders)."""
    storage.delete(name)
    # No local folders (NotImplementedError), or the folder is not empty (OSError).
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(os.path.dirname(storage.path(name)))
