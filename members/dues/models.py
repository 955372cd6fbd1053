"""Party dues (đảng phí) under Quy định 342-QĐ/TW ngày 28/12/2010 of the Politburo.

The rates and the share each level keeps are data with the date they take effect
(`DuesRule.effective_from`): a month is computed with the rule in force on its first day, so a
later rule never changes an earlier month. A member's income basis (category and monthly
income) is kept the same way, with its own dates.

The ledger is kept per member per month (`DuesPayment.month`): the paper book (sổ thu, nộp
đảng phí) has a column per month, the early warning asks "which months of this year are
unpaid", and a month paid late is still that month's dues. A sum received covers the oldest
unpaid month first (see services.record_payment), so arrears are paid before the current
month and the row says on which day the money came (`paid_on`): what a cell collected in a
month, and so remits, is what it received that month, whatever months it paid for."""

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access

REGULATION_HELP = _(
    "Quy định 342-QĐ/TW ngày 28/12/2010 của Bộ Chính trị về chế độ đảng phí. A new rule is a "
    "new row with the date it takes effect: months before that date keep the old one."
)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


# Cached: the ledger walks the same few dozen months for every member of the bloc.
@functools.cache
def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@functools.cache
def _months_between(first: datetime.date, last: datetime.date) -> tuple[datetime.date, ...]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return tuple(months)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """First-of-month dates from first's month through last's month, both included."""
    return list(_months_between(month_start(first), last))


class Category(models.TextChoices):
    """Who pays what (Quy định 342-QĐ/TW, mục 1)."""

    SALARIED = "salaried", _("salaried: salary and allowances")
    PENSIONER = "pensioner", _("retired: pension")
    STUDENT = "student", _("student")
    OTHER = "other", _("other members (no regular income)")
    EXEMPT = "exempt", _("exempt from dues")


PERCENT_CATEGORIES = (Category.SALARIED, Category.PENSIONER)


class DuesRule(models.Model):
    """The rates and shares in force from a date."""

    name = models.CharField(_("name"), max_length=255, help_text=REGULATION_HELP)
    effective_from = models.DateField(_("effective from"), unique=True, help_text=REGULATION_HELP)
    salary_percent = models.DecimalField(
        _("rate on salary and allowances (%)"),
        max_digits=5,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("342-QĐ/TW: 1% of monthly salary and allowances (tiền lương, phụ cấp)."),
    )
    pension_percent = models.DecimalField(
        _("rate on pension (%)"),
        max_digits=5,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("342-QĐ/TW: 0.5% of the monthly pension (lương hưu)."),
    )
    student_amount = models.PositiveIntegerField(
        _("monthly amount for students (đ)"),
        help_text=_("342-QĐ/TW: a fixed amount between 2,000 đ and 30,000 đ a month."),
    )
    other_amount = models.PositiveIntegerField(
        _("monthly amount for other members (đ)"),
        help_text=_("342-QĐ/TW: a fixed amount between 2,000 đ and 30,000 đ a month."),
    )
    subordinate_cell_keeps_percent = models.PositiveSmallIntegerField(
        _("share a subordinate cell keeps (%)"),
        validators=[MaxValueValidator(100)],
        help_text=_(
            "342-QĐ/TW: a cell under a grassroots committee keeps 30% of what it collects."
        ),
    )
    grassroots_keeps_percent = models.PositiveSmallIntegerField(
        _("share a grassroots organization keeps (%)"),
        validators=[MaxValueValidator(100)],
        help_text=_(
            "342-QĐ/TW: a grassroots organization in an agency keeps 50% of the dues collected "
            "in it (its cells' share included) and remits the rest to the level above."
        ),
    )
    rounding = models.PositiveIntegerField(
        _("round amounts to (đ)"),
        default=1,
        help_text=_("1 rounds to whole đồng; 1000 to the nearest thousand đồng."),
    )

    class Meta:
        verbose_name = _("dues rule")
        verbose_name_plural = _("dues rules")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    subordinate_cell_keeps_percent__lte=models.F("grassroots_keeps_percent")
                ),
                name="dues_cell_share_within_grassroots_share",
                violation_error_message=_(
                    "A subordinate cell cannot keep more than its grassroots organization."
                ),
            ),
            models.CheckConstraint(condition=Q(rounding__gte=1), name="dues_rounding_positive"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def in_force(cls, on: datetime.date) -> "DuesRule | None":
        return cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()

    def round(self, amount: Decimal) -> int:
        # The regulation does not say how a percentage is rounded, and the guidance we could
        # check did not either: the default rounds half up to whole đồng (rounding = 1); a
        # bloc that rounds to thousands sets rounding = 1000 on its rule.
        step = Decimal(self.rounding)
        return int((amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)

    def due(self, category: str, monthly_income: int) -> int:
        """The monthly dues of a member of this category and income, in whole đồng."""
        if category == Category.SALARIED:
            return self.round(Decimal(monthly_income) * self.salary_percent / 100)
        if category == Category.PENSIONER:
            return self.round(Decimal(monthly_income) * self.pension_percent / 100)
        if category == Category.STUDENT:
            return self.student_amount
        if category == Category.OTHER:
            return self.other_amount
        return 0

    def kept_by_cell(self, collected: int) -> int:
        """What a subordinate cell keeps of what it collected (the rest goes to its committee)."""
        return self.round(Decimal(collected) * self.subordinate_cell_keeps_percent / 100)

    def kept_by_grassroots(self, collected: int) -> int:
        """What a grassroots organization and its cells keep together of what was collected in
        it; the rest is remitted to the bloc."""
        return self.round(Decimal(collected) * self.grassroots_keeps_percent / 100)


class Recorded(models.Model):
    """Who wrote a row of the ledger, and when: the same two fields on every kind of row."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True


class IncomeBasisQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.organization_scope_q(user, prefix="member__organization__"))


class IncomeBasis(Recorded):
    """A member's dues category and monthly income from a date (the basis the cell computes the
    dues on, as the member reports it)."""

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="income_bases",
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    monthly_income = models.PositiveBigIntegerField(
        _("monthly income (đ)"),
        default=0,
        help_text=_(
            "Salary and allowances, or the pension, in đồng a month (342-QĐ/TW). Not used for "
            "students and other members, who pay a fixed amount."
        ),
    )
    effective_from = models.DateField(_("effective from"))

    objects = IncomeBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("income basis")
        verbose_name_plural = _("income bases")
        ordering = ["member", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_from"],
                name="income_basis_once_a_day",
                violation_error_message=_("This member already has a basis from that date."),
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.get_category_display()} ({self.effective_from:%d/%m/%Y})"


class DuesPaymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.dues_scope_q(user, prefix="organization__"))


class DuesPayment(Recorded):
    """Money a member paid towards one month's dues (several rows may make up a month)."""

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="dues_payments",
    )
    # The cell that received the money: its book, its remittance.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("party cell"),
        on_delete=models.PROTECT,
        related_name="dues_payments",
    )
    month = models.DateField(_("month"), help_text=_("The month paid for (its first day)."))
    amount = models.PositiveBigIntegerField(_("amount (đ)"))
    paid_on = models.DateField(_("paid on"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dues_payments",
    )

    objects = DuesPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["month", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="dues_payment_month_first_day"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dues_payment_positive"),
        ]
        indexes = [
            models.Index(fields=["member", "month"]),
            models.Index(fields=["organization", "paid_on"]),
        ]

    def __str__(self):
        return f"{self.member}: {self.month:%m/%Y} — {self.amount} đ"


class RemittanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.dues_scope_q(user, prefix="organization__"))


class Remittance(Recorded):
    """Dues an organization handed to the level above for one month's collection: a subordinate
    cell to its grassroots committee, a grassroots organization to the bloc."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("remitted by"),
        on_delete=models.PROTECT,
        related_name="dues_remittances",
    )
    month = models.DateField(_("month"), help_text=_("The month whose collection is remitted."))
    amount = models.PositiveBigIntegerField(_("amount remitted (đ)"))
    remitted_on = models.DateField(_("remitted on"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = RemittanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues remittance")
        verbose_name_plural = _("dues remittances")
        ordering = ["-month", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month"],
                name="remittance_once_a_month",
                violation_error_message=_("This month's remittance is already recorded."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="remittance_month_first_day"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.month:%m/%Y} — {self.amount} đ"
