"""The daily run: what is due, overdue and at risk becomes notices to the people who must act,
then to the levels above while it stays open; notices about what was settled are closed; emails
go out (one per notice, or one digest a day). Running it again the same day, or the next day
for the same item and stage, sends nothing twice."""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from inspections.early_warnings.services import refresh_warnings, refreshed_today
from organizations import access
from partybloc.notifications.choices import Delivery, Level, Stage
from partybloc.notifications.models import EmailPreference, Notification, ReminderRule
from partybloc.notifications.rules import RULES, DueItem
from partybloc.people import display_name
from partybloc.types import User

logger = logging.getLogger(__name__)

# Each stage, who hears at it, in the order they are sent.
STAGE_LEVELS = (
    (Stage.SOON, None),
    (Stage.OVERDUE, None),
    (Stage.COMMITTEE, Level.COMMITTEE),
    (Stage.BLOC, Level.BLOC),
)


@dataclass
class RunSummary:
    """What one run did, per rule code."""

    today: datetime.date
    items: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    escalated: dict[str, int] = field(default_factory=dict)
    resolved: int = 0
    emails: int = 0
    digests: int = 0

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "items": self.items,
            "created": self.created,
            "escalated": self.escalated,
            "resolved": self.resolved,
            "emails": self.emails,
            "digests": self.digests,
        }


def stages_due(item: DueItem, rule: ReminderRule, today: datetime.date) -> list[str]:
    """The stages an item has reached today: a reminder while it nears its due date (and
    through the days allowed after it), overdue after that, then each escalation once it has
    been overdue for the rule's delay."""
    overdue_from = item.due_on + datetime.timedelta(days=rule.days_after + 1)
    if today < overdue_from:
        starts = item.due_on - datetime.timedelta(days=rule.days_before)
        return [Stage.SOON] if today >= starts else []
    stages = [Stage.OVERDUE]
    days_overdue = (today - overdue_from).days + 1
    for stage in (Stage.COMMITTEE, Stage.BLOC):
        delay = rule.escalation_delay(stage)
        if delay is not None and days_overdue >= delay:
            stages.append(stage)
    return stages


def _level_of(stage: str, rule: ReminderRule) -> int | None:
    """Who hears at a stage; None when the rule starts above that level."""
    level = dict(STAGE_LEVELS)[stage]
    if level is None:
        return rule.first_level
    return level if level > rule.first_level else None


class _Hearers:
    """Who hears about an item at a level: the organization's people at that level
    (access.hearers_q), kept only if the item's own door lets them open it."""

    def __init__(self, items: list[DueItem]):
        self.by_model: dict[type[Model], list[int]] = defaultdict(list)
        for item in items:
            self.by_model[type(item.record)].append(item.record.pk)
        self.users: dict[tuple[int, int], list[User]] = {}
        self.visible: dict[tuple[type[Model], int], set[int]] = {}

    def at(self, item: DueItem, level: int) -> list[User]:
        key = (item.organization.pk, level)
        if key not in self.users:
            self.users[key] = list(
                get_user_model()
                .objects.filter(access.hearers_q(item.organization, level))
                .distinct()
                .order_by("pk")
            )
        people = list(self.users[key])
        if level == Level.RESPONSIBLE:
            people += [user for user in item.responsible if user not in people]
        return [
            user
            for user in people
            if access.can_hear_about(user, item.organization) and self._sees(user, item.record)
        ]

    def _sees(self, user: User, record: Model) -> bool:
        model = type(record)
        key = (model, user.pk)
        if key not in self.visible:
            self.visible[key] = set(
                model.objects.visible_to(user)
                .filter(pk__in=self.by_model[model])
                .values_list("pk", flat=True)
            )
        return record.pk in self.visible[key]


def _history_entry(notice: Notification, names: dict[int, str]) -> dict:
    return {
        "stage": notice.stage,
        "to": names.get(notice.recipient_id, ""),
        "on": notice.created_on.strftime("%d/%m/%Y"),
    }


@transaction.atomic
def notify_rule(rule: ReminderRule, items: list[DueItem], today: datetime.date) -> tuple[int, int]:
    """Notices for one rule's items; returns (created, of them escalations). Notices already
    sent (same rule, item, recipient and stage) are left alone: the unique key refuses them
    even if two runs overlap."""
    keys = [item.key for item in items]
    sent: dict[str, list[Notification]] = defaultdict(list)
    for notice in (
        Notification.objects.filter(rule_code=rule.code, subject_key__in=keys)
        .select_related("recipient")
        .order_by("created_at", "pk")
    ):
        sent[notice.subject_key].append(notice)
    names = {n.recipient_id: display_name(n.recipient) for ns in sent.values() for n in ns}
    hearers = _Hearers(items)
    to_create: list[Notification] = []
    escalated = 0
    for item in items:
        already = {(n.recipient_id, n.stage) for n in sent[item.key]}
        for stage in stages_due(item, rule, today):
            level = _level_of(stage, rule)
            if level is None:
                continue
            new = []
            for user in hearers.at(item, level):
                if (user.pk, stage) in already:
                    continue
                names.setdefault(user.pk, display_name(user))
                new.append(
                    Notification(
                        recipient=user,
                        rule=rule,
                        rule_code=rule.code,
                        subject_key=item.key,
                        stage=stage,
                        organization=item.organization,
                        due_on=item.due_on,
                        message=item.message,
                        params=item.params,
                        url=item.url,
                        history=[_history_entry(n, names) for n in sent[item.key]],
                        created_on=today,
                    )
                )
            for notice in new:
                already.add((notice.recipient_id, stage))
            # Later stages of this run carry these in their history.
            sent[item.key].extend(new)
            to_create.extend(new)
            if stage in (Stage.COMMITTEE, Stage.BLOC):
                escalated += len(new)
    Notification.objects.bulk_create(to_create, batch_size=500, ignore_conflicts=True)
    return len(to_create), escalated


def resolve_settled(rule: ReminderRule, open_keys: set[str]) -> int:
    """Open notices of a rule whose item the rule no longer finds (minutes submitted, step
    recorded, item done) are marked resolved: they leave the unread count and say so."""
    stale = [
        pk
        for pk, key in Notification.objects.filter(
            rule_code=rule.code, resolved_at__isnull=True
        ).values_list("pk", "subject_key")
        if key not in open_keys
    ]
    resolved = 0
    for start in range(0, len(stale), 500):  # few at a time: SQLite caps a query's parameters
        resolved += Notification.objects.filter(pk__in=stale[start : start + 500]).update(
            resolved_at=timezone.now()
        )
    return resolved


def run_daily(today: datetime.date) -> RunSummary:
    """Evaluate every rule in force today and send what is due (see the module's docstring)."""
    summary = RunSummary(today=today)
    # The early warnings first: the rules about members three months behind and dues in
    # arrears read them (skipped when a run or a page already refreshed them today).
    if not refreshed_today(today):
        refresh_warnings(today)
    for code, rule in sorted(ReminderRule.objects.in_force(today).items()):
        evaluator = RULES.get(code)
        if evaluator is None or not rule.enabled:
            continue
        items = list(evaluator(today, rule))
        summary.items[code] = len(items)
        created, escalated = notify_rule(rule, items, today)
        summary.created[code] = created
        summary.escalated[code] = escalated
        summary.resolved += resolve_settled(rule, {item.key for item in items})
    if settings.REMINDER_EMAILS:
        summary.emails = send_instant_emails()
        summary.digests = send_digests(today)
    return summary


# Email -----------------------------------------------------------------------------------


def _pending_email(delivery: str) -> QuerySet[Notification]:
    return Notification.objects.filter(
        emailed_at__isnull=True,
        resolved_at__isnull=True,
        recipient__is_active=True,
        recipient__email_preference__delivery=delivery,
    ).exclude(recipient__email="")


def _send(user: User, subject: str, template: str, context: dict) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template, {"user": user, "portal_url": settings.PORTAL_URL, **context}
        )
        message = EmailMessage(subject=str(subject), body=body, to=[user.email])
    try:
        message.send()
    except Exception:  # a mail server down must not stop the run: the notice stays unsent
        logger.exception("Email to user %s failed", user.pk)
        return False
    return True


def send_instant_emails() -> int:
    """One email per notice to those who chose it; a notice is emailed once."""
    sent = 0
    for notice in _pending_email(Delivery.INSTANT).select_related("recipient").order_by("pk"):
        with translation.override(settings.LANGUAGE_CODE):
            subject = translation.gettext("[Reminder] %(text)s") % {"text": notice.text[:150]}
        if _send(notice.recipient, subject, "notifications/email_notice.txt", {"notice": notice}):
            Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def send_digests(today: datetime.date) -> int:
    """One email a day with the new notices to those who chose a digest: the day is recorded,
    so a second run that day sends none."""
    pending = defaultdict(list)
    for notice in _pending_email(Delivery.DIGEST).select_related("recipient").order_by("pk"):
        pending[notice.recipient].append(notice)
    sent = 0
    for user, notices in pending.items():
        claimed = (
            EmailPreference.objects.filter(user=user, delivery=Delivery.DIGEST)
            .exclude(last_digest_on=today)
            .update(last_digest_on=today)
        )
        if not claimed:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = translation.gettext("Reminders of %(date)s: %(count)s new") % {
                "date": today.strftime("%d/%m/%Y"),
                "count": len(notices),
            }
        if _send(user, subject, "notifications/email_digest.txt", {"notices": notices}):
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                emailed_at=timezone.now()
            )
            sent += 1
        else:
            EmailPreference.objects.filter(user=user).update(last_digest_on=None)
    return sent


# The user's side -----------------------------------------------------------------------------


def mark_read(notice: Notification) -> Notification:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(
            read_at=notice.read_at
        )
    return notice


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def set_email_delivery(*, user: User, delivery: str, email: str) -> EmailPreference:
    with transaction.atomic():
        if email != user.email:
            user.email = email
            user.save(update_fields=["email"])
        preference, _created = EmailPreference.objects.update_or_create(
            user=user, defaults={"delivery": delivery}
        )
    return preference
