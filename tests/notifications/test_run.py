"""The daily run: who hears, when it escalates, that nothing is sent twice, that a rule's
change applies from its date, and that nobody hears about what they may not see."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from meetings.models import Meeting
from organizations.models import RoleAssignment
from partybloc.notifications import services
from partybloc.notifications.models import Notification, ReminderRule
from partybloc.notifications.rules import RULES, DueItem
from tests.notifications.helpers import d, draft_meeting, notices

pytestmark = pytest.mark.django_db

MINUTES = "minutes_overdue"


@pytest.fixture
def only(db):
    """Only the named rules run: the others (a month without a meeting…) would notify about
    every cell of a world that holds no meetings."""

    def keep(*codes):
        ReminderRule.objects.exclude(code__in=codes).update(enabled=False)

    return keep


@pytest.fixture
def late_minutes(world, only):
    """Minutes of 01/10/2026 left in draft: due 11/10, reminded from 08/10, overdue from 12/10,
    the committee told on 18/10 (7 days overdue), the bloc office on 10/11 (30 days)."""
    only(MINUTES)
    return draft_meeting(world.finance_office, d("2026-10-01"))


def stages(**filters):
    return [(n.recipient.username, n.stage) for n in notices(**filters)]


def test_the_person_responsible_hears_first_then_the_committee_then_the_bloc(world, late_minutes):
    key = f"meeting:{late_minutes.pk}"
    services.run_daily(d("2026-10-07"))
    assert stages(subject_key=key) == []
    services.run_daily(d("2026-10-09"))
    assert stages(subject_key=key) == [("bithu_vanphong", "soon")]
    services.run_daily(d("2026-10-12"))
    assert stages(subject_key=key)[-1] == ("bithu_vanphong", "overdue")
    services.run_daily(d("2026-10-17"))
    assert len(stages(subject_key=key)) == 2  # 6 days overdue: not yet the committee
    services.run_daily(d("2026-10-18"))
    assert stages(subject_key=key)[-1] == ("danguy_taichinh", "committee")
    services.run_daily(d("2026-11-10"))
    assert stages(subject_key=key) == [
        ("bithu_vanphong", "soon"),
        ("bithu_vanphong", "overdue"),
        ("danguy_taichinh", "committee"),
        ("vanphong", "bloc"),
    ]
    # Each escalation carries the reminders already sent.
    bloc = Notification.objects.get(subject_key=key, stage="bloc")
    assert [(h["stage"], h["on"]) for h in bloc.history] == [
        ("soon", "09/10/2026"),
        ("overdue", "12/10/2026"),
        ("committee", "18/10/2026"),
    ]
    assert bloc.url == f"/meetings/{late_minutes.pk}/"
    # The leader and the other cells' people hear nothing of it.
    assert not Notification.objects.exclude(
        recipient__username__in=["bithu_vanphong", "danguy_taichinh", "vanphong"]
    ).exists()


def test_a_first_run_long_after_the_due_date_sends_every_stage_reached_at_once(world, late_minutes):
    services.run_daily(d("2026-11-20"))
    assert stages(subject_key=f"meeting:{late_minutes.pk}") == [
        ("bithu_vanphong", "overdue"),
        ("danguy_taichinh", "committee"),
        ("vanphong", "bloc"),
    ]


def test_running_twice_sends_nothing_twice(world, late_minutes):
    first = services.run_daily(d("2026-10-18"))
    count = Notification.objects.count()
    assert first.created[MINUTES] == count == 2  # overdue to the secretary, the committee
    again = services.run_daily(d("2026-10-18"))
    assert again.created[MINUTES] == 0
    next_day = services.run_daily(d("2026-10-19"))
    assert next_day.created[MINUTES] == 0
    assert Notification.objects.count() == count


def test_a_settled_item_stops_its_notices_and_shows_as_resolved(world, late_minutes):
    services.run_daily(d("2026-10-12"))
    notice = Notification.objects.get(stage="overdue")
    assert (
        Notification.objects.filter(recipient=world.finance_office_secretary).unread().count() == 1
    )
    Meeting.objects.filter(pk=late_minutes.pk).update(state=Meeting.State.SUBMITTED)
    summary = services.run_daily(d("2026-10-20"))
    assert summary.resolved == 1
    notice.refresh_from_db()
    assert notice.resolved_at is not None
    assert (
        Notification.objects.filter(recipient=world.finance_office_secretary).unread().count() == 0
    )
    # Nothing more about it, even past the escalation delays.
    services.run_daily(d("2026-11-20"))
    assert Notification.objects.count() == 1


def test_a_rule_change_takes_effect_from_its_date(world, late_minutes):
    """From 15/10 the minutes rule no longer tells the committee; a run of an earlier day
    reads the version in force then."""
    old = ReminderRule.objects.get(code=MINUTES)
    ReminderRule.objects.create(
        code=MINUTES,
        name=old.name,
        days_before=old.days_before,
        escalate_to_committee_after=None,
        escalate_to_bloc_after=60,
        effective_from=d("2026-10-15"),
    )
    services.run_daily(d("2026-10-14"))
    assert Notification.objects.get().rule == old
    services.run_daily(d("2026-10-20"))
    assert not Notification.objects.filter(stage="committee").exists()
    services.run_daily(d("2026-11-10"))  # 30 days overdue: the old rule told the bloc, not this
    assert not Notification.objects.filter(stage="bloc").exists()
    services.run_daily(d("2026-12-10"))
    assert stages(stage="bloc") == [("vanphong", "bloc")]


def test_a_new_version_of_a_rule_does_not_send_a_stage_again(world, late_minutes):
    services.run_daily(d("2026-10-12"))
    old = ReminderRule.objects.get(code=MINUTES)
    ReminderRule.objects.create(
        code=MINUTES, name="Biên bản chậm", days_before=5, effective_from=d("2026-10-13")
    )
    services.run_daily(d("2026-10-13"))
    assert Notification.objects.filter(stage="overdue").count() == 1
    assert Notification.objects.get(stage="overdue").rule == old


def test_a_rule_turned_off_sends_nothing(world, late_minutes):
    ReminderRule.objects.filter(code=MINUTES).update(enabled=False)
    services.run_daily(d("2026-11-20"))
    assert not Notification.objects.exists()


def test_a_grassroots_cell_has_no_committee_above_it(world, only):
    only(MINUTES)
    meeting = draft_meeting(world.inspectorate, d("2026-10-01"))
    services.run_daily(d("2026-11-20"))
    assert stages(subject_key=f"meeting:{meeting.pk}") == [
        ("bithu_thanhtra", "overdue"),
        ("vanphong", "bloc"),
    ]


def test_a_cell_without_a_secretary_account_is_heard_of_after_the_delay(world, only):
    only(MINUTES)
    meeting = draft_meeting(world.finance_budget, d("2026-10-01"))
    services.run_daily(d("2026-10-12"))
    assert stages(subject_key=f"meeting:{meeting.pk}") == []
    services.run_daily(d("2026-10-18"))
    assert stages(subject_key=f"meeting:{meeting.pk}") == [("danguy_taichinh", "committee")]


def test_nobody_hears_about_what_they_may_not_see(world, only, monkeypatch):
    """Recipients are chosen through the access rules and each item's own door: a person named
    on an item outside their scope is left out, and a secretary hears nothing of another
    cell."""
    only("named_people")
    outsider_secretary = world.inspectorate_secretary

    def named_people(today, rule):
        yield DueItem(
            key=f"member:{world.an.pk}",
            record=world.an,
            organization=world.finance_office,
            due_on=today - datetime.timedelta(days=1),
            message="%(member)s",
            params={"member": world.an.full_name},
            url="/",
            responsible=(world.outsider, outsider_secretary, world.finance_office_secretary),
        )

    monkeypatch.setitem(RULES, "named_people", named_people)
    ReminderRule.objects.create(
        code="named_people",
        name="Thử",
        escalate_to_committee_after=0,
        escalate_to_bloc_after=0,
        effective_from=d("2020-01-01"),
    )
    services.run_daily(d("2026-10-12"))
    heard = set(Notification.objects.values_list("recipient__username", flat=True))
    assert heard == {"bithu_vanphong", "danguy_taichinh", "vanphong"}
    # Every recipient sees the organization and the record through the doors.
    for notice in Notification.objects.select_related("recipient", "organization"):
        user = get_user_model().objects.get(pk=notice.recipient_id)
        assert world.an.__class__.objects.visible_to(user).filter(pk=world.an.pk).exists()


def test_a_user_whose_role_ended_hears_nothing(world, late_minutes):
    RoleAssignment.objects.filter(user=world.finance_office_secretary).delete()
    services.run_daily(d("2026-10-12"))
    assert not Notification.objects.exists()


def test_the_summary_counts_per_rule(world, late_minutes):
    summary = services.run_daily(d("2026-11-20"))
    assert summary.items == {MINUTES: 1}
    assert summary.created == {MINUTES: 3}
    assert summary.escalated == {MINUTES: 2}
    assert summary.as_dict()["today"] == "2026-11-20"
    assert isinstance(summary.today, datetime.date)
