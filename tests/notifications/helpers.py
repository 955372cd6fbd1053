"""Shared steps of the reminder tests: the rules in force, a meeting left in draft."""

import datetime

from meetings.models import Meeting
from partybloc.notifications.models import Notification, ReminderRule
from partybloc.notifications.rules import RULES


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def rule_on(code: str, day: datetime.date) -> ReminderRule:
    return ReminderRule.objects.in_force(day)[code]


def items(code: str, day: datetime.date) -> dict:
    """The rule's items on a day, by key."""
    return {item.key: item for item in RULES[code](day, rule_on(code, day))}


def draft_meeting(cell, held_on, kind=Meeting.Kind.REGULAR, state=Meeting.State.DRAFT):
    return Meeting.objects.create(organization=cell, kind=kind, held_on=held_on, state=state)


def notices(**filters):
    return Notification.objects.filter(**filters).order_by("pk")
