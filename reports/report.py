"""A semi-annual or annual report: its scope, period, number and the narrative staff write;
rendered to PDF and .docx by a job (the job's runner is `render_report`)."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access
from reports.figures import Period, compute_figures
from reports.rendering import (
    LABELS,
    NARRATIVE_KEYS,
    render_report_docx,
    render_report_pdf,
    report_context,
)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.organization_scope_q(user, prefix="scope__"))


class Report(models.Model):
    scope = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period = models.CharField(_("period"), max_length=6)  # "2026H1" or "2026"
    number = models.CharField(
        _("number"), max_length=50, blank=True, help_text=_("For example 12-BC/ĐUK.")
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=120, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    narrative = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        app_label = "reports"
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
    def parsed_period(self) -> Period:
        return Period.parse(self.period)


def render_report(job) -> dict:
    """Job runner: compute the figures as of the period's end, render the PDF (the job's output)
    and the .docx (kept beside it), and say what was produced. Running it again overwrites its
    own files, so a re-run is safe."""

    report = Report.objects.select_related("scope").get(pk=job.params["report_id"])
    figures = compute_figures(report.scope, report.parsed_period)
    context = report_context(
        figures,
        {key: report.narrative.get(key, "") for key in NARRATIVE_KEYS},
        number=report.number or "…-BC/ĐUK",
        place=report.place,
        signed_by=report.signed_by,
        recipients=[line.strip() for line in report.recipients.splitlines() if line.strip()],
        day=timezone.localdate(),
    )
    stem = f"bao-cao-{report.period}-{report.scope_id}-{job.pk}"
    job.output_file.save(f"{stem}.pdf", ContentFile(render_report_pdf(context)), save=False)
    docx_name = default_storage.save(
        f"jobs/{datetime.date.today():%Y/%m}/{stem}.docx", ContentFile(render_report_docx(context))
    )
    # The figures as rendered, with the link to the records behind each, for the report's page.
    shown = [
        {
            "key": key,
            "label": LABELS.get(key, key),
            "value": figure.formatted,
            "previous": figure.previous_formatted,
            "link": figure.link,
        }
        for key, figure in figures.items.items()
        if figure.applicable and key in LABELS
    ]
    return {"report_id": report.pk, "docx": docx_name, "figures": shown}
