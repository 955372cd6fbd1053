"""Background jobs: the row, not the broker, is the truth about a job's state, attempts, error
and files, so a lost message can be sent again and a job re-run safely."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access
from partybloc.types import Viewer

# A run that started longer ago than the task's hard time limit has certainly ended: its worker
# died (the broker then sends the message again) and the job may be claimed anew.
CLAIM_SECONDS = settings.CELERY_TASK_TIME_LIMIT + 60


class JobQuerySet(models.QuerySet):
    def visible_to(self, user: Viewer) -> "JobQuerySet":
        return self.filter(access.job_scope_q(user))


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
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_retryable(self) -> bool:
        """Only a failed job is sent again (who may send it: access.can_retry_job)."""
        return self.state == self.State.FAILED

    def claim(self) -> bool:
        """Take the job for one run, in one short conditional UPDATE that holds no lock past
        itself: of two deliveries of the same message only one gets it. A queued job is taken;
        a running one only when its run outlived the time limit; a done or failed one never."""
        now = timezone.now()
        abandoned = now - datetime.timedelta(seconds=CLAIM_SECONDS)
        claimed = (
            Job.objects.filter(pk=self.pk)
            .filter(
                Q(state=self.State.QUEUED) | Q(state=self.State.RUNNING, started_at__lt=abandoned)
            )
            .update(
                state=self.State.RUNNING,
                attempts=F("attempts") + 1,
                error="",
                started_at=now,
                finished_at=None,
            )
        )
        self.refresh_from_db()
        return bool(claimed)

    def claimed_until(self) -> datetime.datetime | None:
        """When a running job's claim lapses (None unless it is running)."""
        if self.state != self.State.RUNNING or self.started_at is None:
            return None
        return self.started_at + datetime.timedelta(seconds=CLAIM_SECONDS)
