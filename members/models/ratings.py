"""Annual ratings. A rating scale belongs to the years it applies to (the 2016–17 scale for
organizations with "trong sạch, vững mạnh", the four levels of 2018–2024, the 100-point scale
of Quy định 366-QĐ/TW from 2025), with its levels and its rules, each rule with its message:
all data, so a report on a past year uses that year's rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access


class RatingScale(models.Model):
    class Subject(models.TextChoices):
        MEMBER = "member", _("party members")
        ORGANIZATION = "organization", _("party organizations")

    name = models.CharField(_("name"), max_length=255)
    subject = models.CharField(_("rated"), max_length=12, choices=Subject.choices)
    first_year = models.PositiveSmallIntegerField(_("from year"))
    last_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    uses_points = models.BooleanField(_("scored on 100 points"), default=False)

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        ordering = ["subject", "-first_year"]

    def __str__(self):
        return self.name

    @classmethod
    def for_year(cls, year: int, subject: str) -> "RatingScale | None":
        return (
            cls.objects.filter(subject=subject, first_year__lte=year)
            .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
            .order_by("-first_year")
            .first()
        )

    def level_for_points(self, points: int):
        for level in self.levels.all():
            if level.min_points is not None and level.min_points <= points <= level.max_points:
                return level
        return None


class RatingLevel(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField()  # 1 is the best
    code = models.SlugField(max_length=30)
    label = models.CharField(_("level"), max_length=120)  # Vietnamese, as the rule names it
    min_points = models.PositiveSmallIntegerField(null=True, blank=True)
    max_points = models.PositiveSmallIntegerField(null=True, blank=True)
    counts_as_good = models.BooleanField(
        _("counts as rated well"),
        default=False,
        help_text=_("Counted in the share of those rated well (targets and reports)."),
    )

    class Meta:
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "order"], name="rating_level_order_once"),
            models.UniqueConstraint(fields=["scale", "code"], name="rating_level_code_once"),
        ]

    def __str__(self):
        return self.label


class RatingRule(models.Model):
    """A rule of the year's rating, checked when ratings are saved or approved."""

    class Kind(models.TextChoices):
        MAX_SHARE = "max_share", _("at most a share of those rated at a level")
        DISCIPLINED_CAP = "disciplined_cap", _("a member disciplined this year at most a level")

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    level = models.ForeignKey(RatingLevel, on_delete=models.CASCADE, related_name="+")
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.CharField(
        _("message"),
        max_length=500,
        help_text=_("Shown to the person rating when the rule is broken (Vietnamese)."),
    )

    def __str__(self):
        return self.message


class RatingQuerySet(models.QuerySet):
    def visible_to(self, user):
        members = Q(member__isnull=False) & access.organization_scope_q(
            user, prefix="member__organization__"
        )
        organizations = Q(organization__isnull=False) & access.organization_scope_q(
            user, prefix="organization__"
        )
        return self.filter(members | organizations)


class Rating(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    class NotRated(models.TextChoices):
        NEW = "new", _("admitted less than six months ago")
        EXEMPT = "exempt", _("exempt from meetings")
        LEAVE = "leave", _("on long leave or sick")
        OTHER = "other", _("other reason")

    year = models.PositiveSmallIntegerField(_("year"))
    scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="ratings")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="ratings"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    not_rated = models.CharField(
        _("not rated because"), max_length=8, choices=NotRated.choices, blank=True
    )
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, organization__isnull=True)
                | Q(member__isnull=True, organization__isnull=False),
                name="rating_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=False) | ~Q(not_rated=""),
                name="rating_level_or_reason",
            ),
            models.UniqueConstraint(
                fields=["year", "member"],
                condition=Q(member__isnull=False),
                name="rating_member_once_a_year",
            ),
            models.UniqueConstraint(
                fields=["year", "organization"],
                condition=Q(organization__isnull=False),
                name="rating_organization_once_a_year",
            ),
        ]

    def __str__(self):
        subject = self.member or self.organization
        return f"{self.year} — {subject} — {self.level or self.get_not_rated_display()}"
