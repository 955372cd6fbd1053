"""The roles of the test world and the tables of what each one may open, shared by the
role-by-URL tests (tests/test_access.py, tests/test_inspections_access.py, tests/test_jobs.py).
The walk of every URL pattern (tests/test_every_url.py) covers every role and method; these
tables pin the exact status each role gets on the pages that matter most."""

from collections.abc import Callable, Iterable

from django.test import Client

# The world's roles (tests/conftest.py), anonymous aside.
ROLES = [
    "office",
    "leader",
    "finance_staff",
    "finance_office_secretary",
    "inspectorate_secretary",
    "inspector",
    "outsider",
]
# With the inspection world (tests/inspections_world.py): the inspector leads team one, and
# team_member sits on it.
INSPECTION_ROLES = [*ROLES[:-1], "team_member", "outsider"]


def expect(default: int, *seen_by: dict, roles: Iterable[str] = ROLES, **overrides: int) -> dict:
    """Statuses by role: the default, then who sees (dicts of role: status), then overrides."""
    merged: dict[str, int] = {}
    for seen in seen_by:
        merged.update(seen)
    merged.update(overrides)
    return {role: merged.get(role, default) for role in roles}


def assert_each_role(
    client: Client,
    world,
    url: str,
    expected: dict[str, int],
    *,
    method: str = "get",
    before: Callable[[], None] | None = None,
) -> None:
    """Each role in `expected` signs in and asks for `url`; the status must be the expected."""
    for role, status in expected.items():
        if before:
            before()
        client.force_login(getattr(world, role))
        assert getattr(client, method)(url).status_code == status, (role, url)
