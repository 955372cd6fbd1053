"""Month-end figures per organization kept as data: what the dashboard, the tree of a past
date and the report figures sum over a scope instead of counting the register again.

A row holds one organization's numbers for one calendar month: its members by status on the
month's last day, the events of the month counted in the cell the member was in on the
event's day, and its meetings of the month. A month is either filled for the whole bloc (a
FilledMonth row says so) or not read at all; a change to the register leaves a StaleMark
(organization, from which day) in the same transaction, and the next refresh recomputes only
the rows it names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationMonth(models.Model):
    # NULL: events of members in no cell on the day (a member registered with a later first
    # placement), which only the whole bloc's figures count.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", null=True
    )
    month_end = models.DateField()
    # Members placed in the organization on month_end, by their status that day.
    probationary = models.PositiveIntegerField(default=0)
    official = models.PositiveIntegerField(default=0)
    exempt = models.PositiveIntegerField(default=0)
    # Events of the month, in the cell the member was in on the event's day (the day they
    # left it included): the figures' admissions, recognitions and ends of membership.
    admitted = models.PositiveIntegerField(default=0)
    admitted_youth = models.PositiveIntegerField(default=0)
    recognized = models.PositiveIntegerField(default=0)
    transferred_out = models.PositiveIntegerField(default=0)
    struck_off = models.PositiveIntegerField(default=0)
    expelled = models.PositiveIntegerField(default=0)
    deceased = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)
    # Meetings held in the month (by their date), the month excused, and the roll of the
    # submitted minutes (members exempt from meetings not counted).
    regular_meetings = models.PositiveIntegerField(default=0)
    thematic_meetings = models.PositiveIntegerField(default=0)
    excused = models.PositiveIntegerField(default=0)
    attendance_expected = models.PositiveIntegerField(default=0)
    attendance_present = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("organization's month-end figures")
        verbose_name_plural = _("organizations' month-end figures")
        constraints = [
            models.UniqueConstraint(
                fields=["month_end", "organization"], name="organizationmonth_one_per_month"
            )
        ]

    def __str__(self):
        return f"{self.organization_id} @ {self.month_end:%m/%Y}"


# The numbers a row holds, in the order above.
COUNT_FIELDS = (
    "probationary",
    "official",
    "exempt",
    "admitted",
    "admitted_youth",
    "recognized",
    "transferred_out",
    "struck_off",
    "expelled",
    "deceased",
    "left",
    "regular_meetings",
    "thematic_meetings",
    "excused",
    "attendance_expected",
    "attendance_present",
)
STATUS_FIELDS = COUNT_FIELDS[:3]
EVENT_FIELDS = COUNT_FIELDS[3:11]
MEETING_FIELDS = COUNT_FIELDS[11:]


class FilledMonth(models.Model):
    """A month whose rows were computed for every organization of the bloc."""

    month_end = models.DateField(unique=True)
    filled_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("month filled")
        verbose_name_plural = _("months filled")

    def __str__(self):
        return f"{self.month_end:%m/%Y}"


class StaleMark(models.Model):
    """The organization's rows of every month ending on or after `since` are out of date.
    Written beside each change of the register (insert only: cheap and free of races) and
    removed by the refresh that recomputes them."""

    organization_id = models.IntegerField(db_index=False)
    since = models.DateField()
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("figures to recompute")
        verbose_name_plural = _("figures to recompute")

    def __str__(self):
        return f"{self.organization_id} from {self.since:%d/%m/%Y}"
