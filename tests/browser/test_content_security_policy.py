"""Issue 11, item 1, in the browser: under the Content-Security-Policy every page still works
(the minutes autosave, the selects that used to submit with an inline onchange=, the tree that
was indented with style=), and the browser reports no violation of the policy."""

import pytest

from tests.browser.conftest import log_in
from tests.test_meetings import record

pytestmark = pytest.mark.django_db(transaction=True)

# Registered before any page script: every refusal the browser makes under the policy.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(browser, live_server):
    """watched(user, width) -> a page logged in as user, and the console lines about the policy."""
    contexts = []

    def open_for(user, width=360):
        context = browser.new_context(
            viewport={"width": width, "height": 800}, locale="vi-VN", base_url=live_server.url
        )
        contexts.append(context)
        context.add_init_script(WATCH)
        page = context.new_page()
        console = []
        page.on(
            "console",
            lambda message: (
                console.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        log_in(page, user.username)
        return page, console

    yield open_for
    for context in contexts:
        context.close()


def violations(page, console):
    return page.evaluate("window.__violations") + console


def test_the_minutes_form_autosaves_under_the_policy(world, watched):
    meeting = record(world)
    page, console = watched(world.finance_office_secretary)
    response = page.goto(f"/meetings/{meeting.pk}/edit/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("#id_resolution", "Thống nhất nhiệm vụ tháng tới.")
    page.locator("#autosave-status .text-success").wait_for(timeout=15_000)
    meeting.refresh_from_db()
    assert meeting.resolution == "Thống nhất nhiệm vụ tháng tới."
    assert violations(page, console) == []


def test_selects_that_submit_themselves_still_do(world, watched):
    page, console = watched(world.office, width=1280)
    page.goto("/inspections/")
    status = page.locator('select[name="status"]')
    value = status.locator("option").nth(1).get_attribute("value")
    with page.expect_navigation():
        status.select_option(value)
    assert f"status={value}" in page.url

    page.locator("button.dropdown-toggle").first.click()  # the user menu holds the language
    with page.expect_navigation():
        page.select_option("#nav-language", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations(page, console) == []


def test_the_tree_as_it_stood_is_indented_without_inline_styles(world, watched):
    page, console = watched(world.office, width=1280)
    page.goto("/organizations/?on=01/01/2025")
    first, deeper = page.locator("td.tree-depth-0").first, page.locator("td.tree-depth-1").first
    indent = "getComputedStyle(el).paddingLeft"
    assert first.evaluate(f"el => {indent}") == "8px"  # .5rem
    assert deeper.evaluate(f"el => {indent}") == "24px"  # 1.5rem
    assert violations(page, console) == []


def test_the_busiest_pages_raise_no_violation(world, watched):
    """Charts, the organization tree that loads by htmx, the admin, the code set-up page."""
    meeting = record(world)
    page, console = watched(world.office, width=1280)
    for path in [
        "/",
        "/dashboard/",
        "/organizations/",
        "/members/",
        f"/meetings/{meeting.pk}/",
        "/meetings/compliance/",
        "/reports/",
        "/admin/",
        "/account/",
    ]:
        assert page.goto(path).status == 200, path
        page.wait_for_load_state("networkidle")
    page.goto("/organizations/")
    page.locator("details summary").first.click()  # a level of the tree, fetched by htmx
    page.wait_for_load_state("networkidle")
    assert violations(page, console) == []
