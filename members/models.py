"""Party members: the record, its dated history of status and placement, and leadership."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations import access
from partybloc.text import fold, name_sort_key, split_name
from partybloc.text_search import words_q

national_id_format = RegexValidator(
    r"^\d{12}$", _("A national ID (CCCD) has exactly 12 digits."), code="national_id"
)
party_card_format = RegexValidator(
    r"^\d{8,12}$", _("A party card number has 8 to 12 digits."), code="party_card"
)


# The length of a status change's reason and a placement's note.
REASON_LENGTH = 255
PARTY_CARD_TAKEN = _("Another member already has this party card number.")


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Status(models.TextChoices):
    PROBATIONARY = "probationary", _("probationary")
    OFFICIAL = "official", _("official")
    EXEMPT = "exempt", _("exempt from meetings")
    TRANSFERRED_OUT = "transferred_out", _("transferred out")
    DECEASED = "deceased", _("deceased")
    STRUCK_OFF = "struck_off", _("struck off")
    EXPELLED = "expelled", _("expelled")
    LEFT = "left", _("left the Party")


ACTIVE_STATUSES = (Status.PROBATIONARY, Status.OFFICIAL, Status.EXEMPT)
# Which status may follow which. Transferred-out members come back only through a transfer in.
STATUS_TRANSITIONS = {
    Status.PROBATIONARY: (
        Status.OFFICIAL,
        Status.STRUCK_OFF,
        Status.EXPELLED,
        Status.DECEASED,
        Status.LEFT,
    ),
    Status.OFFICIAL: (
        Status.EXEMPT,
        Status.STRUCK_OFF,
        Status.EXPELLED,
        Status.DECEASED,
        Status.LEFT,
    ),
    Status.EXEMPT: (
        Status.OFFICIAL,
        Status.STRUCK_OFF,
        Status.EXPELLED,
        Status.DECEASED,
        Status.LEFT,
    ),
    Status.TRANSFERRED_OUT: (),
    Status.DECEASED: (),
    Status.STRUCK_OFF: (),
    Status.EXPELLED: (),
    Status.LEFT: (),
}
PROBATION_YEARS = 1


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class TheoryLevel(models.TextChoices):
    NONE = "none", _("none")
    ELEMENTARY = "elementary", _("elementary")
    INTERMEDIATE = "intermediate", _("intermediate")
    ADVANCED = "advanced", _("advanced")
    BACHELOR = "bachelor", _("bachelor")


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.member_scope_q(user))

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def in_subtree(self, organization):
        return self.filter(organization__path__startswith=organization.path)

    def search(self, text: str):
        return self.filter(words_q("search_text", text))

    def in_name_order(self):
        return self.order_by("sort_key", "pk")

    def recognition_due(self, *, within_days: int, on: datetime.date | None = None):
        """Probationary members whose 12 months end within the window (or already ended)."""
        on = on or timezone.localdate()
        last_admitted = add_years(on + datetime.timedelta(days=within_days), -PROBATION_YEARS)
        return self.filter(status=Status.PROBATIONARY, admitted_on__lte=last_admitted)

    def as_of(self, on: datetime.date):
        """Members annotated with their status and cell on a date, keeping those placed then."""
        status_then = (
            MemberStatusChange.objects.filter(member=OuterRef("pk"), effective_on__lte=on)
            .order_by("-effective_on", "-pk")
            .values("status")[:1]
        )
        return self.annotate(
            status_on=Subquery(status_then),
            organization_on_id=cell_on(OuterRef("pk"), on),
            organization_on_path=cell_on(OuterRef("pk"), on, field="organization__path"),
        ).filter(organization_on_id__isnull=False)


class Member(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=50, default="Kinh")
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    hometown = models.CharField(_("hometown"), max_length=255, blank=True)
    national_id = models.CharField(
        _("national ID (CCCD)"),
        max_length=12,
        unique=True,
        validators=[national_id_format],
        error_messages={"unique": _("Another member already has this national ID.")},
    )
    # NULL rather than "" for members without a card yet, so uniqueness ignores them.
    party_card_number = models.CharField(  # noqa: DJ001
        _("party card number"),
        max_length=12,
        null=True,
        blank=True,
        validators=[party_card_format],
    )
    admitted_on = models.DateField(_("date admitted to the Party"))
    official_on = models.DateField(_("date made official"), null=True, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("party cell"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    job = models.CharField(_("job"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    education = models.CharField(_("education"), max_length=255, blank=True)
    theory_level = models.CharField(
        _("political theory level"),
        max_length=12,
        choices=TheoryLevel.choices,
        default=TheoryLevel.NONE,
    )
    youth_union_member = models.BooleanField(_("youth union member when admitted"), default=False)
    residence = models.CharField(_("residence"), max_length=255, blank=True)
    residential_cell = models.CharField(
        _("residential party cell kept in contact with"), max_length=255, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROBATIONARY
    )
    # Kept equal to the latest status change by the services; derived on first save.
    status_since = models.DateField(_("status since"), blank=True, editable=False)
    sort_key = models.CharField(
        max_length=255, editable=False, default="", verbose_name=_("sort key")
    )
    search_text = models.CharField(
        max_length=255, db_index=True, editable=False, default="", verbose_name=_("search text")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = MemberQuerySet.as_manager()
    # Every change, with who made it and when (the member page shows it). Derived fields and
    # time stamps are left out: they change with every save and say nothing of their own.
    history = HistoricalRecords(
        excluded_fields=["sort_key", "search_text", "created_at", "updated_at"],
        verbose_name=_("history of a party member"),
        verbose_name_plural=_("history of party members"),
    )

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["party_card_number"],
                condition=Q(party_card_number__isnull=False),
                name="member_unique_party_card",
                violation_error_message=PARTY_CARD_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(official_on__isnull=True) | Q(official_on__gte=models.F("admitted_on")),
                name="member_official_after_admission",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "admitted_on"]),
            # Lists are read in name order, a page at a time.
            models.Index(fields=["sort_key", "id"], name="member_name_order"),
            # The home page's members by status in a scope, read from the index alone.
            models.Index(fields=["organization", "status"], name="member_cell_status"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = " ".join(self.full_name.split())
        self.party_card_number = self.party_card_number or None
        if not self.status_since:
            self.status_since = self.official_on or self.admitted_on
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self):
        self.sort_key = name_sort_key(self.full_name)
        self.search_text = " ".join(
            filter(None, [fold(self.full_name), self.national_id, self.party_card_number or ""])
        )[:255]

    def validate_unique(self, exclude=None):
        """A party card number already taken is an error on its field, where the user corrects
        it (the conditional constraint would say it above the form, and full_clean then skips
        it); the number itself is in no message, so in no log. A uniqueness check, so callers
        that check a whole batch at once (the Excel import) skip it with validate_unique=False."""
        errors = {}
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as problems:
            errors = problems.update_error_dict(errors)
        if (
            self.party_card_number
            and "party_card_number" not in (exclude or ())
            and "party_card_number" not in errors
            and Member.objects.filter(party_card_number=self.party_card_number)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["party_card_number"] = [PARTY_CARD_TAKEN]
        if errors:
            raise ValidationError(errors)

    def clean(self):
        errors = {}
        if self.national_id and self.date_of_birth and self.gender:
            problem = national_id_mismatch(self.national_id, self.gender, self.date_of_birth)
            if problem:
                errors["national_id"] = problem
        if (
            self.date_of_birth
            and self.admitted_on
            and add_years(self.date_of_birth, 18) > self.admitted_on
        ):
            errors["admitted_on"] = _("A member is admitted at 18 or older.")
        if self.admitted_on and self.admitted_on > timezone.localdate():
            errors["admitted_on"] = _("The admission date cannot be in the future.")
        if (
            self.official_on
            and self.admitted_on
            and self.official_on < add_years(self.admitted_on, PROBATION_YEARS)
        ):
            errors["official_on"] = _(
                "A member is made official only after 12 months of probation."
            )
        if errors:
            raise ValidationError(errors)

    def version(self) -> int:
        """The number of the last copy in the record's history of changes. Every write of the
        record makes a new copy, so a page that carries the number it was shown with tells
        whether the record changed since (the register's forms send it back)."""
        latest = self.history.order_by("-history_id").values_list("history_id", flat=True)
        return latest.first() or 0

    @property
    def family_name(self):
        return split_name(self.full_name)[0]

    @property
    def given_name(self):
        return split_name(self.full_name)[2]

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def recognition_due_on(self) -> datetime.date | None:
        if self.status != Status.PROBATIONARY:
            return None
        return add_years(self.admitted_on, PROBATION_YEARS)

    def age(self, on: datetime.date | None = None) -> int:
        on = on or timezone.localdate()
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def allowed_next_statuses(self):
        return STATUS_TRANSITIONS.get(self.status, ())

    def status_on(self, on: datetime.date):
        change = self.status_changes.filter(effective_on__lte=on).order_by("-effective_on", "-pk")
        return change.values_list("status", flat=True).first()

    def organization_on(self, on: datetime.date):
        placement = self.placements.on(on).select_related("organization").first()
        return placement.organization if placement else None


def national_id_mismatch(national_id: str, gender: str, born: datetime.date):
    """The 4th digit of a CCCD encodes gender and century, the 5th-6th the year of birth."""
    if len(national_id) != 12 or not national_id.isdigit():
        return None
    century_code = (born.year // 100) - 19  # 1900s -> 0, 2000s -> 1
    if century_code not in (0, 1):
        return None
    expected = century_code * 2 + (1 if gender == Gender.FEMALE else 0)
    if int(national_id[3]) != expected or national_id[4:6] != f"{born.year % 100:02d}":
        return _("The national ID does not match the gender and year of birth.")
    return None


class MemberStatusChange(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("member")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.CharField(_("reason"), max_length=REASON_LENGTH, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(default=timezone.now, verbose_name=_("recorded at"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["effective_on", "pk"]
        indexes = [
            models.Index(fields=["member", "effective_on"]),
            # The changes of a few weeks (the tree of a day between two month-ends).
            models.Index(fields=["effective_on"], name="statuschange_effective_on"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()} ({self.effective_on:%d/%m/%Y})"


def placed_on_q(day: datetime.date | Combinable, *, end_day_counts: bool = False) -> Q:
    """Which cell a member was in on a day — the one definition: the placements begun on or
    before the day and not ended by it. A move ends one placement on the day the next begins, so
    that day belongs to the new cell. With end_day_counts a placement that ended that very day
    matches too: for an event of the day a member left the bloc (a transfer out, a death), the
    cell they left, where such an event is counted. `day` may be an expression (an OuterRef)."""
    not_ended = Q(ended_on__gte=day) if end_day_counts else Q(ended_on__gt=day)
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | not_ended)


class MemberPlacementQuerySet(models.QuerySet):
    def on(self, day: datetime.date | Combinable, *, end_day_counts: bool = False):
        """The placements of a day (see placed_on_q), the latest begun first: on a move day
        with end_day_counts the new cell comes before the one left."""
        return self.filter(placed_on_q(day, end_day_counts=end_day_counts)).order_by(
            "-started_on", "-pk"
        )


def cell_on(
    member: int | Combinable,
    day: datetime.date | Combinable,
    *,
    end_day_counts: bool = False,
    field: str = "organization",
) -> Subquery:
    """The cell (its id, or another field of the placement) a member was in on a day, as a
    subquery: `member` and `day` are usually OuterRefs of the query it goes into."""
    placements = MemberPlacement.objects.filter(member=member)
    return Subquery(placements.on(day, end_day_counts=end_day_counts).values(field)[:1])


class MemberPlacement(models.Model):
    """A member's time in one cell. Open (no end) while the member is there."""

    class Reason(models.TextChoices):
        REGISTERED = "registered", _("registered")
        ADMITTED = "admitted", _("admitted")
        TRANSFER = "transfer", _("transfer within the bloc")
        TRANSFER_IN = "transfer_in", _("transferred in from outside the bloc")
        RESTRUCTURE = "restructure", _("organization restructured")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="placements", verbose_name=_("member")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("organization"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    came_from = models.CharField(_("transferred in from"), max_length=255, blank=True)
    went_to = models.CharField(_("transferred out to"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=REASON_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(default=timezone.now, verbose_name=_("recorded at"))

    objects = MemberPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement in a cell")
        verbose_name_plural = _("placements in cells")
        ordering = ["started_on", "pk"]
        indexes = [
            models.Index(fields=["member", "started_on"]),
            # The moves of a few weeks (the tree of a day between two month-ends, transfers).
            models.Index(fields=["started_on"], name="placement_started_on"),
            models.Index(fields=["ended_on"], name="placement_ended_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="placement_one_open_per_member",
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.organization} ({self.started_on:%d/%m/%Y})"


class LeadershipPosition(models.Model):
    """A member holding a leading post in an organization over dates."""

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("secretary")
        DEPUTY = "deputy", _("deputy secretary")
        STANDING_COMMITTEE = "standing_committee", _("standing committee member")
        COMMITTEE = "committee", _("committee member")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="positions"
    )
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)

    history = HistoricalRecords(
        verbose_name=_("history of a leadership position"),
        verbose_name_plural=_("history of leadership positions"),
    )

    class Meta:
        verbose_name = _("leadership position")
        verbose_name_plural = _("leadership positions")
        ordering = ["post", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="position_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_post_display()}: {self.member}"
