"""A semi-annual or annual report: its scope, period, number and the narrative staff write.
Each rendering to PDF and .docx is a background job (see services.request_report)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations import access
from partybloc.jobs.models import Job, JobQuerySet
from partybloc.types import Viewer
from reports.figures import Period


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user: Viewer) -> "ReportQuerySet":
        return self.filter(access.organization_scope_q(user, prefix="scope__"))


class Report(models.Model):
    scope = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period = models.CharField(_("period"), max_length=6)  # "2026H1" or "2026"
    # Given by the register when the report is issued (see issue_report), never typed.
    number = models.CharField(_("number"), max_length=50, blank=True, editable=False)
    issued_on = models.DateField(
        _("date of the document"),
        null=True,
        blank=True,
        help_text=_("The date printed on the report, set when it is issued."),
    )
    instruction = models.CharField(
        _("under"),
        max_length=255,
        blank=True,
        help_text=_(
            "The instruction the report answers, e.g. Hướng dẫn số 12-HD/VPTU ngày 05/6/2026 "
            "của Văn phòng Tỉnh ủy."
        ),
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_is_deputy = models.BooleanField(_("signed by a deputy secretary"), default=False)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    narrative = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period", "scope__path"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "period"], name="report_once_per_period")
        ]

    def __str__(self):
        return f"{self.scope} — {self.parsed_period.label}"

    def save(self, *args, **kwargs):
        self.place = self.place or settings.DOCUMENT_PLACE
        super().save(*args, **kwargs)

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def parsed_period(self) -> Period:
        return Period.parse(self.period)

    def renderings(self) -> JobQuerySet:
        """The jobs that rendered (or are rendering) this report, the latest first."""
        return Job.objects.filter(kind=Job.Kind.REPORT, params__report_id=self.pk).order_by(
            "-created_at", "-pk"
        )
