"""The meeting pages as a user meets them: recording any kind of meeting from the meetings page,
a refused save that says so (why, and where the text went), the kept text in the user's words,
and the review queue in the order the minutes were submitted."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, RefusedDraft
from organizations.models import RoleAssignment
from tests.test_meetings import DAY, fill, record, roll_marks, task_rows

pytestmark = pytest.mark.django_db


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name}"
    return match[1]


# Recording from the meetings page ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "held_on"),
    [("thematic", "20/10/2026"), ("extraordinary", "21/10/2026"), ("regular", "08/09/2026")],
)
def test_a_cell_secretary_records_any_kind_from_the_meetings_page(world, as_user, kind, held_on):
    client = as_user(world.finance_office_secretary)
    listing = client.get(reverse("meetings:list")).content.decode()
    start = reverse("meetings:start")
    assert f'href="{start}"' in listing  # "Thêm buổi sinh hoạt", with no ?organization=
    page = client.get(start).content.decode()
    # The one cell the secretary records for is on the page, in the hidden field it posts.
    organization = hidden_value(page, "organization")
    assert organization == str(world.finance_office.pk)
    response = client.post(
        start,
        {"organization": organization, "kind": kind, "held_on": held_on, "place": "Hội trường"},
    )
    meeting = Meeting.objects.get(organization=world.finance_office)
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:edit", args=[meeting.pk])
    assert (meeting.kind, meeting.held_on.strftime("%d/%m/%Y")) == (kind, held_on)


def test_the_one_cell_of_a_secretary_is_decided_by_the_server_not_the_post(world, as_user):
    client = as_user(world.finance_office_secretary)
    for organization in ("", str(world.finance_budget.pk), "\x00"):
        response = client.post(
            reverse("meetings:start"),
            {"organization": organization, "kind": "thematic", "held_on": "20/10/2026"},
        )
        assert response.status_code == 302
        meeting = Meeting.objects.get()
        assert meeting.organization == world.finance_office
        meeting.delete()


def test_the_errors_of_hidden_fields_are_shown_once_on_the_page(world, as_user):
    committee_staff = as_user(world.finance_staff)  # records for one committee
    response = committee_staff.post(
        reverse("meetings:start"), {"kind": "committee_conference", "held_on": "99/99/2026"}
    )
    html = response.content.decode()
    [error] = response.context["form"].errors["held_on"]
    assert html.count(error) == 1
    meeting = record(world)
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:edit", args=[meeting.pk]), {"revision": "", "held_on": "08/10/2026"}
    )
    [error] = response.context["form"].errors["revision"]  # a hidden field
    assert response.content.decode().count(error) == 1


def test_a_secretary_of_two_cells_chooses_one_and_never_one_out_of_reach(world, as_user):
    RoleAssignment.objects.create(
        user=world.finance_office_secretary,
        organization=world.finance_budget,
        role=RoleAssignment.Role.CELL_SECRETARY,
    )
    client = as_user(world.finance_office_secretary)
    url = reverse("meetings:start")
    page = client.get(url, {"organization": world.finance_budget.pk}).content.decode()
    assert f'<option value="{world.finance_budget.pk}" selected>' in page
    response = client.post(
        url, {"organization": world.health_office.pk, "kind": "regular", "held_on": DAY}
    )
    [error] = response.context["form"].errors["organization"]
    assert response.content.decode().count(error) == 1 and not Meeting.objects.exists()
    client.post(url, {"organization": world.finance_budget.pk, "kind": "regular", "held_on": DAY})
    assert Meeting.objects.get().organization == world.finance_budget


def test_a_meeting_before_the_cell_was_founded_is_refused_on_the_date(world, as_user):
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:start"),
        {"organization": world.finance_office.pk, "kind": "regular", "held_on": "01/01/1999"},
    )
    assert "01/01/2000" in " ".join(response.context["form"].errors["held_on"])
    assert not Meeting.objects.exists()


# A refused save says so ---------------------------------------------------------------------


def saved_by_someone_else(world, meeting):
    """Another editor saves after the page was opened; returns the revision the page holds."""
    opened_at = meeting.revision
    services.save_draft(
        meeting,
        fields={"discussion": "Bản đã lưu trước"},
        attendance={},
        tasks=[],
        revision=opened_at,
        by=world.finance_staff,
    )
    return opened_at


@pytest.mark.parametrize("button", ["save", "submit"])
def test_a_refused_full_save_keeps_its_explanation_and_the_text_on_the_page(world, as_user, button):
    meeting = record(world)
    opened_at = saved_by_someone_else(world, meeting)
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "revision": opened_at,
            "held_on": "08/10/2026",
            "chair": world.an.pk,
            "clerk": world.dao.pk,
            "discussion": "Bản của tôi",
            "resolution": "Nghị quyết",
            button: "1",
        },
    )
    html = response.content.decode()
    refused = RefusedDraft.objects.get()
    assert response.status_code == 200
    assert "Người khác đã lưu biên bản này sau khi đồng chí mở trang" in html
    assert f'href="{reverse("meetings:detail", args=[meeting.pk])}#refused-{refused.pk}"' in html
    assert "Bản của tôi" in html and "Bản đã lưu trước" in html
    assert "Chưa lưu: nội dung của đồng chí được giữ lại ở đầu trang." in html  # the bottom bar
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.DRAFT and meeting.discussion == "Bản đã lưu trước"


def test_a_refused_autosave_says_what_was_not_saved_why_and_where_it_is_kept(world, as_user):
    world.finance_staff.last_name, world.finance_staff.first_name = "Phan Đức", "Hải"
    world.finance_staff.save()
    meeting = record(world)
    opened_at = saved_by_someone_else(world, meeting)
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:autosave", args=[meeting.pk]),
        {"revision": opened_at, "held_on": "08/10/2026", "discussion": "Bản của tôi"},
    )
    body = response.content.decode()
    refused = RefusedDraft.objects.get()
    assert response.status_code == 409
    assert "Chưa lưu: đồng chí Phan Đức Hải đã lưu biên bản này lúc" in body  # what, and why
    assert "Nội dung giữ lại từ các lần lưu không thành công" in body  # where
    assert f'href="{reverse("meetings:detail", args=[meeting.pk])}#refused-{refused.pk}"' in body
    assert "data-stop-saving" in body  # the page stops saving until it is reloaded
    assert 'name="revision"' not in body  # the stale page is not told it is current
    assert refused.data["fields"]["discussion"] == "Bản của tôi"


def test_a_refused_autosave_says_when_the_user_saved_from_another_page(world, as_user):
    meeting = record(world)
    opened_at = meeting.revision
    fill(meeting, world)  # the same secretary, on a second phone
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:autosave", args=[meeting.pk]),
        {"revision": opened_at, "held_on": "08/10/2026", "discussion": "Bản trên máy tính"},
    )
    assert response.status_code == 409
    assert "Chưa lưu: chính đồng chí đã lưu biên bản này lúc" in response.content.decode()


def test_an_autosave_with_a_field_to_correct_names_it_and_saves_the_rest(world, as_user):
    meeting = record(world)
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:autosave", args=[meeting.pk]),
        {"revision": meeting.revision, "held_on": "31/02/2026", "news": "Tin tức tháng 10"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Đã lưu lúc" in body and "Ngày: Nhập một ngày hợp lệ." in body
    meeting.refresh_from_db()
    assert meeting.news == "Tin tức tháng 10" and meeting.held_on == DAY


def test_an_autosave_of_submitted_minutes_says_they_are_locked(world, as_user):
    meeting = fill(record(world), world)
    revision = meeting.revision
    services.submit_minutes(meeting, by=world.finance_office_secretary)
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:autosave", args=[meeting.pk]),
        {"revision": revision, "held_on": "08/10/2026", "news": "Muộn"},
    )
    assert response.status_code == 409
    assert "biên bản đã được nộp và đã khóa" in response.content.decode()


def test_a_page_sent_without_its_revision_says_so(world, as_user):
    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    edit = client.post(
        reverse("meetings:edit", args=[meeting.pk]), {"held_on": "08/10/2026", "news": "Tin"}
    )
    assert "Trang gửi lên không đầy đủ" in edit.content.decode()
    assert "Tin" in edit.content.decode()
    autosave = client.post(
        reverse("meetings:autosave", args=[meeting.pk]), {"held_on": "08/10/2026", "news": "Tin"}
    )
    assert autosave.status_code == 422
    assert "Trang gửi lên không đầy đủ" in autosave.content.decode()
    meeting.refresh_from_db()
    assert meeting.news == ""


def test_a_null_character_is_refused_with_a_message_in_vietnamese(world, as_user):
    meeting = record(world)
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "revision": meeting.revision,
            "held_on": "08/10/2026",
            "discussion": "Thảo\x00luận",
            **roll_marks(**{str(world.dao.pk): ("absent_excused", "Ốm\x00")}),
            **task_rows({"description": "Nộp\x00báo cáo"}),
        },
    )
    html = response.content.decode()
    assert html.count("Nội dung có ký tự không lưu được (hiển thị là �)") == 6  # 3 + summary
    meeting.refresh_from_db()
    assert meeting.discussion == "" and not meeting.tasks.exists()


# The kept text --------------------------------------------------------------------------------


def test_the_kept_text_reads_with_the_fields_labels_and_dd_mm_yyyy_dates(world, as_user):
    meeting = record(world)
    saved_by_someone_else(world, meeting)
    with pytest.raises(services.DraftConflict):
        services.save_draft(
            meeting,
            fields={
                "held_on": datetime.date(2026, 10, 9),
                "starts_at": datetime.time(14, 30),
                "chair": world.an,
                "dues_collected": True,
                "discussion": "Bản của tôi",
                "votes_for": 2,
            },
            attendance={world.dao.pk: ("absent_excused", "Ốm")},
            tasks=[
                {"description": "Thu đảng phí", "assignee": world.dao, "due_on": DAY},
            ],
            revision=1,
            by=world.finance_office_secretary,
        )
    html = (
        as_user(world.finance_office_secretary)
        .get(reverse("meetings:detail", args=[meeting.pk]))
        .content.decode()
    )
    kept = html[html.index("Nội dung giữ lại từ các lần lưu không thành công") :]
    for shown in ("Ngày", "09/10/2026", "14:30", "Chủ trì", "Nguyễn Văn An", "Thảo luận",
                  "Bản của tôi", "Đã thu đảng phí", "Trần Thị Đào", "vắng có lý do — Ốm",
                  "Thu đảng phí — Trần Thị Đào — hạn 08/10/2026"):  # fmt: skip
        assert shown in kept, shown
    for code in ("held_on", "discussion", "2026-10-09", "14:30:00", "True", "absent_excused"):
        assert code not in kept, code


# The review queue ---------------------------------------------------------------------------


def test_the_review_queue_lists_the_longest_waiting_first_by_submission(world, as_user):
    first = fill(record(world), world)
    services.submit_minutes(first, by=world.finance_office_secretary)
    second = fill(record(world, kind=Meeting.Kind.THEMATIC, topic="Chỉ thị 05"), world)
    services.submit_minutes(second, by=world.finance_office_secretary)
    # The first minutes changed since (a scan attached, a correction of the row): their place
    # in the queue is still the time they were submitted.
    Meeting.objects.filter(pk=first.pk).update(
        updated_at=timezone.now() + datetime.timedelta(hours=1)
    )
    response = as_user(world.finance_staff).get(reverse("meetings:queue"))
    assert [m.pk for m in response.context["page"]] == [first.pk, second.pk]
    html = response.content.decode()
    assert "theo thứ tự nộp: biên bản chờ lâu nhất ở trên cùng" in html
    submitted_at = timezone.localtime(first.versions.get().submitted_at)
    assert f"Nộp lúc {submitted_at:%d/%m/%Y %H:%M}" in html
