"""Issue 3's journey, as its users meet it on a phone: a cell secretary records and submits
this month's minutes, the committee returns them, the secretary corrects and resubmits, the
committee accepts, and the bloc's compliance grid shows the month as held."""

import pytest
from django.utils import timezone

from meetings.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_minutes_from_recording_to_acceptance(world, phone_as):
    secretary = phone_as(world.finance_office_secretary)
    secretary.locator('a[href^="/meetings/new/"]').first.click()  # "record this month's meeting"
    secretary.get_by_role("button").last.click()  # the date and the cell are prefilled
    secretary.select_option("#id_chair", label="Nguyễn Văn An")
    secretary.select_option("#id_clerk", label="Nguyễn Văn An")  # Đào is away
    secretary.locator(f'label[for="p{world.dao.pk}-absent_excused"]').click()
    secretary.fill(f"#id_roll-{world.dao.pk}-reason", "Đi công tác")
    secretary.fill("#id_resolution", "Thống nhất nhiệm vụ tháng tới.")
    secretary.locator('button[name="submit"]').click()

    meeting = Meeting.objects.get(organization=world.finance_office)
    assert meeting.state == Meeting.State.SUBMITTED
    assert meeting.period == timezone.localdate().replace(day=1)
    assert meeting.attendance.get(member=world.dao).reason == "Đi công tác"
    assert meeting.versions.get().fingerprint in secretary.locator("main").inner_text()

    committee = phone_as(world.finance_staff)
    committee.goto("/meetings/review/")
    committee.locator(f"#return-{meeting.pk}").check()
    committee.fill('textarea[name="comment"]', "Ghi rõ ý kiến thảo luận của đảng viên.")
    committee.locator("main form button[type=submit]").first.click()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.RETURNED

    secretary.goto(f"/meetings/{meeting.pk}/")
    assert "Ghi rõ ý kiến thảo luận của đảng viên." in secretary.locator("main").inner_text()
    secretary.locator(f'a[href="/meetings/{meeting.pk}/edit/"]').click()
    secretary.fill("#id_discussion", "Đồng chí An đề nghị tăng cường kiểm tra chéo.")
    secretary.locator('button[name="submit"]').click()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.SUBMITTED and meeting.versions.count() == 2

    committee.goto(f"/meetings/{meeting.pk}/")
    committee.locator(f"#accept-{meeting.pk}").check()
    committee.locator("main form button[type=submit]").first.click()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.ACCEPTED

    bloc = phone_as(world.office)
    bloc.goto("/meetings/compliance/")
    held = bloc.locator(f'a[href="/meetings/{meeting.pk}/"]')
    assert held.count() == 1 and held.inner_text().strip() == "✓"

    for outsider in (world.inspectorate_secretary, world.outsider, world.inspector):
        page = phone_as(outsider)
        assert page.goto(f"/meetings/{meeting.pk}/").status == 404
