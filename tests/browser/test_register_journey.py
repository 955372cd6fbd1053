"""The register as a new user meets it, in a phone-sized browser."""

import pytest

from members.models import Member
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_finds_a_member_unaccented_and_transfers_them(world, phone_page):
    page = phone_page
    world.office.set_password("x")
    world.office.save()
    log_in(page, "vanphong")
    assert page.locator("h1").inner_text().startswith("Xin chào")

    page.goto("/members/?q=nguyen+van+an")
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_role("link", name="Chuyển sinh hoạt").click()
    page.select_option("#id_to", label="Chi bộ Thanh tra tỉnh — Đảng bộ Khối các cơ quan tỉnh")
    page.fill("#id_effective_on", "2026-06-01")
    page.get_by_role("button", name="Lưu").click()

    assert "Chi bộ Thanh tra tỉnh" in page.locator("main").inner_text()
    assert "01/06/2026" in page.locator("main").inner_text()
    assert Member.objects.get(pk=world.an.pk).organization == world.inspectorate


def test_a_cell_secretary_cannot_open_another_cells_member_by_editing_the_url(world, phone_page):
    page = phone_page
    world.finance_office_secretary.set_password("x")
    world.finance_office_secretary.save()
    log_in(page, "bithu_vanphong")
    own = page.goto(f"/members/{world.an.pk}/")
    assert own.status == 200
    other = page.goto(f"/members/{world.anh.pk}/")
    assert other.status == 404
    assert "Võ Thị Ánh" not in page.content()


def test_the_restructure_form_shows_only_the_fields_of_the_chosen_action(
    world, browser, live_server
):
    world.office.set_password("x")
    world.office.save()
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=live_server.url
    )
    page = context.new_page()
    log_in(page, "vanphong")
    page.goto(f"/organizations/{world.health.pk}/restructure/")
    fields = {"merge": "#id_into", "split": "#id_new_names", "dissolve": "#id_members_to"}
    assert not any(page.locator(selector).is_visible() for selector in fields.values())
    for action, selector in fields.items():
        page.check(f'input[name="action"][value="{action}"]')
        assert page.locator(selector).is_visible()
        others = [s for a, s in fields.items() if a != action]
        assert not any(page.locator(other).is_visible() for other in others)
    context.close()
