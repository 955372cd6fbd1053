"""Signing in on a phone: office staff give the code from their authenticator app after the
password; wrong passwords lock the account and the page says what to do."""

import pytest

from tests.browser.conftest import code_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_staff_sign_in_with_password_then_code_on_a_phone(world, phone_page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.office, name="phone", confirmed=True)
    page = phone_page
    page.goto("/members/")
    page.fill("#id_username", "vanphong")
    page.fill("#id_password", "x")
    page.click("main button[type=submit]")

    page.wait_for_url("**/account/verify/**")
    assert page.locator("h1").inner_text() == "Mã đăng nhập"
    code = page.locator("#id_code")
    assert code.get_attribute("inputmode") == "numeric"
    assert code.bounding_box()["width"] <= 360  # fits the phone's width
    code.fill(code_of(device))
    page.get_by_role("button", name="Tiếp tục").click()

    page.wait_for_url("**/members/")
    assert "Nguyễn Văn An" in page.locator("main").inner_text()


def test_a_locked_account_is_told_so_on_the_login_page(world, phone_page, settings):
    page = phone_page
    page.goto("/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        page.fill("#id_username", "lanhdao")
        page.fill("#id_password", "doan-mo")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    notice = page.locator("#locked-out")
    assert "Tài khoản tạm thời bị khóa" in notice.inner_text()
    assert "Văn phòng Đảng ủy Khối" in notice.inner_text()
    assert notice.bounding_box()["width"] <= 360
