"""The roll's dues column on a phone: a secretary records a member's dues while taking the
roll, the autosave records them, and nothing on the page is wider than the phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import Meeting
from members.dues.models import Category, DuesPayment
from members.dues.services import set_income_basis

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_secretary_records_dues_while_taking_the_roll_on_a_phone(world, phone_as):
    today = timezone.localdate()
    for member in (world.an, world.dao):
        set_income_basis(
            member,
            category=Category.SALARIED,
            monthly_income=7_000_000,
            effective_from=today.replace(day=1),
            by=None,
        )
    meeting = services.record_meeting(
        organization=world.finance_office,
        kind=Meeting.Kind.REGULAR,
        held_on=today,
        by=world.finance_office_secretary,
    )
    page = phone_as(world.finance_office_secretary)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    dues = page.locator(f"#id_roll-{world.an.pk}-dues")
    dues.scroll_into_view_if_needed()
    expect(dues).to_be_visible()
    box = dues.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    expect(page.locator(f"#id_roll-{world.an.pk}-dues-owed")).to_contain_text("70.000")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    dues.fill("70000")
    expect(page.locator("#autosave-status")).to_contain_text("Đã lưu", timeout=10_000)
    payment = DuesPayment.objects.get()
    assert (payment.member, payment.amount, payment.month, payment.meeting) == (
        world.an,
        70_000,
        today.replace(day=1),
        meeting,
    )
    assert payment.paid_on == today

    # The cell's book shows it, on the same phone.
    page.goto(f"/dues/cells/{world.finance_office.pk}/?year={today.year}")
    expect(page.locator("table.dues-book")).to_contain_text("70.000")
