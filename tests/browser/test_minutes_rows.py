"""The roll and the tasks as rows in the browser: a task row added on the phone, an error
named on its row by the autosave while the rest is saved, and the rows the browser kept
offline coming back."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_task_rows_are_added_saved_named_when_wrong_and_kept_offline(world, phone_as):
    meeting = services.record_meeting(
        organization=world.finance_office,
        kind=Meeting.Kind.REGULAR,
        held_on=timezone.localdate(),
        by=world.finance_office_secretary,
    )
    page = phone_as(world.finance_office_secretary)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.locator("#add-task").click()  # two empty rows come with the page; this is the third
    page.fill("#id_tasks-2-description", "Kiểm tra chéo sổ đảng phí")
    page.select_option("#id_tasks-2-assignee", label="Trần Thị Đào")
    page.select_option("#id_tasks-0-assignee", label="Nguyễn Văn An")  # no task said yet
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Nhiệm vụ 1", timeout=10_000)
    expect(page.locator("#tasks-0-errors")).not_to_be_empty()
    task = meeting.tasks.get()  # the valid row was saved all the same
    assert (task.description, task.assignee) == ("Kiểm tra chéo sổ đảng phí", world.dao)

    # The page is closed before the row is corrected: the browser kept it, with the added row.
    page.reload()
    page.get_by_role("button", name="Khôi phục").click()
    expect(page.locator("#id_tasks-2-description")).to_have_value("Kiểm tra chéo sổ đảng phí")
    expect(page.locator("#id_tasks-0-assignee")).to_have_value(str(world.an.pk))
    page.fill("#id_tasks-0-description", "Thu đảng phí quý IV")
    expect(status).to_contain_text("Đã lưu", timeout=10_000)
    expect(page.locator("#tasks-0-errors")).to_be_empty()
    assert list(meeting.tasks.order_by("pk").values_list("description", flat=True)) == [
        "Thu đảng phí quý IV",
        "Kiểm tra chéo sổ đảng phí",
    ]
