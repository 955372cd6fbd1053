"""Background jobs: the row, not the broker, is the truth about a job's state, attempts, error
and files, so a lost message can be sent again and a job re-run safely."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
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
    # How many times a worker started it: a retry or a re-delivered message adds one.
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
    # Kept in the private default storage: only the scoped download view serves them.
    input_file = models.FileField(_("input file"), upload_to="jobs/%Y/%m/", blank=True)
    output_file = models.FileField(_("output file"), upload_to="jobs/%Y/%m/", blank=True)
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

    def mark_running(self) -> bool:
        """Claim the job for a run, unless it is done (a message delivered twice)."""
        now = timezone.now()
        claimed = (
            Job.objects.filter(pk=self.pk)
            .exclude(state=self.State.DONE)
            .update(
                state=self.State.RUNNING,
                attempts=models.F("attempts") + 1,
                error="",
                started_at=now,
                finished_at=None,
            )
        )
        self.refresh_from_db()
        return bool(claimed)

    def mark_done(self, *, result: dict | None = None):
        if result is not None:
            self.result = result
        self.state = self.State.DONE
        self.error = ""
        self.finished_at = timezone.now()
        self.save(update_fields=["state", "error", "finished_at", "result", "output_file"])

    def mark_failed(self, reason: str):
        """Record the failure, unless another run of the same job finished it meanwhile."""
        self.state = self.State.FAILED
        self.error = str(reason)
        self.finished_at = timezone.now()
        Job.objects.filter(pk=self.pk).exclude(state=self.State.DONE).update(
            state=self.state,
            error=self.error,
            finished_at=self.finished_at,
            result=self.result,
            output_file=self.output_file.name or "",
        )


# The report a rendering job is for, kept in its own module beside the renderer it drives;
# imported here (at the end, as it refers back to this module) so Django registers it.
from reports.report import Report  # noqa: E402

__all__ = ["Job", "JobQuerySet", "Report"]
