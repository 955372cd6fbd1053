"""Issue 10's meeting items as a cell secretary meets them on a 360 px phone: recording a
thematic meeting from the meetings page, a refused save that says so, and the save status in
sight at the bottom of a long form."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import Meeting, RefusedDraft
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cell_secretary_records_a_thematic_meeting_from_the_meetings_page(world, phone_as):
    page = phone_as(world.finance_office_secretary)
    page.goto("/meetings/")
    page.get_by_role("link", name="Thêm buổi sinh hoạt").click()
    page.select_option("#id_kind", "thematic")
    day = timezone.localdate().replace(day=1)  # early this month: in the past, never too late
    page.fill("#id_held_on", day.isoformat())
    page.fill("#id_place", "Phòng họp Sở")
    page.get_by_role("button", name="Tiếp tục").click()
    meeting = Meeting.objects.get(organization=world.finance_office)
    expect(page).to_have_url(f"/meetings/{meeting.pk}/edit/")
    assert (meeting.kind, meeting.held_on, meeting.place) == ("thematic", day, "Phòng họp Sở")
    expect(page.locator("#id_topic")).to_be_visible()


def test_a_refused_save_shows_its_message_and_keeps_the_text(world, phone_as):
    meeting = services.record_meeting(
        organization=world.finance_office,
        kind=Meeting.Kind.REGULAR,
        held_on=timezone.localdate(),
        by=world.finance_office_secretary,
    )
    page = phone_as(world.finance_office_secretary)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    # The committee's staff save the same minutes after the page was opened.
    services.save_draft(
        meeting,
        fields={"news": "Tin của đảng ủy"},
        attendance={},
        tasks=None,
        revision=meeting.revision,
        by=world.finance_staff,
    )
    page.fill("#id_discussion", "Ý kiến của chi bộ")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Chưa lưu: đồng chí", timeout=10_000)
    expect(status).to_contain_text("Nội dung giữ lại từ các lần lưu không thành công")
    expect(status.get_by_role("link", name="Mở nội dung được giữ lại")).to_be_visible()
    # Nothing more is sent, so the message stays and no copy piles up behind it.
    page.fill("#id_conclusion", "Kết luận")
    page.wait_for_timeout(4_500)
    expect(status).to_contain_text("Chưa lưu: đồng chí")
    assert RefusedDraft.objects.count() == 1
    assert RefusedDraft.objects.get().data["fields"]["discussion"] == "Ý kiến của chi bộ"
    # "Lưu nháp" with the same stale page: refused too, and the page says so with both texts.
    page.get_by_role("button", name="Lưu nháp").click()
    conflict = page.locator("#conflict")
    expect(conflict).to_contain_text("Người khác đã lưu biên bản này sau khi đồng chí mở trang")
    expect(conflict).to_contain_text("Kết luận")
    expect(page.locator("#id_news")).to_have_value("Tin của đảng ủy")
    meeting.refresh_from_db()
    assert meeting.discussion == "" and meeting.news == "Tin của đảng ủy"


def test_the_save_status_stays_in_sight_at_the_bottom_of_a_long_form(world, phone_as, tmp_path):
    for number in range(1, 23):
        make_member(world.finance_office, f"Đảng Viên Số {number:02d}")
    meeting = services.record_meeting(
        organization=world.finance_office,
        kind=Meeting.Kind.THEMATIC,
        held_on=timezone.localdate(),
        by=world.finance_office_secretary,
    )
    page = phone_as(world.finance_office_secretary)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    assert page.evaluate("document.documentElement.scrollHeight") > 3000
    status = page.locator("#autosave-status")
    for field in ("#id_news", "#id_discussion", "#id_resolution"):
        page.locator(field).scroll_into_view_if_needed()
        page.fill(field, "Nội dung")
        expect(status).to_contain_text("Đã lưu lúc", timeout=10_000)
        box = status.bounding_box()
        assert box["y"] > 740 - 120 and box["y"] + box["height"] <= 740, (field, box)
        assert page.locator(field).bounding_box()["y"] + 40 < box["y"]  # not hiding the field
    page.screenshot(path=tmp_path / "minutes-360.png")
    buttons = page.get_by_role("button", name="Lưu nháp")
    assert buttons.bounding_box()["y"] + buttons.bounding_box()["height"] <= 740
