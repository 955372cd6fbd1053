"""Sessions on shared office computers: signed out after SESSION_IDLE_MINUTES without a request
and SESSION_MAX_HOURS after sign-in, with the cookie gone when the browser closes. The clock is
moved with time-machine, never slept."""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def clock():
    """The clock, stopped at a known moment; clock.shift(minutes=…) moves it on."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_a_request_after_the_idle_time_signs_out_with_a_message(world, as_user, clock):
    client = as_user(world.leader)
    assert client.get(HOME).status_code == 200
    clock.shift(datetime.timedelta(minutes=31))

    response = client.get(reverse("members:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/members/"
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "không thao tác trong 30 phút" in page


def test_a_request_within_the_idle_time_keeps_the_session(world, as_user, clock):
    client = as_user(world.leader)
    for _ in range(6):  # two and a half hours, a request every 25 minutes
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(HOME).status_code == 200


def test_the_idle_time_is_a_setting(world, as_user, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = as_user(world.leader)
    clock.shift(datetime.timedelta(minutes=4))
    assert client.get(HOME).status_code == 200
    clock.shift(datetime.timedelta(minutes=6))
    assert client.get(HOME).status_code == 302


def test_a_session_ends_after_its_absolute_limit_however_busy(world, as_user, clock, settings):
    settings.SESSION_MAX_HOURS = 2
    client = as_user(world.leader)
    for _ in range(4):  # up to 1 h 40 min after sign-in
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(HOME).status_code == 200
    clock.shift(datetime.timedelta(minutes=25))
    response = client.get(HOME)
    assert response.status_code == 302
    assert "tối đa 2 giờ" in client.get(response["Location"]).content.decode()


def test_an_idle_htmx_request_sends_the_whole_page_to_log_in(world, as_user, clock):
    client = as_user(world.leader)
    clock.shift(datetime.timedelta(minutes=31))
    response = client.get(HOME, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("login")


def test_the_session_cookie_ends_when_the_browser_closes(world, client):
    client.post(reverse("login"), {"username": "lanhdao", "password": "x"})
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]


def test_the_last_request_is_recorded_at_most_once_a_minute(world, as_user, clock):
    client = as_user(world.leader)
    client.get(HOME)
    key, data = client.session.session_key, dict(client.session)
    clock.shift(datetime.timedelta(seconds=30))
    client.get(HOME)
    assert dict(client.session) == data and client.session.session_key == key
    clock.shift(datetime.timedelta(seconds=31))
    client.get(HOME)
    assert dict(client.session) != data
