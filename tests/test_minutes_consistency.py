"""Minutes that do not contradict themselves: no more votes than members present, a chair and
a clerk who were there, no task due before the meeting. The page says so on the field, the
autosave keeps the rest, and submitting refuses minutes that would print a contradiction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import Meeting
from members.models import Status
from members.services import change_status
from tests.conftest import make_member
from tests.test_meetings import DAY, fill, record, roll_marks, task_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(world):
    """Three members in the finance office: An, Đào and Cường."""
    world.cuong = make_member(world.finance_office, "Hoàng Văn Cường")
    return world


def page(world, meeting, **fields):
    """The whole edit page: An chairs, Đào clerks, Cường away, two votes for."""
    return {
        "revision": meeting.revision,
        "held_on": "08/10/2026",
        "chair": world.an.pk,
        "clerk": world.dao.pk,
        "resolution": "Nghị quyết tháng 10",
        "votes_for": "2",
        "votes_against": "0",
        "votes_abstain": "0",
        **roll_marks(
            **{
                str(world.an.pk): ("present", ""),
                str(world.dao.pk): ("present", ""),
                str(world.cuong.pk): ("absent_excused", "Ốm"),
            }
        ),
        **task_rows({"description": "Nộp báo cáo quý", "due_on": "31/10/2026"}),
        **fields,
    }


def post(client, meeting, data, *, autosave=False):
    name = "meetings:autosave" if autosave else "meetings:edit"
    return client.post(reverse(name, args=[meeting.pk]), data)


def test_consistent_minutes_are_saved_and_submitted(cell, as_user):
    meeting = record(cell)
    client = as_user(cell.finance_office_secretary)
    response = post(client, meeting, {**page(cell, meeting), "submit": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.SUBMITTED


def test_more_votes_than_members_present_are_refused_on_the_votes(cell, as_user):
    meeting = record(cell)
    client = as_user(cell.finance_office_secretary)
    response = post(client, meeting, page(cell, meeting, votes_for="2", votes_abstain="1"))
    errors = response.context["form"].errors
    assert list(errors) == ["votes_for"]
    assert errors["votes_for"] == [
        "Số tán thành, không tán thành và không biểu quyết cộng lại là 3, nhiều hơn số đảng viên "
        "có mặt (2)."
    ]
    html = response.content.decode()
    assert 'value="1"' in html  # what was typed stays
    assert "Chưa lưu: đồng chí sửa những chỗ được liệt kê ở đầu trang." in html  # the bottom bar
    meeting.refresh_from_db()
    assert meeting.votes_for is None and meeting.resolution == ""  # the page asks first


def test_the_chair_and_the_clerk_must_be_present(cell, as_user):
    meeting = record(cell)
    client = as_user(cell.finance_office_secretary)
    data = page(cell, meeting, chair=cell.cuong.pk, votes_for="2")
    data.update(roll_marks(**{str(cell.dao.pk): ("absent_unexcused", "")}))
    data["votes_for"] = "1"
    response = post(client, meeting, data)
    errors = response.context["form"].errors
    assert errors["chair"] == [
        "Đồng chí Hoàng Văn Cường được ghi vắng mặt trong điểm danh: người chủ trì phải có mặt."
    ]
    assert errors["clerk"] == [
        "Đồng chí Trần Thị Đào được ghi vắng mặt trong điểm danh: thư ký phải có mặt."
    ]


def test_a_member_exempt_from_meetings_cannot_chair(cell, as_user):
    change_status(cell.cuong, to=Status.EXEMPT, on=datetime.date(2026, 1, 1), reason="Tuổi cao")
    meeting = record(cell)
    client = as_user(cell.finance_office_secretary)
    form = client.get(reverse("meetings:edit", args=[meeting.pk])).context["form"]
    assert cell.cuong not in form.fields["chair"].queryset
    response = post(client, meeting, page(cell, meeting, chair=cell.cuong.pk))
    assert response.context["form"].errors["chair"] == [
        "Chọn một đảng viên có tên trong danh sách điểm danh của buổi sinh hoạt này."
    ]


def test_a_task_due_before_the_meeting_is_refused_on_its_row(cell, as_user):
    meeting = record(cell)
    client = as_user(cell.finance_office_secretary)
    data = page(cell, meeting)
    data.update(
        task_rows(
            {"description": "Nộp báo cáo quý", "due_on": "31/10/2026"},
            {"description": "Thu đảng phí", "due_on": "30/09/2026"},
        )
    )
    response = post(client, meeting, data)
    rows = response.context["tasks"].forms
    assert rows[0].errors == {}
    assert rows[1].errors["due_on"] == [
        "Thời hạn của nhiệm vụ này trước ngày sinh hoạt (08/10/2026)."
    ]
    assert "Nhiệm vụ 2: Thời hạn của nhiệm vụ này" in response.content.decode()


def test_the_autosave_keeps_the_rest_while_the_chair_is_marked_absent(cell, as_user):
    meeting = record(cell)
    client = as_user(cell.finance_office_secretary)
    data = page(cell, meeting, chair=cell.cuong.pk, news="Tin tức tháng 10")
    response = post(client, meeting, data, autosave=True)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Chủ trì: Đồng chí Hoàng Văn Cường được ghi vắng mặt" in body
    meeting.refresh_from_db()
    assert meeting.news == "Tin tức tháng 10" and meeting.clerk == cell.dao
    assert meeting.chair is None  # not saved until it agrees with the roll


def test_a_date_changed_on_the_page_refreshes_the_roll(cell, as_user):
    newcomer_day = datetime.date(2026, 10, 15)
    late = make_member(cell.finance_office, "Lâm Văn Tư", admitted=newcomer_day, official=None)
    meeting = record(cell)
    assert not meeting.attendance.filter(member=late).exists()
    client = as_user(cell.finance_office_secretary)
    data = {"revision": meeting.revision, "held_on": "20/10/2026"}
    assert post(client, meeting, data).status_code == 302
    assert meeting.attendance.filter(member=late).exists()


def test_submitting_refuses_minutes_that_contradict_themselves(cell, as_user):
    meeting = fill(record(cell), cell, votes_for=3, votes_against=1)
    services.save_draft(
        meeting,
        fields={},
        attendance={cell.an.pk: ("absent_excused", "Đi công tác")},
        tasks=[{"description": "Thu đảng phí", "assignee": None, "due_on": DAY.replace(day=1)}],
        revision=meeting.revision,
        by=cell.finance_office_secretary,
    )
    with pytest.raises(ValidationError) as refused:
        services.submit_minutes(meeting, by=cell.finance_office_secretary)
    message = " ".join(refused.value.messages)
    assert message.startswith("Biên bản có chỗ mâu thuẫn, cần sửa trước khi nộp:")
    for part in ("Chủ trì: Đồng chí Nguyễn Văn An được ghi vắng mặt",
                 "Số tán thành: Số tán thành, không tán thành và không biểu quyết cộng lại là 4",
                 "Nhiệm vụ 1: Thời hạn của nhiệm vụ này trước ngày sinh hoạt"):  # fmt: skip
        assert part in message, part
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.DRAFT and not meeting.versions.exists()
    client = as_user(cell.finance_office_secretary)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Trước khi nộp, cần sửa những chỗ mâu thuẫn trong biên bản" in detail
    assert reverse("meetings:submit", args=[meeting.pk]) not in detail
    # The submit button of the page it came from says the same.
    response = client.post(reverse("meetings:submit", args=[meeting.pk]), follow=True)
    assert "Biên bản có chỗ mâu thuẫn" in response.content.decode()
