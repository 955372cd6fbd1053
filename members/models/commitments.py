"""Directives and resolutions the bloc carries out, each organization's implementation plan,
and each member's yearly commitment and personal action plan (Chỉ thị 05-CT/TW, Nghị quyết
Trung ương 4 khóa XII)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Directive(models.Model):
    number = models.CharField(_("number"), max_length=50)  # "05-CT/TW"
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("directive or resolution")
        verbose_name_plural = _("directives and resolutions")
        ordering = ["-issued_on"]

    def __str__(self):
        return f"{self.number} — {self.title}"


class ImplementationPlan(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="plans")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="implementation_plans"
    )
    adopted_on = models.DateField(_("adopted on"))
    text = models.TextField(_("plan"), blank=True)
    document = models.FileField(_("document"), upload_to="plans/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["directive", "organization"], name="plan_once")
        ]

    def __str__(self):
        return f"{self.organization} — {self.directive.number}"


class Commitment(models.Model):
    """A member's yearly commitment and personal action plan under a directive."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="commitments")
    year = models.PositiveSmallIntegerField(_("year"))
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="commitments"
    )
    text = models.TextField(_("commitment and personal action plan"))
    document = models.FileField(_("document"), upload_to="commitments/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "year", "member"], name="commitment_once_a_year"
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.directive.number} — {self.year}"
