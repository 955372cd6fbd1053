"""The members' year: admissions, annual ratings, targets, and directives with each
organization's plan and each member's commitment.

Every rule of the year is data, with the date or year it takes effect: the admission procedure
(its steps, their order and the intervals between them), each year's rating scale with its levels
and rules. A change of rules is a new row, not new code, and a past year keeps its own."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Gender, add_years
from organizations import access
from organizations.models import Organization
from partybloc.context_processors import display_name
from partybloc.types import User

# Admissions ----------------------------------------------------------------------------------


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

    @classmethod
    def with_steps(cls) -> "list[AdmissionRule]":
        """Every version of the procedure with its steps, latest first: a handful of rows, read
        once per page and handed to each candidate's `rule`, `next_step` and `warnings`."""
        return list(cls.objects.prefetch_related("steps").order_by("-effective_from"))


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

    rule = models.ForeignKey(
        AdmissionRule, on_delete=models.CASCADE, related_name="steps", verbose_name=_("rule")
    )
    order = models.PositiveSmallIntegerField(verbose_name=_("order"))
    code = models.CharField(max_length=24, choices=Code.choices, verbose_name=_("code"))
    forms = models.CharField(_("forms"), max_length=100, blank=True)  # "1-KNĐ, 2-KNĐ"
    min_days_after_previous = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("minimum days after the previous step")
    )
    max_days_after_previous = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("maximum days after the previous step")
    )

    class Meta:
        verbose_name = _("admission step")
        verbose_name_plural = _("admission steps")
        ordering = ["rule", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "order"], name="admission_step_order_once"),
            models.UniqueConstraint(fields=["rule", "code"], name="admission_step_code_once"),
        ]

    def __str__(self):
        return f"{self.order}. {self.get_code_display()}"


def candidate_cells(user: User) -> QuerySet[Organization]:
    """The active cells whose candidates and commitments the user keeps: the cells the candidate
    form offers, and what decides whether the board offers "add a candidate" at all."""
    return Organization.objects.visible_to(user).active().filter(access.candidate_keeping_q(user))


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

    def steps_in_order(self) -> "list[CandidateStep]":
        # Uses the prefetched rows when the caller loaded them (the board does).
        return sorted(self.steps_done.all(), key=lambda done: (done.done_on, done.pk))

    def rule(self, rules: list[AdmissionRule] | None = None) -> AdmissionRule | None:
        """The procedure that applies: the one in force when the candidate started (today, for
        one who has not). `rules` is AdmissionRule.with_steps() when the caller already holds
        it."""
        done = self.steps_in_order()
        start = done[0].done_on if done else timezone.localdate()
        for rule in rules if rules is not None else AdmissionRule.with_steps():
            if rule.effective_from <= start:
                return rule
        return None

    def next_step(self, rules: list[AdmissionRule] | None = None) -> AdmissionStep | None:
        rule = self.rule(rules)
        if rule is None:
            return None
        done = {done.step.code for done in self.steps_in_order()}
        for step in rule.steps.all():
            if step.code not in done:
                return step
        return None

    def next_step_due(
        self, rules: list[AdmissionRule] | None = None
    ) -> "tuple[AdmissionStep, datetime.date] | None":
        """The next step and the last day the procedure allows for it after the previous one
        (None when the rule sets no limit): the board's warning and the daily reminder."""
        upcoming = self.next_step(rules)
        done = self.steps_in_order()
        if not (upcoming and upcoming.max_days_after_previous and done):
            return None
        last = max(done, key=lambda d: d.done_on)
        return upcoming, last.done_on + datetime.timedelta(days=upcoming.max_days_after_previous)

    def certificate_expiry(self, rules: list[AdmissionRule] | None = None) -> datetime.date | None:
        """When the awareness course certificate expires, while it still matters (the course
        is done and the admission not yet decided)."""
        rule = self.rule(rules)
        done = {d.step.code: d for d in self.steps_in_order()}
        course = done.get(AdmissionStep.Code.COURSE)
        if rule is None or not course or AdmissionStep.Code.DECISION in done:
            return None
        return certificate_expires_on(course.done_on, rule)

    def warnings(
        self,
        *,
        today: datetime.date | None = None,
        rules: list[AdmissionRule] | None = None,
    ) -> "list[BoardWarning]":
        """What the board flags: an expiring certificate, an overdue step, an age outside the
        rule."""
        today = today or timezone.localdate()
        rule = self.rule(rules)
        if rule is None or self.state != Candidate.State.IN_PROGRESS:
            return []
        found = []
        Code = AdmissionStep.Code
        done = {d.step.code: d for d in self.steps_in_order()}
        expiry = self.certificate_expiry(rules)
        if expiry:
            when = {"date": expiry.strftime("%d/%m/%Y")}
            if expiry < today:
                message = gettext("The awareness course certificate expired on %(date)s.") % when
                found.append(BoardWarning("danger", message))
            elif (expiry - today).days <= WARN_DAYS:
                message = gettext("The awareness course certificate expires on %(date)s.") % when
                found.append(BoardWarning("warning", message))
        upcoming_due = self.next_step_due(rules)
        if upcoming_due:
            upcoming, due = upcoming_due
            if due < today:
                found.append(
                    BoardWarning(
                        "danger",
                        gettext("%(step)s is overdue since %(date)s.")
                        % {"step": upcoming.get_code_display(), "date": due.strftime("%d/%m/%Y")},
                    )
                )
        age = age_on(self.date_of_birth, today)
        if Code.CELL_RESOLUTION not in done and not rule.min_age <= age <= rule.max_age:
            found.append(
                BoardWarning(
                    "danger",
                    gettext("The applicant is %(age)s: outside the %(low)s–%(high)s age rule.")
                    % {"age": age, "low": rule.min_age, "high": rule.max_age},
                )
            )
        return found


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
        verbose_name = _("candidate's step")
        verbose_name_plural = _("candidates' steps")
        ordering = ["done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "step"], name="candidate_step_once")
        ]

    def __str__(self):
        return f"{self.candidate}: {self.step} ({self.done_on:%d/%m/%Y})"


# How long before a certificate expires the board warns of it.
WARN_DAYS = 60


@dataclass
class BoardWarning:
    level: str  # danger or warning
    message: str


def age_on(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def certificate_expires_on(
    candidate_course_on: datetime.date, rule: AdmissionRule
) -> datetime.date:
    months = rule.certificate_valid_months
    years, extra = divmod(months, 12)
    expiry = add_years(candidate_course_on, years)
    for _month in range(extra):
        expiry = (expiry.replace(day=1) + datetime.timedelta(days=32)).replace(
            day=min(candidate_course_on.day, 28)
        )
    return expiry


# Ratings -------------------------------------------------------------------------------------


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
    scale = models.ForeignKey(
        RatingScale, on_delete=models.CASCADE, related_name="levels", verbose_name=_("scale")
    )
    order = models.PositiveSmallIntegerField(verbose_name=_("order"))  # 1 is the best
    code = models.SlugField(max_length=30, verbose_name=_("code"))
    label = models.CharField(_("level"), max_length=120)  # Vietnamese, as the rule names it
    min_points = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("minimum points")
    )
    max_points = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("maximum points")
    )
    counts_as_good = models.BooleanField(
        _("counts as rated well"),
        default=False,
        help_text=_("Counted in the share of those rated well (targets and reports)."),
    )

    class Meta:
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
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

    scale = models.ForeignKey(
        RatingScale, on_delete=models.CASCADE, related_name="rules", verbose_name=_("scale")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    level = models.ForeignKey(
        RatingLevel, on_delete=models.CASCADE, related_name="+", verbose_name=_("level")
    )
    percent = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("percent"))
    message = models.CharField(
        _("message"),
        max_length=500,
        help_text=_("Shown to the person rating when the rule is broken (Vietnamese)."),
    )

    class Meta:
        verbose_name = _("rating rule")
        verbose_name_plural = _("rating rules")

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

    def approved_by(self, day: datetime.date):
        """Ratings approved on or before a day: the year's ratings as a report on that day
        counts them (the year's annual report counts those approved by 31/12)."""
        return self.filter(state=Rating.State.APPROVED, approved_at__date__lte=day)


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
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
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


class RatingSheet(models.Model):
    """One grid of a year's ratings on its way up: a cell's members, or the organizations a
    committee (or the bloc) rates. The rater submits it, which locks it; the level above
    returns it with a comment (open again) or approves it. What was done, by whom, is kept in
    its events."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        APPROVED = "approved", _("approved")

    EDITABLE = (State.DRAFT, State.RETURNED)

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="rating_sheets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    subject = models.CharField(_("rated"), max_length=12, choices=RatingScale.Subject.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rating sheet")
        verbose_name_plural = _("rating sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "subject"], name="rating_sheet_once_a_year"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.year} — {self.get_subject_display()}"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE


class RatingEvent(models.Model):
    """Who submitted, returned or approved a rating sheet, and when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    sheet = models.ForeignKey(RatingSheet, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("step of a rating sheet")
        verbose_name_plural = _("steps of rating sheets")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.by}"

    @property
    def by_name(self) -> str:
        return display_name(self.by)


# Targets -------------------------------------------------------------------------------------


class TargetGroup(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    order = models.PositiveSmallIntegerField(default=1, verbose_name=_("order"))
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
        GRASSROOTS_INSPECTED = (
            "grassroots_inspected",
            _("grassroots party organizations inspected (from the inspections)"),
        )
        ENTERED = "entered", _("entered by staff")

    PERCENT_MEASURES = (
        Measure.YOUTH_SHARE,
        Measure.ORGANIZATIONS_RATED_WELL,
        Measure.MEMBERS_RATED_WELL,
    )

    group = models.ForeignKey(
        TargetGroup,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("target group"),
    )
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


# Directives and commitments ------------------------------------------------------------------


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
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
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
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "year", "member"], name="commitment_once_a_year"
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.directive.number} — {self.year}"
