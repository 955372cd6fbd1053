"""Every URL × every demo role and anonymous × GET and POST (empty, garbage, and the page's own
form as shown), on the demo bloc, with objects inside and outside each role's scope.

What a user relies on: no server error anywhere; outside a role's scope an object does not
exist (404), whatever the method; anonymous visitors are sent to the login page; a refused
write changes no row; a leader changes nothing. Each request runs in a savepoint rolled back
after it, so every request meets the demo bloc as seeded."""

import copy
import io
import tempfile
import traceback

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests import walker

pytestmark = [pytest.mark.django_db, pytest.mark.walker]

PATTERNS = dict(walker.walk_patterns())


def by_name(names) -> list:
    """One test per URL pattern, in a group of its name: under `--dist loadgroup` (make test)
    the English scan of a pattern runs on the worker that walked it, and reads the pages the
    walk kept instead of asking for them again."""
    return [pytest.param(name, marks=pytest.mark.xdist_group(name)) for name in sorted(names)]


# Pages of one's own account and session: every signed-in user may post to them.
OWN = ("login", "logout", "password_change", "set_language", "accounts:", "password_reset")


def _login(client: Client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    from partybloc.accounts import two_factor

    client.force_login(user)
    if two_factor.required_for(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = two_factor.confirmed_device(user).persistent_id
        session.save()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo bloc at scale 1, seeded once for this module inside a transaction that is
    rolled back at its end; each test adds its own savepoint (the db fixture)."""
    files = tempfile.TemporaryDirectory()
    settings = override_settings(
        STORAGES={
            **django_settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": files.name, "base_url": None},
            },
        },
        # Every request is rolled back, its session's last activity with it: keep the
        # sessions from expiring during a long walk.
        SESSION_IDLE_MINUTES=24 * 60,
        SESSION_MAX_HOURS=24,
    )
    settings.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("seed_demo", stdout=io.StringIO())
        world = walker.Demo()
        walker.add_files_and_jobs(world)
        world.clients = {}
        for role in walker.ROLES:
            client = Client(raise_request_exception=True)
            if role:
                _login(client, world.users[role])
            world.clients[role] = client
        world.tables = walker.counted_tables()
        world.rows = walker.row_counts(world.tables)
    world.walked = []
    world.pages = {}  # (role, url) -> the page's HTML, for the English scan
    yield world
    if world.walked:  # shown with -s: how much the walk covered
        requests = sum(n for _, n in world.walked)
        print(f"\nwalked {len(world.walked)} URL patterns with {requests} requests")
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    settings.disable()
    files.cleanup()


def _request(client: Client, method: str, url: str, data=None, *, tables=None, count=None):
    """One request in a savepoint rolled back after it, the client's cookies kept as they were
    (a logout or a language change does not carry over to the next request). With tables, the
    rows counted after the request, before the rollback: only when count(response) says the
    count matters (it costs about 5 ms a request on SQLite: small, but sent thousands of times)."""
    cookies = copy.deepcopy(client.cookies)
    response, error, counts = None, "", None
    try:
        with transaction.atomic():
            try:
                response = getattr(client, method)(url, data or {})
            except Exception:  # a server error: the test client re-raises it
                error = traceback.format_exc(limit=-3)
            if tables is not None and response is not None and (count is None or count(response)):
                counts = walker.row_counts(tables)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response, error, counts


def _walk_one(walk, role, url, label, *, public, seen, full=True) -> None:
    """GET, then POST: empty, garbage and the page's own form as shown (sent by each of its
    buttons). Where the answer can only be a 404 or a login page, GET and one garbage POST."""
    check = dict(public=public, seen=seen)
    got = walk.send(role, "GET", url, label)
    if got is None:
        return
    _check(walk, role, "GET", url, label, got, **check)
    form = None
    if got.status_code == 200 and "html" in got.get("Content-Type", ""):
        html = got.content.decode()
        walk.demo.pages[(role, url)] = html
        form = walker.page_form(html, url)
    bodies = [("POST garbage", walker.garbage(form, len(walk.problems)))]
    if full and ((seen and role) or public):
        bodies.insert(0, ("POST empty", {}))
        if form is not None:
            bodies.extend(form.bodies())
    for method, data in bodies:
        got = walk.send(role, method, url, label, data, count_rows=True)
        if got is not None:
            _check(walk, role, method, url, label, got, **check)


def _is_login_redirect(response) -> bool:
    location = response.get("Location", "") if response.status_code == 302 else ""
    return location.startswith((reverse("login"), reverse("admin:login")))


class Walk:
    """The problems found on one URL pattern, each with who, what and how."""

    def __init__(self, demo, name: str):
        self.demo, self.name, self.problems = demo, name, []
        self.requests = 0

    def fail(self, role, method, label, url, what):
        self.problems.append(f"{role or 'anonymous'} {method} {url} ({label}): {what}")

    def send(self, role, method, url, label, data=None, *, count_rows=False):
        """Send one request; a POST's rows are counted after it: a refused write must leave
        them as seeded, and a leader must never change them."""
        client = self.demo.clients[role]
        tables = self.demo.tables if count_rows else None
        self.requests += 1
        leader = role == "lanhdao" and not self.name.startswith(OWN)

        def refused(response) -> bool:
            return response.status_code >= 400 or _is_login_redirect(response)

        response, error, counts = _request(
            client,
            method.split()[0].lower(),
            url,
            data,
            tables=tables,
            # The rows matter after a refusal, and after anything a leader sends.
            count=lambda response: leader or refused(response),
        )
        if response is None:
            self.fail(role, method, label, url, f"server error\n{error}")
            return None
        if response.status_code >= 500:
            self.fail(role, method, label, url, f"answered {response.status_code}")
        if counts is not None and counts != self.demo.rows and (refused(response) or leader):
            changed = [
                table
                for table, old, new in zip(self.demo.tables, self.demo.rows, counts, strict=True)
                if old != new
            ]
            who = "refused" if refused(response) else "a leader's request"
            self.fail(
                role, method, label, url, f"{who} ({response.status_code}) wrote to {changed}"
            )
        return response


def check_admin_door(walk: Walk, role) -> bool:
    return walk.name.startswith("admin:") and role != "vanphong"


def _check(walk: Walk, role, method, url, label, response, *, public, seen) -> None:
    status = response.status_code
    if role is None:
        if not public and not _is_login_redirect(response):
            walk.fail(role, method, label, url, f"answered {status}, not the login page")
        return
    if not public and check_admin_door(walk, role) and not _is_login_redirect(response):
        walk.fail(role, method, label, url, f"the admin answered {status} to a non-office user")
    elif not seen and status != 404 and not (method == "GET" and status == 405):
        # (a POST-only URL refuses GET before anything is looked up: that tells nothing)
        walk.fail(role, method, label, url, f"outside the scope, answered {status}, not 404")
    elif seen and status == 404 and method == "GET" and not walk.recipe.missing:
        walk.fail(role, method, label, url, "inside the scope, answered 404")


@pytest.mark.parametrize("name", by_name(PATTERNS))
def test_every_url_for_every_role_and_method(demo, name):
    recipe = walker.recipe_for(name, PATTERNS[name])
    assert recipe is not None, (
        f"{name} has no recipe in tests/walker.py: say which objects to put in its URL"
    )
    walk = Walk(demo, name)
    walk.recipe = recipe
    for index, target in enumerate(recipe.targets(demo)):
        url = target.path or reverse(name, kwargs=target.kwargs)
        for role in walker.ROLES:
            if role is None and index:
                continue  # anonymous meets the login page before any object is looked up
            seen = walker.sees(demo.users[role], target.door) if role else False
            # Only the office passes the admin's door: the others meet its login page.
            full = not recipe.office_only or role == "vanphong"
            _walk_one(walk, role, url, target.label, public=recipe.public, seen=seen, full=full)
    demo.walked.append((name, walk.requests))
    assert not walk.problems, "\n".join(walk.problems)


# The admin too: office staff work in it, in Vietnamese.
@pytest.mark.parametrize("name", by_name(PATTERNS))
def test_no_english_on_a_vietnamese_page(demo, name):
    """Every page each role opens, in Vietnamese: its text and the attributes read aloud or
    shown (aria-label, placeholder, title, alt) hold no English beyond a short allow-list."""
    recipe = walker.recipe_for(name, PATTERNS[name])
    assert recipe is not None, f"{name} has no recipe in tests/walker.py"
    found = []
    for target in recipe.targets(demo):
        url = target.path or reverse(name, kwargs=target.kwargs)
        for role in walker.ROLES:
            if role is None and not recipe.public:
                continue
            if role is not None and not walker.sees(demo.users[role], target.door):
                continue
            html = demo.pages.pop((role, url), None)  # read once: the walk keeps no more
            if html is None:  # not walked by this worker: open it
                response, _error, _counts = _request(demo.clients[role], "get", url)
                if response is None or response.status_code != 200:
                    continue  # the walk reports server errors
                if "text/html" not in response.get("Content-Type", ""):
                    continue
                html = response.content.decode()
            for piece in walker.english_on(html):
                found.append(f"{role or 'anonymous'} {url}: {piece}")
    assert not found, "\n".join(dict.fromkeys(found))
