"""Passwords: every user changes their own; the bloc office sets a temporary one (no email
needed) for a user in its scope, which the user must replace at the next sign-in; with email
configured, Django's reset by email is offered too."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations.models import Organization, RoleAssignment
from partybloc.accounts.models import TemporaryPassword
from tests.conftest import make_org

pytestmark = pytest.mark.django_db

CHANGE = reverse("password_change")
USERS = reverse("accounts:users")
NEW = "Sao-vang-2026!"


def reset_url(user):
    return reverse("accounts:reset_password", args=[user.pk])


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_every_user_changes_their_own_password(world, as_user):
    client = as_user(world.finance_office_secretary)
    page = client.get(CHANGE).content.decode()
    assert "Đổi mật khẩu" in page and "Mật khẩu cũ" in page
    response = client.post(
        CHANGE, {"old_password": "x", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    world.finance_office_secretary.refresh_from_db()
    assert world.finance_office_secretary.check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # still signed in


def test_a_wrong_current_password_shows_the_form_again_in_vietnamese(world, as_user):
    client = as_user(world.leader)
    response = client.post(
        CHANGE, {"old_password": "sai", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
    world.leader.refresh_from_db()
    assert world.leader.check_password("x")


def test_the_new_password_must_differ(world, as_user):
    world.leader.set_password(NEW)
    world.leader.save()
    client = as_user(world.leader)
    response = client.post(
        CHANGE, {"old_password": NEW, "new_password1": NEW, "new_password2": NEW}
    )
    assert "phải khác mật khẩu hiện tại" in response.content.decode()


def test_the_user_menu_links_to_the_password_change_and_the_account(world, as_user):
    page = as_user(world.inspector).get(reverse("home")).content.decode()
    assert CHANGE in page and reverse("accounts:profile") in page
    assert USERS not in page


def test_office_staff_set_a_temporary_password_the_user_must_change(world, client, as_user):
    office = as_user(world.office)
    page = office.get(USERS, {"q": "taichinh"}).content.decode()
    assert "danguy_taichinh" in page and "lanhdao" not in page
    response = office.post(reset_url(world.finance_staff))
    assert response.status_code == 200
    temporary = re.search(r'id="temporary-password">([^<]+)<', response.content.decode())[1]
    assert TemporaryPassword.objects.get(user=world.finance_staff).set_by == world.office
    office.post(reverse("logout"))

    assert sign_in(client, "danguy_taichinh", "x").status_code == 200  # the old one is gone
    assert sign_in(client, "danguy_taichinh", temporary).status_code == 302
    response = client.get(reverse("members:list"))
    assert response["Location"] == f"{CHANGE}?next=%2Fmembers%2F"
    assert "mật khẩu tạm thời" in client.get(CHANGE).content.decode()

    client.post(CHANGE, {"old_password": temporary, "new_password1": NEW, "new_password2": NEW})
    assert client.get(reverse("members:list")).status_code == 200
    assert not TemporaryPassword.objects.filter(user=world.finance_staff).exists()
    client.post(reverse("logout"))
    sign_in(client, "danguy_taichinh", NEW)
    assert client.get(reverse("home")).status_code == 200


def test_a_temporary_password_ends_the_users_open_sessions(world, as_user):
    their_browser = Client()
    their_browser.force_login(world.leader)
    assert their_browser.get(reverse("home")).status_code == 200
    as_user(world.office).post(reset_url(world.leader))
    assert their_browser.get(reverse("home")).status_code == 302
    assert SESSION_KEY not in their_browser.session


def test_the_reset_also_lifts_a_lock_and_may_remove_the_authenticator(world, client, as_user):
    for _ in range(10):
        sign_in(client, "lanhdao", "doan-mo")
    TOTPDevice.objects.create(user=world.leader, name="phone", confirmed=True)
    response = as_user(world.office).post(reset_url(world.leader), {"remove_devices": "on"})
    temporary = re.search(r'id="temporary-password">([^<]+)<', response.content.decode())[1]
    assert not TOTPDevice.objects.filter(user=world.leader).exists()
    fresh = Client()
    assert sign_in(fresh, "lanhdao", temporary).status_code == 302


@pytest.mark.parametrize(
    "role, seen",
    [
        # Those who see the secretary's cell are refused the right (403); for the others the
        # account is not there (404), nor is one's own (changed under "Đổi mật khẩu").
        ("leader", 403),
        ("finance_staff", 403),
        ("finance_office_secretary", 404),
        ("inspectorate_secretary", 404),
        ("inspector", 404),
        ("outsider", 404),
    ],
)
def test_a_user_who_is_not_office_staff_cannot_reset_anyones_password(world, as_user, role, seen):
    client = as_user(getattr(world, role))
    assert client.get(USERS).status_code == 403
    assert client.get(reset_url(world.finance_office_secretary)).status_code == seen
    assert client.post(reset_url(world.finance_office_secretary)).status_code == seen
    world.finance_office_secretary.refresh_from_db()
    assert world.finance_office_secretary.check_password("x")


def test_an_office_user_cannot_reach_a_user_outside_their_scope(world, as_user):
    other_bloc = make_org("Đảng bộ Khối Doanh nghiệp tỉnh", Organization.Kind.BLOC)
    stranger = get_user_model().objects.create_user("bithu_doanhnghiep", password="x")
    RoleAssignment.objects.create(
        user=stranger, organization=other_bloc, role=RoleAssignment.Role.CELL_SECRETARY
    )
    admin = get_user_model().objects.create_superuser("quantri", password="x")
    client = as_user(world.office)
    listed = client.get(USERS).content.decode()
    for user in (stranger, world.outsider, admin):
        assert user.username not in listed
    for user in (stranger, world.outsider, admin, world.office):
        assert client.get(reset_url(user)).status_code == 404, user.username
        assert client.post(reset_url(user)).status_code == 404, user.username
    stranger.refresh_from_db()
    assert stranger.check_password("x")


def test_the_users_list_shows_only_users_in_scope(world, as_user):
    page = as_user(world.office).get(USERS).content.decode()
    for username in ("lanhdao", "danguy_taichinh", "bithu_vanphong", "kiemtra"):
        assert username in page
    assert "nguoingoai" not in page


def test_anonymous_users_are_sent_from_the_office_pages_to_log_in(world, client):
    for url in (USERS, reset_url(world.leader), CHANGE, reverse("accounts:profile")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Email, where configured -------------------------------------------------------------------


def test_without_email_the_login_page_offers_no_email_reset(world, client, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    assert 'id="email-reset"' not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("password_reset")).status_code == 404


def test_with_email_configured_the_reset_by_email_works(world, client, settings, mailoutbox):
    settings.PASSWORD_RESET_BY_EMAIL = True
    world.leader.email = "lanhdao@ninhthuan.gov.vn"
    world.leader.save()
    login_page = client.get(reverse("login")).content.decode()
    assert 'id="email-reset"' in login_page
    response = client.post(reverse("password_reset"), {"email": "lanhdao@ninhthuan.gov.vn"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    assert "đặt mật khẩu mới" in mailoutbox[0].subject
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mailoutbox[0].body)[1]

    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == reverse("password_reset_complete")
    assert sign_in(client, "lanhdao", NEW).status_code == 302
