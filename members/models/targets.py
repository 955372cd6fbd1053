"""The year's targets, in groups (seed 001: "8/8 nhóm chỉ tiêu"). Where the actual figure
follows from the register it is computed as of a date; otherwise staff enter it with a source."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("target group"), max_length=255)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["year", "order"]

    def __str__(self):
        return f"{self.year} — {self.name}"


class Target(models.Model):
    class Measure(models.TextChoices):
        MEMBERS_ADMITTED = "members_admitted", _("members admitted in the year")
        YOUTH_SHARE = "youth_share", _("share of youth union members among those admitted")
        ORGANIZATIONS_RATED_WELL = (
            "organizations_rated_well",
            _("share of grassroots organizations rated well"),
        )
        MEMBERS_RATED_WELL = "members_rated_well", _("share of members rated well")
        ENTERED = "entered", _("entered by staff")

    PERCENT_MEASURES = (
        Measure.YOUTH_SHARE,
        Measure.ORGANIZATIONS_RATED_WELL,
        Measure.MEMBERS_RATED_WELL,
    )

    group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(_("indicator"), max_length=255)
    measure = models.CharField(_("how it is measured"), max_length=30, choices=Measure.choices)
    target_value = models.DecimalField(_("target"), max_digits=8, decimal_places=2)
    is_percent = models.BooleanField(_("a percentage"), default=False)
    entered_value = models.DecimalField(
        _("actual (entered)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    entered_source = models.CharField(_("source of the figure"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["group", "pk"]

    def __str__(self):
        return self.name
