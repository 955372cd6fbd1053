"""Each rule finds what is due (and only that): one due and one not-due case per rule."""

import datetime

import pytest

from inspections.models import RemediationItem
from meetings.models import Meeting
from members.models import Member, Status
from members.year.models import RatingSheet
from tests.conftest import make_member
from tests.notifications.helpers import d, draft_meeting, items
from tests.year.candidates import candidate, walk

pytestmark = pytest.mark.django_db


def test_minutes_left_in_draft_past_the_deadline_are_due(world):
    meeting = draft_meeting(world.finance_office, d("2026-10-01"))
    found = items("minutes_overdue", d("2026-10-12"))
    item = found[f"meeting:{meeting.pk}"]
    assert item.due_on == d("2026-10-11")  # MINUTES_DUE_DAYS (10) after the meeting
    assert item.organization == world.finance_office
    assert item.url == f"/meetings/{meeting.pk}/"


def test_submitted_minutes_and_minutes_not_yet_near_their_deadline_are_not_due(world):
    submitted = draft_meeting(world.finance_office, d("2026-09-02"), state=Meeting.State.SUBMITTED)
    recent = draft_meeting(world.finance_budget, d("2026-10-05"))
    found = items("minutes_overdue", d("2026-10-08"))  # recent one due 15/10, reminded from 12/10
    assert f"meeting:{submitted.pk}" not in found
    assert f"meeting:{recent.pk}" not in found
    assert f"meeting:{recent.pk}" in items("minutes_overdue", d("2026-10-12"))


def test_a_month_without_a_regular_meeting_is_due(world):
    draft_meeting(world.finance_office, d("2026-09-05"))
    found = items("month_without_meeting", d("2026-10-03"))
    assert f"cell-month:{world.finance_office.pk}:2026-08" in found
    assert f"cell-month:{world.finance_office.pk}:2026-09" not in found
    # This month is reminded of in its last week only (7 days before its end).
    assert f"cell-month:{world.finance_office.pk}:2026-10" not in found
    later = items("month_without_meeting", d("2026-10-25"))
    assert later[f"cell-month:{world.finance_office.pk}:2026-10"].due_on == d("2026-10-31")


def test_a_quarter_without_a_thematic_meeting_is_due(world):
    draft_meeting(world.finance_office, d("2026-08-20"), kind=Meeting.Kind.THEMATIC)
    found = items("quarter_without_thematic", d("2026-10-05"))
    assert f"cell-quarter:{world.finance_budget.pk}:2026-3" in found
    assert f"cell-quarter:{world.finance_office.pk}:2026-3" not in found
    assert found[f"cell-quarter:{world.finance_budget.pk}:2026-3"].due_on == d("2026-09-30")


def test_an_admission_step_past_its_interval_is_due(world):
    person = candidate(world)
    applied = walk(
        person,
        world.finance_office_secretary,
        [("course", 0), ("helper", 5), ("application", 95)],
        d("2026-01-01"),
    )
    # Hướng dẫn 06-HD/TW: the verification within 60 days of the application.
    due = applied + datetime.timedelta(days=60)
    assert f"candidate-step:{person.pk}:verification" not in items(
        "admission_step", due - datetime.timedelta(days=8)
    )
    item = items("admission_step", due + datetime.timedelta(days=1))[
        f"candidate-step:{person.pk}:verification"
    ]
    assert item.due_on == due
    assert item.organization == world.finance_office


def test_a_deciding_step_is_the_committees(world):
    person = candidate(world)
    walk(
        person,
        world.finance_office_secretary,
        [("course", 0), ("helper", 5), ("application", 95), ("verification", 30)],
        d("2026-01-01"),
    )
    walk(person, world.finance_staff, [("cell_resolution", 10)], d("2026-05-11"))
    found = items("admission_step", d("2026-08-01"))
    assert found[f"candidate-step:{person.pk}:committee_resolution"].organization == world.finance


def test_an_awareness_certificate_about_to_expire_is_due(world):
    person = candidate(world)
    walk(person, world.finance_office_secretary, [("course", 0)], d("2021-12-20"))
    fresh = candidate(world, full_name="Đặng Văn Hùng", born=datetime.date(1997, 1, 1))
    walk(fresh, world.finance_office_secretary, [("course", 0)], d("2024-03-01"))
    found = items("certificate_expiring", d("2026-11-01"))
    assert [
        item.due_on for key, item in found.items() if key.startswith(f"certificate:{person.pk}:")
    ] == [d("2026-12-20")]
    assert not [key for key in found if key.startswith(f"certificate:{fresh.pk}:")]


def test_a_probationary_member_due_for_recognition_within_30_days(world):
    due = make_member(
        world.finance_office, "Hồ Văn Tâm", admitted=d("2025-11-20"), official=None, card=False
    )
    later = make_member(
        world.finance_office, "Hồ Thị Lan", admitted=d("2026-03-01"), official=None, card=False
    )
    assert Member.objects.get(pk=due.pk).status == Status.PROBATIONARY
    found = items("recognition_due", d("2026-11-01"))
    assert found[f"recognition:{due.pk}"].due_on == d("2026-11-20")
    assert f"recognition:{later.pk}" not in found


def test_a_remediation_item_nearing_its_deadline_is_due_until_done(iw, world):
    assert f"remediation:{iw.item.pk}" not in items("remediation_due", d("2026-09-01"))
    item = items("remediation_due", d("2026-09-20"))[f"remediation:{iw.item.pk}"]
    assert (item.due_on, item.organization) == (d("2026-09-30"), world.inspectorate)
    RemediationItem.objects.filter(pk=iw.item.pk).update(status="done", done_on=d("2026-09-25"))
    assert f"remediation:{iw.item.pk}" not in items("remediation_due", d("2026-10-20"))


def test_the_years_ratings_not_approved_by_31_december(world):
    RatingSheet.objects.create(
        organization=world.finance_office, year=2026, subject="member", state="approved"
    )
    assert not items("ratings_not_done", d("2026-11-20"))  # reminded from 1 December
    found = items("ratings_not_done", d("2026-12-05"))
    assert found[f"ratings:{world.finance_budget.pk}:2026"].due_on == d("2026-12-31")
    assert f"ratings:{world.finance_office.pk}:2026" not in found
    # Still chased in January.
    assert f"ratings:{world.finance_budget.pk}:2026" in items("ratings_not_done", d("2027-01-10"))


def test_a_term_ending_without_a_congress(world):
    world.health.term_start_year, world.health.term_end_year = 2021, 2026
    world.health.save()
    found = items("term_without_congress", d("2026-08-01"))
    assert found[f"congress:{world.health.pk}:2026"].due_on == d("2026-12-31")
    # The finance committee held its congress for the 2025–2030 term.
    assert not [key for key in found if key.startswith(f"congress:{world.finance.pk}:")]


def test_a_working_regulation_not_revised_since_the_congress(world):
    key = f"regulation:{world.finance.pk}:2025-05-20"
    assert items("regulation_not_revised", d("2026-01-10"))[key].due_on == d("2025-05-20")
    world.finance.regulation_adopted_on = d("2025-07-01")
    world.finance.save()
    assert key not in items("regulation_not_revised", d("2026-01-10"))
