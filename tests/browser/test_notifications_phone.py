"""Issue 14's done-when, in a browser: a cell secretary on a 360 px phone sees the count of
reminders on the bell, opens the list, follows a reminder to the record that needs action and
marks it read; the page fits the phone's width."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting
from partybloc.notifications import services
from partybloc.notifications.models import Notification, ReminderRule

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cell_secretary_follows_a_reminder_on_a_phone(world, phone_as):
    ReminderRule.objects.exclude(code="minutes_overdue").update(enabled=False)
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        organization=world.finance_office,
        kind=Meeting.Kind.REGULAR,
        held_on=today - datetime.timedelta(days=12),
    )
    services.run_daily(today)
    assert Notification.objects.filter(recipient=world.finance_office_secretary).count() == 1

    page = phone_as(world.finance_office_secretary)
    bell = page.locator("[data-unread-notices]")
    assert bell.is_visible() and bell.inner_text() == "1"  # outside the collapsed menu
    bell.click()
    assert page.locator("h1").inner_text() == "Thông báo"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    reminder = page.locator(".notice-list a", has_text="chưa nộp")
    assert "Quá hạn" in page.locator(".notice-list").inner_text()
    reminder.click()
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    page.go_back()
    page.get_by_role("button", name="Đánh dấu đã đọc").click()
    assert page.locator("[data-unread-notices]").count() == 0
    assert "Không có thông báo chưa đọc." in page.locator("main").inner_text()
