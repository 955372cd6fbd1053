"""Two-factor sign-in (TOTP): required of office staff and of anyone with admin access, open to
everyone else. Real sign-ins through the forms, password then code; the clock is moved with
time-machine where a code must come from a later 30-second step."""

import io
import time
from pathlib import Path

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybloc.accounts import two_factor

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:verify")
ENROL = reverse("accounts:enrol")


def code_for(device, at=None) -> str:
    """What the user's authenticator app shows (RFC 6238, through django-otp's TOTP)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(client, user, password="x"):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, "the password was refused"
    return response


def test_office_staff_give_a_code_after_the_password(world, client):
    device = device_for(world.office)
    sign_in(client, world.office)

    response = client.get(reverse("members:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fmembers%2F"
    page = client.get(VERIFY).content.decode()
    assert "Mã đăng nhập" in page and 'autocomplete="one-time-code"' in page

    response = client.post(VERIFY, {"code": code_for(device), "next": "/members/"})
    assert response.status_code == 302 and response["Location"] == "/members/"
    assert client.get(reverse("members:list")).status_code == 200


def test_a_wrong_code_is_refused_and_the_page_says_so(world, client):
    device_for(world.office)
    sign_in(client, world.office)
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_codes_after_wrong_ones_wait_longer_and_longer(world, client):
    device = device_for(world.office)
    sign_in(client, world.office)
    for _ in range(4):
        client.post(VERIFY, {"code": "000000"})
    # Even the right code waits out django-otp's throttle (1, 2, 4, 8 s after each failure).
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200 and "giây" in response.content.decode()
    with time_machine.travel(time.time() + 60):
        response = client.post(VERIFY, {"code": code_for(device)})
        assert response.status_code == 302


def test_a_code_is_accepted_once(world, client):
    device = device_for(world.office)
    sign_in(client, world.office)
    code = code_for(device)
    client.post(VERIFY, {"code": code})
    client.post(reverse("logout"))
    sign_in(client, world.office)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_office_staff_without_a_device_set_one_up_before_anything_else(world, client):
    sign_in(client, world.office)
    response = client.get(reverse("members:list"))
    assert response["Location"] == f"{ENROL}?next=%2Fmembers%2F"
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=world.office)
    assert not device.confirmed
    assert "<svg" in page and "Cài đặt đăng nhập hai bước" in page
    assert two_factor.secret_text(device) in page  # the key, for typing by hand
    client.get(ENROL)
    assert list(TOTPDevice.objects.filter(user=world.office)) == [device]  # a reload: same key

    response = client.post(ENROL, {"code": code_for(device), "next": "/members/"})
    assert response["Location"] == "/members/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("members:list")).status_code == 200


def test_a_wrong_code_does_not_confirm_the_device(world, client):
    sign_in(client, world.office)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "12 34 56"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=world.office, confirmed=True).exists()


def test_anyone_with_admin_access_needs_the_code(world, client):
    world.finance_staff.is_staff = True
    world.finance_staff.save()
    sign_in(client, world.finance_staff)
    assert client.get(reverse("home"))["Location"].startswith(ENROL)


def test_the_admin_site_asks_for_the_code_too(world, client):
    device_for(world.office)
    sign_in(client, world.office)
    assert client.get(reverse("admin:index"))["Location"].startswith(VERIFY)
    # Even past the middleware, the admin itself does not let an unverified session in.
    request = RequestFactory().get("/admin/")
    request.user = world.office
    world.office.otp_device = None
    assert not admin.site.has_permission(request)
    world.office.otp_device = two_factor.confirmed_device(world.office)
    assert admin.site.has_permission(request)


def test_other_users_sign_in_with_the_password_only(world, client):
    sign_in(client, world.finance_office_secretary)
    assert client.get(reverse("home")).status_code == 200


def test_any_user_may_turn_it_on_and_is_then_asked_for_the_code(world, client):
    user = world.finance_office_secretary
    sign_in(client, user)
    assert "Bật đăng nhập hai bước" in client.get(reverse("accounts:profile")).content.decode()
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    client.post(ENROL, {"code": code_for(device)})
    assert client.get(reverse("home")).status_code == 200  # this session proved it
    client.post(reverse("logout"))

    sign_in(client, user)
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)


def test_a_user_it_is_not_required_of_may_turn_it_off(world, client):
    device = device_for(world.finance_office_secretary)
    sign_in(client, world.finance_office_secretary)
    client.post(VERIFY, {"code": code_for(device)})
    response = client.post(reverse("accounts:remove_device"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.finance_office_secretary).exists()


def test_office_staff_may_not_turn_it_off(world, as_user):
    client = as_user(world.office)
    assert client.post(reverse("accounts:remove_device")).status_code == 403
    assert TOTPDevice.objects.filter(user=world.office, confirmed=True).exists()


def test_a_session_that_gave_no_code_cannot_replace_the_device(world, client):
    device = device_for(world.office)
    sign_in(client, world.office)
    response = client.get(ENROL)
    assert response["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=world.office)) == [device]


def test_a_verified_user_moves_to_another_phone(world, client):
    old = device_for(world.office)
    sign_in(client, world.office)
    client.post(VERIFY, {"code": code_for(old)})
    client.get(ENROL)
    new = TOTPDevice.objects.get(user=world.office, confirmed=False)
    with time_machine.travel(time.time() + 31):
        client.post(ENROL, {"code": code_for(new)})
    assert list(TOTPDevice.objects.filter(user=world.office)) == [new]


def test_with_the_requirement_off_office_staff_sign_in_with_the_password(world, client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    sign_in(client, world.office)
    assert client.get(reverse("home")).status_code == 200


def test_the_pages_between_password_and_code_let_the_user_log_out_or_switch_language(world, client):
    device_for(world.office)
    sign_in(client, world.office)
    client.post(reverse("set_language"), {"language": "en", "next": VERIFY})
    assert "Sign-in code" in client.get(VERIFY).content.decode()
    client.post(reverse("logout"))
    assert SESSION_KEY not in client.session


def test_an_htmx_request_before_the_code_is_sent_to_the_code_page(world, client):
    device_for(world.office)
    sign_in(client, world.office)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == VERIFY


def test_the_code_command_prints_codes_of_demo_devices_only(world):
    device = two_factor.give_demo_device(world.office)
    out = io.StringIO()
    call_command("totp_code", "vanphong", stdout=out)
    assert out.getvalue().strip() == code_for(device)

    device_for(world.leader)
    for username in ("lanhdao", "nguoingoai", "no-such-user"):
        with pytest.raises(CommandError):
            call_command("totp_code", username)


def test_the_demo_device_holds_the_documented_key(world):
    device = two_factor.give_demo_device(world.office)
    assert two_factor.secret_text(device).replace(" ", "") == two_factor.DEMO_SECRET
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert two_factor.DEMO_SECRET in readme


def test_the_demo_logins_printout_says_how_to_get_the_code(world):
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "totp_code" not in out.getvalue()  # no demo device, no hint and no key
    two_factor.give_demo_device(world.office)
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "manage.py totp_code vanphong" in out.getvalue()
    assert two_factor.DEMO_SECRET in out.getvalue()
