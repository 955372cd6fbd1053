"""Email: one per notice, or one digest a day; nothing sent twice."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from partybloc.celery import app
from partybloc.notifications import services
from partybloc.notifications.models import EmailPreference, Notification, ReminderRule
from partybloc.notifications.tasks import daily_run
from tests.notifications.helpers import d, draft_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_server(settings):
    """As where EMAIL_HOST is set (the test run sends into Django's locmem outbox)."""
    settings.REMINDER_EMAILS = True


@pytest.fixture
def two_late_minutes(world):
    ReminderRule.objects.exclude(code="minutes_overdue").update(enabled=False)
    draft_meeting(world.finance_office, d("2026-10-01"))
    draft_meeting(world.finance_office, d("2026-09-01"), kind="thematic")


def choose(user, delivery, email="nguoi@example.vn"):
    services.set_email_delivery(user=user, delivery=delivery, email=email)


def test_instant_email_sends_one_per_notice_once(world, two_late_minutes):
    choose(world.finance_office_secretary, "instant")
    summary = services.run_daily(d("2026-10-12"))
    assert summary.emails == len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"nguoi@example.vn"}
    body = mail.outbox[0].body
    assert "Kính gửi đồng chí" in body
    assert "http://127.0.0.1:8000/meetings/" in body
    assert mail.outbox[0].subject.startswith("[Nhắc việc]")
    services.run_daily(d("2026-10-12"))
    services.run_daily(d("2026-10-13"))
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(
        recipient=world.finance_office_secretary, emailed_at__isnull=True
    ).exists()


def test_a_digest_is_one_email_a_day(world, two_late_minutes):
    choose(world.finance_staff, "digest", "danguy@example.vn")
    services.run_daily(d("2026-10-18"))  # the committee is told of the October minutes
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["danguy@example.vn"]
    services.run_daily(d("2026-10-18"))
    assert len(mail.outbox) == 1
    # The September minutes were told the committee on the first run too: the next days bring
    # nothing new for it, so no digest.
    services.run_daily(d("2026-10-19"))
    assert len(mail.outbox) == 1
    assert EmailPreference.objects.get(user=world.finance_staff).last_digest_on == d("2026-10-18")


def test_digest_next_day_with_new_notices(world, two_late_minutes):
    choose(world.finance_office_secretary, "digest")
    services.run_daily(d("2026-10-09"))  # the October minutes fall due soon; September overdue
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("/meetings/") == 2
    services.run_daily(d("2026-10-12"))  # the October minutes now overdue: a new notice
    assert len(mail.outbox) == 2
    assert mail.outbox[1].body.count("/meetings/") == 1


def test_no_email_without_a_choice_or_an_address(world, two_late_minutes):
    choose(world.finance_office_secretary, "none")
    choose(world.finance_staff, "instant", email="")
    services.run_daily(d("2026-11-20"))
    assert Notification.objects.exists()
    assert mail.outbox == []


def test_no_email_where_no_mail_server_is_set(world, two_late_minutes, settings):
    settings.REMINDER_EMAILS = False
    choose(world.finance_office_secretary, "instant")
    services.run_daily(d("2026-10-12"))
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 4
    settings.REMINDER_EMAILS = True
    services.run_daily(d("2026-10-12"))  # the notices wait for the server to be set up
    assert len(mail.outbox) == 2


def test_the_command_runs_the_day_and_says_what_it_sent(world, two_late_minutes):
    out = io.StringIO()
    call_command("daily_run", "--date", "2026-10-12", stdout=out)
    text = out.getvalue()
    assert "minutes_overdue" in text
    assert "12/10/2026" in text
    # October's minutes overdue to the secretary; September's also told the committee and the
    # bloc office (31 days overdue).
    assert Notification.objects.count() == 4
    call_command("daily_run", "--date", "2026-10-12", stdout=out)
    assert Notification.objects.count() == 4
    with pytest.raises(CommandError):
        call_command("daily_run", "--date", "12/10/2026", stdout=io.StringIO())


def test_the_command_runs_today_by_default(world):
    out = io.StringIO()
    call_command("daily_run", stdout=out)
    assert "ratings_not_done" in out.getvalue()


def test_the_task_runs_the_same(world, two_late_minutes):
    result = daily_run.apply().get(timeout=30)
    assert set(result) >= {"today", "created", "resolved", "emails", "digests"}


def test_celery_beat_runs_it_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["daily-run"]
    assert entry["task"] == "partybloc.notifications.tasks.daily_run"
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {settings.DAILY_RUN_HOUR}
