"""Wrong passwords are throttled by account and by address (django-axes): the login page says
the account is locked and what to do, and the bloc office lifts locks."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from partybloc.accounts import throttle

pytestmark = pytest.mark.django_db

LOCKS = reverse("accounts:locks")


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused(world, client):
    for _ in range(30):
        sign_in(client, "lanhdao", "doan-mo")
    response = sign_in(client, "lanhdao", "x")
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "tạm thời bị khóa" in page and "Văn phòng" in page
    assert 'id="locked-out"' in page


def test_the_lock_comes_at_the_limit_not_before(world, client, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "lanhdao", "doan-mo").status_code == 200, attempt
    assert sign_in(client, "lanhdao", "doan-mo").status_code == 429


def test_one_mistake_is_forgotten_after_a_right_password(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "lanhdao", "doan-mo")
    assert sign_in(client, "lanhdao", "x").status_code == 302
    client.post(reverse("logout"))
    assert sign_in(client, "lanhdao", "doan-mo").status_code == 200


def test_an_account_is_locked_whatever_address_tries_it(world, client, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lanhdao", "doan-mo", address=f"10.0.0.{attempt + 1}")
    response = sign_in(client, "lanhdao", "x", address="10.0.9.9")
    assert response.status_code == 429 and not signed_in(client)


def test_an_address_that_guessed_too_often_is_locked_for_every_account(world, client, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"doan-{attempt}", "doan-mo", address="10.0.0.7")
    assert sign_in(client, "lanhdao", "x", address="10.0.0.7").status_code == 429
    assert not signed_in(client)
    assert sign_in(client, "lanhdao", "x", address="10.0.0.8").status_code == 302
    assert signed_in(client)


def test_office_staff_see_the_locks_and_unlock_an_account(world, client, as_user):
    for _ in range(30):
        sign_in(client, "lanhdao", "doan-mo")
    office = as_user(world.office)
    page = office.get(LOCKS).content.decode()
    assert "lanhdao" in page and "127.0.0.1" in page

    response = office.post(LOCKS, {"username": "lanhdao"})
    assert response.status_code == 302
    assert [lock.key for lock in throttle.locked_accounts()] == []

    office.post(reverse("logout"))
    assert sign_in(client, "lanhdao", "x").status_code == 302
    assert signed_in(client)


def test_office_staff_unlock_an_address(world, client, as_user, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"doan-{attempt}", "doan-mo", address="10.0.0.7")
    office = as_user(world.office)
    assert [lock.key for lock in throttle.locked_addresses()] == ["10.0.0.7"]
    office.post(LOCKS, {"address": "10.0.0.7"})
    office.post(reverse("logout"))
    assert sign_in(client, "lanhdao", "x", address="10.0.0.7").status_code == 302


def test_an_empty_unlock_lifts_nothing(world, client, as_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lanhdao", "doan-mo")
    as_user(world.office).post(LOCKS, {"username": " ", "address": ""})
    assert [lock.key for lock in throttle.locked_accounts()] == ["lanhdao"]


@pytest.mark.parametrize(
    "role",
    [
        "leader",
        "finance_staff",
        "finance_office_secretary",
        "inspectorate_secretary",
        "inspector",
        "outsider",
    ],
)
def test_the_unlock_page_is_for_office_staff_only(world, as_user, role, settings):
    client = as_user(getattr(world, role))
    assert client.get(LOCKS).status_code == 403
    assert client.post(LOCKS, {"username": "lanhdao"}).status_code == 403
    assert "users/locks" not in client.get(reverse("home")).content.decode()


def test_anonymous_users_are_sent_from_the_unlock_page_to_log_in(world, client):
    response = client.get(LOCKS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_menu_links_to_the_unlock_page_for_office_staff(world, as_user):
    assert LOCKS in as_user(world.office).get(reverse("home")).content.decode()


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(rf, settings):
    settings.BEHIND_TLS_PROXY = True
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.1.2.3")
    assert throttle.client_address(request) == "10.1.2.3"  # the client wrote 1.2.3.4 itself
    garbled = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not an address")
    assert throttle.client_address(garbled) == "127.0.0.1"
    settings.BEHIND_TLS_PROXY = False
    assert throttle.client_address(request) == "127.0.0.1"
