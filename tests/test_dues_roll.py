"""The roll's dues column: a cell secretary records the month's dues while taking the roll;
saving the same roll again (the autosave does, every few seconds) records nothing twice."""

import datetime

import pytest
from django.urls import reverse

from members.dues.models import Category, DuesPayment
from members.dues.services import set_income_basis
from tests.test_meetings import DAY, record, roll_marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    for member in (world.an, world.dao):
        set_income_basis(
            member,
            category=Category.SALARIED,
            monthly_income=6_000_000,
            effective_from=datetime.date(2026, 9, 1),
            by=None,
        )
    return record(world)


def post_roll(client, meeting, **dues):
    data = {"revision": meeting.revision, "held_on": f"{DAY:%d/%m/%Y}", "kind": meeting.kind}
    for member_id, amount in dues.items():
        data.update(roll_marks(**{member_id: ("present", "")}))
        data[f"roll-{member_id}-dues"] = amount
    response = client.post(reverse("meetings:autosave", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    return response


def test_the_roll_shows_a_dues_column_with_what_each_member_owes(world, meeting, as_user):
    html = (
        as_user(world.finance_office_secretary)
        .get(reverse("meetings:edit", args=[meeting.pk]))
        .content.decode()
    )
    assert f'name="roll-{world.an.pk}-dues"' in html
    # September and October at 60,000 đ.
    assert "120.000" in html


def test_dues_typed_in_the_roll_are_recorded_once(world, meeting, as_user):
    client = as_user(world.finance_office_secretary)
    assert post_roll(client, meeting, **{str(world.an.pk): "120000"}).status_code == 200
    assert post_roll(client, meeting, **{str(world.an.pk): "120000"}).status_code == 200
    rows = list(DuesPayment.objects.values_list("member_id", "month", "amount", "paid_on"))
    assert rows == [
        (world.an.pk, datetime.date(2026, 9, 1), 60_000, DAY),
        (world.an.pk, datetime.date(2026, 10, 1), 60_000, DAY),
    ]
    assert DuesPayment.objects.filter(meeting=meeting).count() == 2
    # Corrected to one month, then taken back.
    post_roll(client, meeting, **{str(world.an.pk): "60000"})
    assert list(DuesPayment.objects.values_list("month", "amount")) == [
        (datetime.date(2026, 9, 1), 60_000)
    ]
    post_roll(client, meeting, **{str(world.an.pk): ""})
    assert not DuesPayment.objects.exists()
    # The page shows what was paid at the meeting.
    post_roll(client, meeting, **{str(world.dao.pk): "60000"})
    html = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert f'name="roll-{world.dao.pk}-dues" id="id_roll-{world.dao.pk}-dues" value="60000"' in html


def test_a_bad_amount_is_an_error_on_its_row_and_the_rest_is_saved(world, meeting, as_user):
    client = as_user(world.finance_office_secretary)
    response = post_roll(client, meeting, **{str(world.an.pk): "-1", str(world.dao.pk): "60000"})
    assert response.status_code == 422
    assert list(DuesPayment.objects.values_list("member_id", flat=True)) == [world.dao.pk]


def test_more_than_a_year_ahead_refuses_the_save_naming_the_member(world, meeting, as_user):
    client = as_user(world.finance_office_secretary)
    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "revision": meeting.revision,
            "held_on": f"{DAY:%d/%m/%Y}",
            f"roll-{world.an.pk}-dues": "99000000",
            **roll_marks(**{str(world.an.pk): ("present", "")}),
        },
    )
    assert response.status_code == 200
    assert "Đảng phí của Nguyễn Văn An" in response.content.decode()
    assert not DuesPayment.objects.exists()


def test_a_committee_meeting_has_no_dues_column(world, as_user):
    meeting = record(world, world.finance, by=world.finance_staff)
    html = as_user(world.finance_staff).get(reverse("meetings:edit", args=[meeting.pk]))
    assert "-dues" not in html.content.decode()
