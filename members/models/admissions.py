"""Admission of new members: the procedure is data (steps, their order and the intervals
between them, with the date each version takes effect), so a change of rules is a new row, not
new code; candidates move through the steps with the date, document and recorder of each."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.register import Gender, add_years
from organizations import access


class AdmissionRule(models.Model):
    """One version of the admission procedure (e.g. Hướng dẫn 06-HD/TW, 2025)."""

    name = models.CharField(_("name"), max_length=255)
    effective_from = models.DateField(_("effective from"), unique=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), default=60)
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("awareness course certificate valid for (months)"), default=60
    )

    class Meta:
        verbose_name = _("admission rule")
        verbose_name_plural = _("admission rules")
        ordering = ["-effective_from"]

    def __str__(self):
        return self.name

    @classmethod
    def in_force(cls, on: datetime.date) -> "AdmissionRule | None":
        return cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


class AdmissionStep(models.Model):
    class Code(models.TextChoices):
        COURSE = "course", _("awareness course")
        HELPER = "helper", _("member assigned to help")
        APPLICATION = "application", _("application and introductions")
        VERIFICATION = "verification", _("background verification")
        CELL_RESOLUTION = "cell_resolution", _("cell resolution")
        COMMITTEE_RESOLUTION = "committee_resolution", _("committee resolution")
        DECISION = "decision", _("admission decision")
        CEREMONY = "ceremony", _("admission ceremony")

    rule = models.ForeignKey(AdmissionRule, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=24, choices=Code.choices)
    forms = models.CharField(_("forms"), max_length=100, blank=True)  # "1-KNĐ, 2-KNĐ"
    min_days_after_previous = models.PositiveSmallIntegerField(null=True, blank=True)
    max_days_after_previous = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["rule", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "order"], name="admission_step_order_once"),
            models.UniqueConstraint(fields=["rule", "code"], name="admission_step_code_once"),
        ]

    def __str__(self):
        return f"{self.order}. {self.get_code_display()}"


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.organization_scope_q(user, prefix="organization__"))


class Candidate(models.Model):
    """A person on the way to admission (quần chúng ưu tú)."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        ADMITTED = "admitted", _("admitted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    national_id = models.CharField(_("national ID (CCCD)"), max_length=12)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("party cell"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    job = models.CharField(_("job"), max_length=255, blank=True)
    youth_union_member = models.BooleanField(_("youth union member"), default=False)
    helper = models.ForeignKey(
        "members.Member",
        verbose_name=_("member assigned to help"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    introducers = models.ManyToManyField(
        "members.Member", verbose_name=_("introducers"), blank=True, related_name="+"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    member = models.OneToOneField(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacy",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=Q(state="in_progress"),
                name="candidate_once_in_progress",
                violation_error_message=_("This person is already a candidate in progress."),
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def started_on(self) -> datetime.date | None:
        first = self.steps_done.order_by("done_on").first()
        return first.done_on if first else None

    def rule(self) -> AdmissionRule | None:
        """The procedure that applies: the one in force when the candidate started."""
        from members.admissions import rule_for

        return rule_for(self)


class CandidateStep(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps_done")
    step = models.ForeignKey(AdmissionStep, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    document = models.FileField(_("document"), upload_to="admissions/%Y/", blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "step"], name="candidate_step_once")
        ]

    def __str__(self):
        return f"{self.candidate}: {self.step} ({self.done_on:%d/%m/%Y})"


def age_on(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def certificate_expires_on(candidate_course_on: datetime.date, rule: AdmissionRule):
    months = rule.certificate_valid_months
    years, extra = divmod(months, 12)
    expiry = add_years(candidate_course_on, years)
    for _month in range(extra):
        expiry = (expiry.replace(day=1) + datetime.timedelta(days=32)).replace(
            day=min(candidate_course_on.day, 28)
        )
    return expiry
