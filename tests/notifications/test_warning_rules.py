"""The reminders read from the early warnings: a member three months behind with dues or away
from cell meetings is chased with the cell's secretary, then the committee; the daily run
refreshes the warnings first, and a warning closed by a decision is no longer chased."""

import datetime

import pytest

from inspections.early_warnings.models import EarlyWarning
from inspections.early_warnings.services import close_warning
from partybloc.notifications import services
from partybloc.notifications.models import Notification, ReminderRule
from tests.notifications.helpers import d, items
from tests.test_early_warnings import months, roll

pytestmark = pytest.mark.django_db

MISSED = "member_missed_meetings"
DUES = "dues_arrears"


@pytest.fixture
def only(db):
    def keep(*codes):
        ReminderRule.objects.exclude(code__in=codes).update(enabled=False)

    return keep


@pytest.fixture
def an_away_three_months(world, only):
    only(MISSED, DUES)
    for day in months(2026, 2, 3, 6):
        roll(world.finance_office, day, absent=[world.an])
    return world.an


def test_the_run_refreshes_the_warnings_and_the_secretary_hears_of_the_member(
    world, an_away_three_months
):
    assert not EarlyWarning.objects.exists()
    services.run_daily(d("2026-10-20"))
    warning = EarlyWarning.objects.get(member=world.an, kind=EarlyWarning.Kind.MEMBER_MEETINGS)
    notice = Notification.objects.get(rule_code=MISSED, subject_key=f"warning:{warning.pk}")
    assert notice.recipient.username == "bithu_vanphong"
    assert notice.url == warning.get_absolute_url()
    assert world.an.full_name in notice.text
    # Another run the same day sends nothing more.
    services.run_daily(d("2026-10-20"))
    assert Notification.objects.filter(rule_code=MISSED).count() == 1


def test_the_committee_hears_when_the_warning_stays_open(world, an_away_three_months):
    services.run_daily(d("2026-10-20"))
    services.run_daily(d("2026-11-05"))  # 16 days after it was raised: past the 15 days
    heard = set(
        Notification.objects.filter(rule_code=MISSED).values_list("recipient__username", "stage")
    )
    assert ("danguy_taichinh", "committee") in heard


def test_a_warning_closed_by_a_decision_is_no_longer_chased(world, an_away_three_months):
    services.run_daily(d("2026-10-20"))
    warning = EarlyWarning.objects.get(member=world.an, kind=EarlyWarning.Kind.MEMBER_MEETINGS)
    close_warning(warning, decision="good_reason", reason="Ốm dài ngày", by=world.office)
    assert f"warning:{warning.pk}" not in items(MISSED, d("2026-11-05"))
    services.run_daily(d("2026-11-05"))
    assert not Notification.objects.filter(rule_code=MISSED, stage="committee").exists()
    assert Notification.objects.filter(rule_code=MISSED, resolved_at__isnull=False).exists()


def test_dues_warnings_are_chased_as_arrears(world, only):
    only(DUES)
    EarlyWarning.objects.create(
        kind=EarlyWarning.Kind.MEMBER_DUES,
        member=world.an,
        organization=world.finance_office,
        year=2026,
        weight=4,
        raised_on=datetime.date(2026, 10, 1),
        checked_on=datetime.date(2026, 10, 1),
    )
    found = items(DUES, d("2026-10-20"))
    (item,) = found.values()
    assert item.organization == world.finance_office
    assert item.params["months"] == "4"
