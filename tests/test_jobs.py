"""Background jobs: states, failure with its reason, retry only when failed, a done job not
redone, downloads only in scope; and every new URL for every role."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from members.tasks import import_members as run_job
from partybloc.jobs import services
from partybloc.jobs.models import Job
from tests.excel_files import member_row, workbook_bytes
from tests.roles import ROLES, assert_each_role, expect

pytestmark = pytest.mark.django_db

BIRTH = "Ngày sinh (dd/mm/yyyy)"


def import_job(user, rows) -> Job:
    return services.create_job(
        kind=Job.Kind.MEMBER_IMPORT, by=user, input_file=ContentFile(workbook_bytes(rows), "f.xlsx")
    )


@pytest.fixture
def ok_job(world, private_storage):
    return import_job(world.finance_staff, [member_row(world.finance_office)])


@pytest.fixture
def bad_job(world, private_storage):
    rows = [member_row(world.finance_office), member_row(world.finance_office, **{BIRTH: "x"})]
    return import_job(world.finance_staff, rows)


def test_a_job_goes_from_queued_to_done(ok_job):
    assert ok_job.state == Job.State.QUEUED and ok_job.attempts == 0
    assert run_job(ok_job.pk) == Job.State.DONE
    ok_job.refresh_from_db()
    assert (ok_job.state, ok_job.attempts, ok_job.error) == ("done", 1, "")
    assert ok_job.started_at <= ok_job.finished_at
    assert ok_job.result["imported"] == 1


def test_a_refused_file_fails_the_job_with_the_row_named_and_a_marked_copy(world, bad_job):
    before = Member.objects.count()
    run_job(bad_job.pk)
    bad_job.refresh_from_db()
    assert bad_job.state == Job.State.FAILED
    assert "3" in bad_job.reason() and BIRTH in bad_job.reason()
    assert bad_job.result["errors"][0][:2] == [3, BIRTH]
    assert bad_job.output_file.name.endswith(".xlsx")
    assert Member.objects.count() == before  # the good row was not imported either


def test_an_unexpected_error_fails_the_job_and_is_raised_for_the_worker(world, private_storage):
    job = services.create_job(kind=Job.Kind.MEMBER_IMPORT, by=world.office)
    job.input_file.name = "jobs/missing.xlsx"
    job.save()
    with pytest.raises(FileNotFoundError):
        run_job(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error


def test_running_a_done_job_again_does_nothing(ok_job):
    run_job(ok_job.pk)
    count = Member.objects.count()
    assert run_job(ok_job.pk) == "skipped"
    ok_job.refresh_from_db()
    assert ok_job.attempts == 1 and Member.objects.count() == count


def test_only_a_failed_job_can_be_retried(
    world, ok_job, bad_job, django_capture_on_commit_callbacks
):
    run_job(ok_job.pk)
    ok_job.refresh_from_db()
    with pytest.raises(ValidationError):
        services.retry_job(ok_job, by=world.finance_staff)

    run_job(bad_job.pk)
    bad_job.refresh_from_db()
    # The file is corrected in place (as an office would fix it and retry).
    bad_job.input_file.save(
        "fixed.xlsx", ContentFile(workbook_bytes([member_row(world.finance_office)]))
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(bad_job, by=world.finance_staff)
    bad_job.refresh_from_db()
    assert (bad_job.state, bad_job.attempts, bad_job.error) == ("done", 2, "")


def test_the_retry_button_is_for_the_author_of_a_failed_job(world, bad_job, as_user):
    run_job(bad_job.pk)
    url = reverse("jobs:detail", args=[bad_job.pk])
    page = as_user(world.finance_staff).get(url)
    assert page.context["can_retry"]
    assert not as_user(world.office).get(url).context["can_retry"]


def test_the_status_part_polls_while_the_job_is_pending(world, ok_job, as_user):
    client = as_user(world.finance_staff)
    url = reverse("jobs:detail", args=[ok_job.pk])
    part = client.get(url, headers={"HX-Request": "true"})
    assert part.templates[0].name == "jobs/_job_status.html"
    assert 'hx-trigger="every 2s"' in part.content.decode()
    run_job(ok_job.pk)
    assert 'hx-trigger="every 2s"' not in client.get(url).content.decode()


def test_jobs_are_seen_by_their_author_and_the_bloc(world, ok_job):
    def visible(user):
        return Job.objects.visible_to(user).filter(pk=ok_job.pk).exists()

    assert visible(world.finance_staff) and visible(world.office) and visible(world.leader)
    assert not any(
        visible(user) for user in (world.finance_office_secretary, world.inspector, world.outsider)
    )


# --- Every new URL, every role (tests/test_access.py's style) ---------------------------------

# The job is finance_staff's, failed, with its marked copy to download.
JOB_CASES = [
    ("jobs:detail", expect(404, office=200, leader=200, finance_staff=200)),
    ("jobs:download", expect(404, office=200, leader=200, finance_staff=200)),
]
MEMBER_CASES = [
    ("members:export", expect(200)),
    ("members:import", expect(403, office=200, finance_staff=200)),
    ("members:import_template", expect(403, office=200, finance_staff=200)),
]


@pytest.mark.parametrize(("name", "expected"), JOB_CASES + MEMBER_CASES)
def test_each_role_reaches_only_its_scope(world, bad_job, client, name, expected):
    run_job(bad_job.pk)
    url = reverse(name, args=[bad_job.pk]) if name.startswith("jobs:") else reverse(name)
    assert_each_role(client, world, url, expected)


def test_retry_is_for_the_author_only(world, bad_job, client, django_capture_on_commit_callbacks):
    run_job(bad_job.pk)
    url = reverse("jobs:retry", args=[bad_job.pk])
    expected = expect(404, office=403, leader=403, finance_staff=302)
    for role in ROLES:
        client.force_login(getattr(world, role))
        with django_capture_on_commit_callbacks(execute=False):
            assert client.post(url).status_code == expected[role], role


def test_a_job_without_a_file_has_nothing_to_download(world, ok_job, as_user):
    assert (
        as_user(world.finance_staff).get(reverse("jobs:download", args=[ok_job.pk])).status_code
        == 404
    )


# --- The shape of the machinery: a task per kind, the claim, the outcome recorded whole ------


def test_each_kind_of_job_has_its_own_celery_task():
    assert {kind: services.task_for(kind).name for kind in Job.Kind.values} == {
        Job.Kind.MEMBER_IMPORT: "members.tasks.import_members",
        Job.Kind.REPORT: "reports.tasks.render_report",
    }


def test_a_job_is_sent_after_commit_to_the_task_of_its_kind(
    world, ok_job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.enqueue(ok_job)
    assert len(callbacks) == 1
    ok_job.refresh_from_db()
    assert ok_job.state == Job.State.QUEUED  # nothing ran before the commit
    callbacks[0]()  # the commit: no broker here, so the task runs in-process
    ok_job.refresh_from_db()
    assert (ok_job.state, ok_job.result["imported"]) == ("done", 1)


def test_of_two_deliveries_of_one_message_only_the_one_that_claims_the_job_runs(ok_job):
    before = Member.objects.count()
    assert ok_job.claim()  # the first delivery, still working
    assert run_job(ok_job.pk) == "skipped"  # the second finds it claimed
    ok_job.refresh_from_db()
    assert (ok_job.state, ok_job.attempts) == ("running", 1)
    assert Member.objects.count() == before


def silence(job: Job, seconds: float | None = None) -> None:
    """As if the job's run had shown no sign of life for a while (its worker killed)."""
    from django.conf import settings

    ago = datetime.timedelta(seconds=seconds or settings.JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - ago, heartbeat_at=timezone.now() - ago
    )


def test_a_run_whose_worker_died_is_claimed_again_once_its_claim_lapses(ok_job):
    assert ok_job.claim()
    silence(ok_job)
    assert run_job(ok_job.pk) == Job.State.DONE
    ok_job.refresh_from_db()
    assert (ok_job.state, ok_job.attempts, ok_job.result["imported"]) == ("done", 2, 1)


def test_a_run_that_lost_its_claim_records_nothing_and_leaves_no_file(
    world, ok_job, private_storage
):
    def overtaken(job: Job) -> services.JobOutcome:
        # Meanwhile another delivery took the job over (this run looked dead to it).
        silence(job)
        assert Job.objects.get(pk=job.pk).claim()
        return services.JobOutcome(
            result={"mine": True}, files={"output_file": ContentFile(b"late", name="late.pdf")}
        )

    assert services.run_job(run_job, ok_job.pk, overtaken) == "skipped"
    ok_job.refresh_from_db()
    assert (ok_job.state, ok_job.attempts, ok_job.result) == ("running", 2, {})
    assert not ok_job.output_file
    assert not list(private_storage.rglob("late*"))


def test_a_refused_import_registers_nothing_even_for_its_good_rows_and_keeps_its_marked_copy(
    world, bad_job
):
    before = Member.objects.count()
    assert run_job(bad_job.pk) == Job.State.FAILED
    bad_job.refresh_from_db()
    assert Member.objects.count() == before
    with bad_job.output_file.open("rb") as marked:
        assert marked.read(2) == b"PK"  # an .xlsx


@pytest.mark.django_db(transaction=True)
def test_no_lock_is_held_on_the_job_while_it_runs(world, private_storage):
    """Another connection changes the job's row while the runner works: the run holds no
    transaction open across its work (the old one held a row lock for a whole rendering)."""
    job = services.create_job(kind=Job.Kind.REPORT, by=world.office)
    seen = {}

    def runner(running: Job) -> services.JobOutcome:
        def elsewhere():
            try:
                with connection.cursor() as cursor:
                    if connection.vendor == "postgresql":
                        cursor.execute("SET lock_timeout = '2s'")
                Job.objects.filter(pk=running.pk).update(params={"touched": True})
                seen["state"] = Job.objects.get(pk=running.pk).state
            except Exception as error:  # a lock held by the run: the test says which
                seen["error"] = error
            finally:
                connection.close()

        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join(timeout=30)
        return services.JobOutcome(result={"ok": True})

    assert services.run_job(run_job, job.pk, runner) == Job.State.DONE
    assert seen == {"state": "running"}
    job.refresh_from_db()
    assert (job.state, job.params, job.result) == ("done", {"touched": True}, {"ok": True})
