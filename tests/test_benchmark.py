"""The benchmark runs on a small database and reports every role's pages (its timings are
not judged here: speed is measured by `manage.py benchmark`, never in unit tests)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _table(*args) -> str:
    out = io.StringIO()
    call_command("benchmark", "--here", *args, stdout=out)
    return out.getvalue()


def test_it_times_each_roles_pages_on_the_configured_database(world):
    output = _table("--repeat", "1", "--pages", "^home$|^member list$|^member search$")

    rows = [line for line in output.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| page | role | status | queries |")
    assert any(row.startswith("| trivial: sign-in page | anonymous | 200 |") for row in rows)
    for role in ("office", "committee", "cell"):
        assert any(row.startswith(f"| home | {role} | 200 |") for row in rows)
        assert any(row.startswith(f"| member search | {role} | 200 |") for row in rows)
    # The filter keeps to the pages asked for.
    assert not any(row.startswith("| dashboard |") for row in rows)


def test_it_refuses_a_load_run_without_a_benchmark_database(world):
    with pytest.raises(CommandError):
        _table("--load", "--repeat", "1", "--pages", "^home$")


def test_a_page_slower_than_the_budget_is_timed_once(world):
    output = _table("--repeat", "3", "--budget", "0", "--pages", "^home$")
    assert "home (office):" in output and "(over budget: not repeated)" in output
