"""The inspector's home as they meet it: their assignments with what each waits for, a menu
that leads only to pages that open, and an assignment that opens its inspection."""

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_inspector_sees_their_assignments_and_only_menus_that_open(world, iw, phone_page):
    page = phone_page
    world.inspector.set_password("x")
    world.inspector.save()
    log_in(page, "kiemtra")
    assignments = page.locator("#assignments")
    text = assignments.inner_text()
    assert "Nhiệm vụ kiểm tra, giám sát của đồng chí" in text
    assert "Đảng bộ Sở Tài chính" in text and "Cần ghi kết quả kiểm tra, rồi chốt kết quả" in text
    assert "Đảng bộ Sở Y tế" not in text  # team two's
    # Every link of the menu opens (no 403, no 404), and none leads to the register.
    page.locator(".navbar-toggler").click()
    links = page.locator("#nav a.nav-link").evaluate_all("links => links.map(a => a.href)")
    assert not any("/members/" in link or "/organizations/" in link for link in links)
    for link in links:
        assert page.goto(link).status == 200, link
    page.goto("/")
    page.locator("#assignments a", has_text="Đảng bộ Sở Tài chính").click()
    assert page.locator("h1").inner_text() == "Đảng bộ Sở Tài chính"
    assert page.get_by_role("link", name="Ghi nội dung đánh giá").is_visible()
