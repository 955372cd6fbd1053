"""The benchmark runs on a small database and reports every role's pages (its timings are
not judged here: speed is measured by `manage.py benchmark`, never in unit tests)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import Member
from partybloc.benchmark import imports, search
from partybloc.benchmark.databases import Target

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


def test_the_import_timing_runs_the_check_the_job_and_the_marked_copy_and_keeps_nothing(
    world, private_storage
):
    before = Member.objects.count()
    timings = imports.run(world.office, rows=20, bad_rows=2)
    assert [timing.floor for timing in timings] == [None, None, 10, 10, None]
    assert all(timing.wall >= 0 and timing.cpu >= 0 for timing in timings)
    assert Member.objects.count() == before  # rolled back
    assert not list(private_storage.rglob("*.xlsx"))  # the job's input removed


def test_the_search_is_set_beside_the_admins_changelist(world):
    get_user_model().objects.create_superuser("root", password="x-Very-long-pass-2026")
    target = Target("here", None)
    target.open()
    result = search.side_by_side(target, repeat=1)
    assert len(result.portal) == len(result.admin) == 1
    assert result.strays == 0 and result.found == result.named_an
    assert "admin member changelist" in "\n".join(result.lines())
