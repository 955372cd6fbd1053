"""The register's forms as a user meets them: each error said once, on the field at fault."""

import datetime

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Meeting
from tests.conftest import national_id_for

pytestmark = pytest.mark.django_db


def member_post(world, **changes):
    born = datetime.date(1990, 4, 4)
    data = {
        "full_name": "Đặng Văn Khoa",
        "gender": "male",
        "date_of_birth": "04/04/1990",
        "ethnicity": "Kinh",
        "national_id": national_id_for("male", born),
        "party_card_number": "",
        "admitted_on": "01/03/2015",
        "official_on": "01/03/2016",
        "organization": str(world.finance_office.pk),
        "theory_level": "none",
    }
    data.update(changes)
    return data


def test_a_duplicate_party_card_is_an_error_on_its_field_said_once(world, as_user, caplog):
    client = as_user(world.office)
    taken = world.an.party_card_number
    response = client.post(reverse("members:create"), member_post(world, party_card_number=taken))
    assert response.status_code == 200
    form = response.context["form"]
    taken_message = "Số thẻ đảng viên này đã có trong hồ sơ của một đảng viên khác."
    assert form.errors["party_card_number"] == [taken_message]
    assert not form.non_field_errors()
    html = response.content.decode()
    assert html.count(taken_message) == 1
    assert taken not in caplog.text


def test_a_duplicate_national_id_is_an_error_on_its_field_said_once(world, as_user):
    client = as_user(world.office)
    post = member_post(
        world, national_id=world.an.national_id, date_of_birth="12/05/1985", gender="male"
    )
    response = client.post(reverse("members:create"), post)
    form = response.context["form"]
    assert list(form.errors) == ["national_id"], form.errors
    message = form.errors["national_id"][0]
    assert response.content.decode().count(message) == 1


def test_a_form_level_error_of_the_meeting_start_form_is_said_once(world, as_user):
    held = datetime.date(2026, 10, 8)
    meeting_services.record_meeting(
        organization=world.finance_office,
        kind=Meeting.Kind.REGULAR,
        held_on=held,
        by=world.finance_office_secretary,
    )
    client = as_user(world.finance_office_secretary)
    response = client.post(
        reverse("meetings:start"),
        {"kind": "regular", "held_on": "20/10/2026", "starts_at": "14:00", "place": "Hội trường"},
    )
    assert response.status_code == 200
    [message] = response.context["form"].non_field_errors()
    assert response.content.decode().count(message) == 1


def test_a_card_taken_in_the_instant_after_the_form_was_checked_is_said_on_its_field(world):
    from django.core.exceptions import ValidationError

    from members.models import Member
    from members.services import register_member

    member = Member(
        full_name="Đặng Văn Khoa",
        gender="male",
        date_of_birth=datetime.date(1990, 4, 4),
        national_id=national_id_for("male", datetime.date(1990, 4, 4)),
        party_card_number=world.an.party_card_number,
        admitted_on=datetime.date(2015, 3, 1),
        organization=world.finance_office,
    )
    with pytest.raises(ValidationError) as refused:  # the form's check was passed by
        register_member(member)
    assert list(refused.value.message_dict) == ["party_card_number"]
    assert world.an.party_card_number not in str(refused.value)


def test_no_page_says_a_form_error_twice():
    """crispy shows a form's own errors above its fields: a template that also shows them
    says them twice."""
    import re
    from pathlib import Path

    from django.conf import settings

    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        for name in re.findall(r"{%\s*crispy\s+(\w+)", text):
            assert f"{name}.non_field_errors" not in text, template
