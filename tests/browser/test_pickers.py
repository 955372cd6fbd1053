"""A picker that searches, on a phone: the office types part of a cell's name, the select
offers what matches, and the member moves there."""

import pytest

from members.models import Member
from organizations.models import Organization
from tests.browser.conftest import log_in
from tests.test_pickers import _grow_the_bloc

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_finds_the_destination_cell_by_typing_on_a_phone(world, phone_page):
    _grow_the_bloc(world)
    page = phone_page
    world.office.set_password("x")
    world.office.save()
    log_in(page, "vanphong")
    page.goto(f"/members/{world.an.pk}/transfer/")
    label = "Chi bộ Phòng thêm 39 — Đảng bộ Sở thêm 39"
    assert page.locator(f"#id_to option:text-is('{label}')").count() == 0
    page.locator("#id_to__search").press_sequentially("them 39")
    page.locator(f"#id_to option:text-is('{label}')").wait_for(state="attached")
    assert page.locator("#id_to option").count() <= 3  # the empty one, the cell, nothing else
    page.select_option("#id_to", label=label)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#id_effective_on", "2026-06-01")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/members/{world.an.pk}/")
    moved = Member.objects.get(pk=world.an.pk).organization
    assert moved == Organization.objects.get(name="Chi bộ Phòng thêm 39")
