"""Inspection and supervision: plans, decisions forming teams, inspections with their findings
and remediation, the complaints register and discipline decisions, with the rules that change
over time (which discipline forms apply to whom) kept as dated data."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inspections.choices import (
    PENDING,
    PUBLISHED,
    SETTLED,
    InspectionStatus,
    RemediationStatus,
)
from members.models import Status
from organizations import access
from partybloc.people import display_name
from partybloc.registry.choices import Body


def _distinct_rows(queryset, condition):
    """Rows meeting a condition that may reach them through several related rows, each once."""
    if not condition:  # Q(): every row, no subquery needed
        return queryset
    return queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk"))


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _distinct_rows(self, access.plan_scope_q(user))


class Plan(models.Model):
    """A plan of inspection or supervision (kế hoạch kiểm tra, giám sát), e.g. 13-KH/BTCTU."""

    # From the register of the body that decides (numbers start again each year).
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("issued on"))
    superior_body = models.CharField(
        _("superior body"), max_length=120, help_text=_("E.g. ĐẢNG BỘ TỈNH NINH THUẬN.")
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=120, help_text=_("E.g. ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH.")
    )
    place = models.CharField(
        _("place"), max_length=60, help_text=_("Written before the date on its documents.")
    )
    # The body that decided the inspections of the plan issues their conclusion notices: the
    # standing committee, or the inspection committee under its own symbol.
    decided_by = models.CharField(
        _("decided by"),
        max_length=24,
        choices=Body.choices,
        default=Body.COMMITTEE,
        help_text=_("The conclusion notices are issued and signed in the name of this body."),
    )
    title = models.CharField(_("subject"), max_length=255)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    themes = models.TextField(_("themes"), help_text=_("One theme per line."))
    targets = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("organizations to visit"),
        related_name="inspection_plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self):
        return self.number

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]


class Decision(models.Model):
    """A decision forming inspection teams (quyết định thành lập tổ kiểm tra), e.g. 109-QĐ/BTCTU."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="decisions"
    )
    # From the register of the body that decides (numbers start again each year).
    number = models.CharField(_("number"), max_length=50)
    decided_on = models.DateField(_("decided on"))
    issuing_body = models.CharField(_("issuing body"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("decision forming teams")
        verbose_name_plural = _("decisions forming teams")
        ordering = ["decided_on", "pk"]

    def __str__(self):
        return self.number


class Team(models.Model):
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. Tổ kiểm tra số 1."))

    class Meta:
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")
        ordering = ["decision", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "name"],
                name="team_unique_name_per_decision",
                violation_error_message=_("This decision already has a team of this name."),
            )
        ]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    """A portal user on a team; the member record is optional (staff from outside the bloc)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="inspection_teams",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_leader = models.BooleanField(_("team leader"), default=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_leader", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="teammember_unique_user"),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(is_leader=True),
                name="teammember_one_leader",
                violation_error_message=_("A team has one leader."),
            ),
        ]

    def __str__(self):
        return f"{self.team}: {self.user}"

    @property
    def display_name(self) -> str:
        """The member's name when linked, else the user's, family name first."""
        if self.member_id:
            return self.member.full_name
        return display_name(self.user)


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _distinct_rows(self, access.inspection_scope_q(user))

    def carried_out(self):
        return self.exclude(status=Inspection.Status.PLANNED)

    def assigned_to(self, user):
        """The inspections of the teams the user sits on (their assignments)."""
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(team__memberships__user=user).distinct()

    def in_subtree(self, organization):
        return self.filter(organization__path__startswith=organization.path)

    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(starts_on__gte=start, starts_on__lte=end)


class Inspection(models.Model):
    """One inspection or supervision of one organization, carried out by one team."""

    class Kind(models.TextChoices):
        REGULAR_INSPECTION = "regular_inspection", _("regular inspection")
        THEMATIC_INSPECTION = "thematic_inspection", _("thematic inspection")
        REGULAR_SUPERVISION = "regular_supervision", _("regular supervision")
        THEMATIC_SUPERVISION = "thematic_supervision", _("thematic supervision")
        SIGNS_OF_VIOLATION = "signs_of_violation", _("inspection on signs of violation")
        PARTY_FINANCE = "party_finance", _("party finance inspection")

    Status = InspectionStatus

    # How the reports group the kinds (seed 001: "kiểm tra … giám sát … tài chính Đảng").
    GROUPS = {
        "inspection": (
            Kind.REGULAR_INSPECTION,
            Kind.THEMATIC_INSPECTION,
            Kind.SIGNS_OF_VIOLATION,
        ),
        "supervision": (Kind.REGULAR_SUPERVISION, Kind.THEMATIC_SUPERVISION),
        "finance": (Kind.PARTY_FINANCE,),
    }
    DRAFTING = (Status.PLANNED, Status.IN_PROGRESS)
    # What the inspected organization's keepers see: the inspection once concluded.
    PUBLISHED = PUBLISHED

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="inspections"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="inspections"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("inspected organization"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalized by"),
    )
    finalized_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finalized at"))
    conclusion_number = models.CharField(_("conclusion notice number"), max_length=50, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["status", "starts_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organization", "kind"],
                name="inspection_one_per_plan_organization_kind",
                violation_error_message=_(
                    "This organization already has an inspection of this kind in the plan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="inspection_ends_after_start",
                violation_error_message=_("An inspection must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["concluded", "closed"])
                | (Q(concluded_on__isnull=False) & ~Q(conclusion_number="")),
                name="inspection_concluded_has_notice",
                violation_error_message=_(
                    "A concluded inspection needs its notice number and date."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.organization}"

    @property
    def group(self) -> str:
        return next(group for group, kinds in self.GROUPS.items() if self.kind in kinds)

    @property
    def is_drafting(self) -> bool:
        return self.status in self.DRAFTING

    def needs_from(self, user) -> str:
        """What the inspection waits for from a member of its team, in words (their home
        page); asked of the same rights as the inspection's buttons."""
        if self.status == self.Status.PLANNED and access.can_edit_findings(user, self):
            return _("to be started")
        if access.can_finalize(user, self):
            return _("findings to record, then finalize")
        if access.can_edit_findings(user, self):
            return _("findings to record")
        if access.can_conclude(user, self):
            return _("the conclusion notice to issue")
        if self.status == self.Status.FINDINGS_FINALIZED:
            return _("waiting for the conclusion notice")
        if self.status == self.Status.CONCLUDED:
            return _("remediation to follow")
        return ""


class Finding(models.Model):
    class Category(models.TextChoices):
        STRENGTH = "strength", _("strengths")
        SHORTCOMING = "shortcoming", _("shortcomings")
        CAUSE = "cause", _("causes")
        LESSON = "lesson", _("lessons")
        RECOMMENDATION = "recommendation", _("recommendations")

    class Topic(models.TextChoices):
        WORKING_REGULATION = "working_regulation", _("working regulation")
        MEETING_QUALITY = "meeting_quality", _("meeting quality")
        MEMBER_ASSIGNMENT = "member_assignment", _("member assignment")
        ADMISSIONS = "admissions", _("admissions")
        RECORDS = "records", _("records and party cards")
        POLITICAL_PROTECTION = "political_protection", _("internal political protection")
        FINANCE = "finance", _("party finance")
        OTHER = "other", _("other")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    text = models.TextField(_("text"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["pk"]

    def __str__(self):
        return self.text[:60]


class RemediationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(inspection__in=Inspection.objects.visible_to(user))

    def pending(self):
        return self.filter(status__in=RemediationItem.PENDING)

    def overdue(self, on: datetime.date | None = None):
        return self.pending().filter(deadline__lt=on or timezone.localdate())


class RemediationItem(models.Model):
    """Something the conclusion asks an organization to put right, followed up until done."""

    Status = RemediationStatus
    PENDING = PENDING
    SETTLED = SETTLED

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="remediation_items",
        verbose_name=_("inspection"),
    )
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owner organization"),
        on_delete=models.PROTECT,
        related_name="remediation_items",
    )
    description = models.TextField(_("what to put right"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    carry_over_note = models.CharField(_("why it is carried over"), max_length=255, blank=True)
    # With done_on, the item's state on any day: a report as of a period's end counts an item
    # done or carried over after that day as still pending then.
    carried_over_on = models.DateField(_("carried over on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = RemediationQuerySet.as_manager()

    class Meta:
        verbose_name = _("remediation item")
        verbose_name_plural = _("remediation items")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="remediation_done_has_date",
                violation_error_message=_("A done item needs the date it was done."),
            ),
            models.CheckConstraint(
                condition=~Q(status="carried_over") | ~Q(carry_over_note=""),
                name="remediation_carry_over_has_reason",
                violation_error_message=_("Say why the item is carried over."),
            ),
        ]

    def __str__(self):
        return self.description[:60]

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return self.status in self.PENDING and self.deadline < (on or timezone.localdate())


class RemediationReport(models.Model):
    """Progress reported by the inspected organization, with its evidence file."""

    item = models.ForeignKey(RemediationItem, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("progress"))
    status_after = models.CharField(
        _("status"), max_length=16, choices=RemediationItem.Status.choices
    )
    evidence = models.FileField(_("evidence"), upload_to="inspections/evidence/%Y/", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("remediation report")
        verbose_name_plural = _("remediation reports")
        ordering = ["reported_on", "pk"]

    def __str__(self):
        return f"{self.item}: {self.reported_on:%d/%m/%Y}"


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.complaint_scope_q(user))


class Complaint(models.Model):
    """One complaint or one denunciation (đơn thư khiếu nại, tố cáo). A letter that mixes both
    is registered as two records, the second pointing to the first, because the two are
    handled under different procedures and counted apart in the reports."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("complaint")
        DENUNCIATION = "denunciation", _("denunciation")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        HANDLING = "handling", _("being handled")
        RESOLVED = "resolved", _("resolved")
        FORWARDED = "forwarded", _("forwarded to the competent body")

    received_on = models.DateField(_("received on"))
    sender = models.CharField(_("sender"), max_length=255, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    about_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("about the member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    about_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("about the organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    content = models.TextField(_("content"))
    handled_by = models.CharField(_("handled by"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    result = models.TextField(_("result"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    split_from = models.ForeignKey(
        "self",
        verbose_name=_("split from the letter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="split_parts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = ComplaintQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["created_at"],
        verbose_name=_("history of a letter"),
        verbose_name_plural=_("history of letters"),
    )

    class Meta:
        verbose_name = _("complaint or denunciation")
        verbose_name_plural = _("complaints and denunciations")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(about_member__isnull=False, about_organization__isnull=True)
                | Q(about_member__isnull=True, about_organization__isnull=False),
                name="complaint_about_member_or_organization",
                violation_error_message=_("A letter is about either a member or an organization."),
            ),
            models.CheckConstraint(
                condition=Q(anonymous=True, sender="") | (Q(anonymous=False) & ~Q(sender="")),
                name="complaint_sender_unless_anonymous",
                violation_error_message=_("Name the sender, or mark the letter anonymous."),
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_on__isnull=False),
                name="complaint_resolved_has_date",
                violation_error_message=_("A resolved letter needs the date it was resolved."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_on:%d/%m/%Y}"

    @property
    def about(self):
        return self.about_member or self.about_organization


# --- Discipline -------------------------------------------------------------------------------


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("reprimand")
    WARNING = "warning", _("warning")
    REMOVAL = "removal", _("removal from post")
    EXPULSION = "expulsion", _("expulsion")
    DISSOLUTION = "dissolution", _("dissolution")


class Subject(models.TextChoices):
    OFFICIAL_MEMBER = "official_member", _("official member")
    PROBATIONARY_MEMBER = "probationary_member", _("probationary member")
    ORGANIZATION = "organization", _("party organization")


@dataclass(frozen=True)
class DisciplineRule:
    effective_from: datetime.date
    subject: str
    forms: tuple[str, ...]
    source: str


# Which forms apply to whom, with the date each rule took effect: a decision is checked
# against the rule in force on its date, so a revision is a new row here, not an edit.
DISCIPLINE_RULES = (
    DisciplineRule(
        datetime.date(2011, 1, 19),
        Subject.OFFICIAL_MEMBER,
        (
            DisciplineForm.REPRIMAND,
            DisciplineForm.WARNING,
            DisciplineForm.REMOVAL,
            DisciplineForm.EXPULSION,
        ),
        "Điều lệ Đảng (2011), Điều 35",
    ),
    DisciplineRule(
        datetime.date(2011, 1, 19),
        Subject.PROBATIONARY_MEMBER,
        (DisciplineForm.REPRIMAND, DisciplineForm.WARNING),
        "Điều lệ Đảng (2011), Điều 35",
    ),
    DisciplineRule(
        datetime.date(2011, 1, 19),
        Subject.ORGANIZATION,
        (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION),
        "Điều lệ Đảng (2011), Điều 35",
    ),
)


def discipline_rule(subject: str, on: datetime.date) -> DisciplineRule | None:
    """The rule in force for a subject on a date (None before the first one)."""
    in_force = [r for r in DISCIPLINE_RULES if r.subject == subject and r.effective_from <= on]
    return max(in_force, key=lambda rule: rule.effective_from, default=None)


def member_subject(status: str) -> str:
    return Subject.PROBATIONARY_MEMBER if status == Status.PROBATIONARY else Subject.OFFICIAL_MEMBER


MEMBER_FORMS = (
    DisciplineForm.REPRIMAND,
    DisciplineForm.WARNING,
    DisciplineForm.REMOVAL,
    DisciplineForm.EXPULSION,
)
ORGANIZATION_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION)


class DisciplineQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.discipline_scope_q(user))


class DisciplineDecision(models.Model):
    number = models.CharField(
        _("decision number"),
        max_length=50,
        unique=True,
        error_messages={"unique": _("Another discipline decision already has this number.")},
    )
    decided_on = models.DateField(_("decided on"))
    issuing_body = models.CharField(_("issuing body"), max_length=120)
    form = models.CharField(_("form of discipline"), max_length=12, choices=DisciplineForm.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_decisions",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("party organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_decisions",
    )
    # The member's standing on the decision's date, kept because it decided the allowed forms.
    subject = models.CharField(_("disciplined as"), max_length=20, choices=Subject.choices)
    reason = models.TextField(_("reason"))
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_decisions",
    )
    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint or denunciation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_decisions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = DisciplineQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["created_at"],
        verbose_name=_("history of a discipline decision"),
        verbose_name_plural=_("history of discipline decisions"),
    )

    class Meta:
        verbose_name = _("discipline decision")
        verbose_name_plural = _("discipline decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(member__isnull=False, organization__isnull=True)
                    & Q(subject__in=[Subject.OFFICIAL_MEMBER, Subject.PROBATIONARY_MEMBER])
                    & Q(form__in=MEMBER_FORMS)
                )
                | (
                    Q(member__isnull=True, organization__isnull=False)
                    & Q(subject=Subject.ORGANIZATION)
                    & Q(form__in=ORGANIZATION_FORMS)
                ),
                name="discipline_form_fits_subject",
                violation_error_message=_(
                    "This form of discipline does not apply to this kind of subject."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number}: {self.get_form_display()} — {self.member or self.organization}"
