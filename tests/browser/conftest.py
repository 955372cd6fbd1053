"""Browser tests: the system Chromium driven by Playwright against the live test server."""

import os
import shutil
import time

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def phone_page(browser, live_server):
    """A 360 px wide page, as on the phones most secretaries use."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", base_url=live_server.url
    )
    page = context.new_page()
    yield page
    context.close()


def _pages_as(browser, live_server, viewport):
    """open_for(user) -> a fresh page of that size logged in as that user (each its own
    session); the contexts are closed by the caller's fixture."""
    contexts = []

    def open_for(user):
        context = browser.new_context(viewport=viewport, locale="vi-VN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        log_in(page, user.username)
        return page

    return open_for, contexts


@pytest.fixture
def phone_as(browser, live_server):
    """phone_as(user) -> a fresh 360 px page logged in as that user (each its own session)."""
    open_for, contexts = _pages_as(browser, live_server, {"width": 360, "height": 740})
    yield open_for
    for context in contexts:
        context.close()


@pytest.fixture
def desktop_as(browser, live_server):
    """desktop_as(user) -> a fresh 1280 px page logged in as that user, as office staff work."""
    open_for, contexts = _pages_as(browser, live_server, {"width": 1280, "height": 900})
    yield open_for
    for context in contexts:
        context.close()


def log_in(page, username, password="x"):
    """The sign-in form; then, for users who must sign in with a code (office staff, admin
    access), the code page, with the code their authenticator app would show."""
    device = _device_if_required(username)
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    if device is not None:
        page.wait_for_url("**/account/verify/**")
        page.fill("#id_code", code_of(device))
        page.press("#id_code", "Enter")
        page.wait_for_url(lambda url: "/account/verify/" not in url)


def _device_if_required(username):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partybloc.accounts import two_factor

    user = get_user_model().objects.get(username=username)
    if not two_factor.required_for(user):
        return None
    return two_factor.confirmed_device(user) or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )


def code_of(device) -> str:
    """The code an authenticator app shows now; the next one if this one was used already
    (a code is accepted once, and the server accepts the next 30-second step as well)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = time.time() + device.step
    return f"{totp.token():0{device.digits}d}"
