"""Browser tests: the system Chromium driven by Playwright against the live test server."""

import os
import shutil

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


@pytest.fixture
def phone_as(browser, live_server):
    """phone_as(user) -> a fresh 360 px page logged in as that user (each its own session)."""
    contexts = []

    def open_for(user):
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, locale="vi-VN", base_url=live_server.url
        )
        contexts.append(context)
        page = context.new_page()
        log_in(page, user.username)
        return page

    yield open_for
    for context in contexts:
        context.close()


def log_in(page, username, password="x"):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
