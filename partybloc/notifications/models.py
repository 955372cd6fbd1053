"""Reminder rules (data the bloc office edits, each version with the date it takes effect), the
notices the daily run sends, and each user's choice of email."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organizations import access
from partybloc.notifications.choices import Delivery, Level, Stage


class ReminderRuleQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date) -> dict[str, "ReminderRule"]:
        """The version of each rule in force on a day: the latest that took effect by then."""
        rules: dict[str, ReminderRule] = {}
        for rule in self.filter(effective_from__lte=on).order_by("code", "-effective_from"):
            rules.setdefault(rule.code, rule)
        return rules


class ReminderRule(models.Model):
    """One version of a reminder rule. A change is a new row with the date it takes effect;
    the run reads the version in force on its day, so a past day keeps its own rule."""

    code = models.CharField(_("rule"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    enabled = models.BooleanField(_("on"), default=True)
    days_before = models.PositiveSmallIntegerField(
        _("remind this many days before the due date"),
        default=0,
        help_text=_("0: no reminder before the due date."),
    )
    days_after = models.PositiveSmallIntegerField(
        _("overdue this many days after the due date"), default=0
    )
    escalate_to_committee_after = models.PositiveSmallIntegerField(
        _("tell the grassroots committee after (days overdue)"),
        null=True,
        blank=True,
        help_text=_("Empty: the grassroots committee is not told."),
    )
    escalate_to_bloc_after = models.PositiveSmallIntegerField(
        _("tell the bloc office after (days overdue)"),
        null=True,
        blank=True,
        help_text=_("Empty: the bloc office is not told."),
    )
    first_level = models.PositiveSmallIntegerField(
        _("who hears first"), choices=Level.choices, default=Level.RESPONSIBLE
    )
    effective_from = models.DateField(_("effective from"))

    objects = ReminderRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"],
                name="reminder_rule_one_version_a_day",
                violation_error_message=_("This rule already has a version from that date."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.effective_from:%d/%m/%Y})"

    def escalation_delay(self, stage: str) -> int | None:
        """Days overdue after which a stage's notice is sent (0 for the first notices)."""
        if stage == Stage.COMMITTEE:
            return self.escalate_to_committee_after
        if stage == Stage.BLOC:
            return self.escalate_to_bloc_after
        return 0


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.notice_scope_q(user))

    def unread(self):
        """Unread and still open: what the count in the top bar counts."""
        return self.filter(read_at__isnull=True, resolved_at__isnull=True)


class Notification(models.Model):
    """One notice to one user about one open item at one stage. The run never sends the same
    (rule, item, recipient, stage) twice: the database refuses the second row."""

    Stage = Stage

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    rule = models.ForeignKey(ReminderRule, on_delete=models.PROTECT, related_name="notifications")
    # The rule's code, not its version: a new version of a rule does not send the notice again.
    rule_code = models.CharField(max_length=40)
    # Names the item across runs ("meeting:12", "cell-month:45:2026-10").
    subject_key = models.CharField(max_length=100)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_on = models.DateField(_("due date"))
    # The text in the source language with named values, translated when shown: a user reads it
    # in their own language, and a catalogue fix reaches notices already sent.
    message = models.CharField(max_length=255)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=255)
    # The notices already sent about the item when this one was: [{"stage", "to", "on"}].
    history = models.JSONField(default=list)
    created_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_code", "subject_key", "recipient", "stage"],
                name="notification_once_per_item_recipient_stage",
            )
        ]
        indexes = [
            # The count on every page: one index-only look-up.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True, resolved_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_order"),
            models.Index(
                fields=["rule_code", "subject_key"],
                condition=Q(resolved_at__isnull=True),
                name="notification_open_items",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        # The values are names, dates and choice labels: a name has no catalogue entry and
        # stays as it is, a label comes out in the reader's language.
        values = {key: gettext(value) if value else value for key, value in self.params.items()}
        try:
            return gettext(self.message) % values
        except (KeyError, TypeError, ValueError):
            return self.message

    @property
    def is_escalation(self) -> bool:
        return self.stage in (Stage.COMMITTEE, Stage.BLOC)

    @property
    def history_lines(self) -> list[dict]:
        """The notices sent before this one, with their stage's label."""
        labels = dict(Stage.choices)
        return [{**entry, "stage": labels.get(entry.get("stage"), "")} for entry in self.history]


class EmailPreference(models.Model):
    """Whether a user gets notices by email, one at a time or once a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    delivery = models.CharField(
        _("notices by email"), max_length=10, choices=Delivery.choices, default=Delivery.NONE
    )
    # The day the last digest went out: one a day, whatever number of runs.
    last_digest_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")

    def __str__(self):
        return f"{self.user} — {self.get_delivery_display()}"
