"""Background jobs under faults: a broker that is down, a worker killed whole or mid-render. The
row is the truth: nothing is lost (the sweeper sends it again), nothing stays stuck (a silent
run is queued again, failed with its reason after JOB_MAX_ATTEMPTS), nothing is done twice or
kept twice (one claim per run, one file per product). The same faults on a real worker and a
real broker: tests/integration/test_job_faults.py."""

import datetime
import io
import socket
import time

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from members.tasks import import_members
from partybloc.celery import app
from partybloc.jobs import services
from partybloc.jobs.models import Job
from reports.models import Report
from tests.excel_files import member_row, workbook_bytes

pytestmark = pytest.mark.django_db

BIRTH = "Ngày sinh (dd/mm/yyyy)"


def silence(job: Job, seconds: float | None = None) -> None:
    """As if the job's run had shown no sign of life for a while (its worker killed)."""
    ago = datetime.timedelta(seconds=seconds or settings.JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - ago, heartbeat_at=timezone.now() - ago
    )


def age(job: Job, seconds: float | None = None) -> None:
    """As if the job had been queued (and sent) a while ago."""
    ago = timezone.now() - datetime.timedelta(seconds=seconds or settings.JOB_RESEND_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(created_at=ago, sent_at=ago)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the probe is


@pytest.fixture
def broker_down():
    """Tasks go to a broker nobody answers on (as when Redis is stopped), not in-process."""
    keys = ("broker_url", "task_always_eager")
    saved = {key: app.conf.get(key) for key in keys}
    _configure(broker_url=f"redis://127.0.0.1:{_closed_port()}/0", task_always_eager=False)
    try:
        yield
    finally:
        _configure(**saved)


def _configure(**conf) -> None:
    """Change the app's broker now: Celery keeps its producers (app.amqp) and connection pool
    from the first task sent (an in-process one too)."""
    app.conf.update(conf)
    app.__dict__.pop("amqp", None)
    app._pool = None


@pytest.fixture
def report(world):
    return Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)


def rendering(world, report) -> Job:
    return services.create_job(
        kind=Job.Kind.REPORT,
        by=world.office,
        organization=report.scope,
        params={"report_id": report.pk},
    )


# --- 6. The broker down ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the job is sent when its transaction commits
def test_asking_for_a_rendering_with_the_broker_down_answers_quickly_and_says_it_will_run(
    world, report, client, broker_down
):
    client.force_login(world.office)
    started = time.monotonic()
    response = client.post(
        reverse("reports:report", args=[report.pk]),
        {"number": "12-BC/ĐUK", "place": "Ninh Thuận", "render": "1"},
    )
    took = time.monotonic() - started
    assert response.status_code == 302 and took < 5, took
    job = Job.objects.get(kind=Job.Kind.REPORT)
    assert (job.state, job.attempts) == ("queued", 0)
    assert job.sent_at is not None  # tried: the sweeper sends it again a minute later
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "sẽ được thực hiện" in message and "hàng đợi" in message.lower()


def test_the_sweeper_sends_again_a_queued_job_older_than_a_minute(world, report, private_storage):
    # No broker in unit tests: a job sent runs here, as a worker would run it.
    late, recent = rendering(world, report), rendering(world, report)
    age(late)
    sweep = services.sweep_jobs()
    assert (sweep.resent, sweep.requeued, sweep.failed) == (1, 0, 0)
    late.refresh_from_db()
    recent.refresh_from_db()
    assert (late.state, late.attempts) == ("done", 1)
    assert (recent.state, recent.attempts) == ("queued", 0)  # its message may still come


def test_the_sweeper_stops_at_the_first_job_the_broker_does_not_take(world, report, broker_down):
    jobs = [rendering(world, report) for _ in range(3)]
    for job in jobs:
        age(job)
    started = time.monotonic()
    sweep = services.sweep_jobs()
    assert sweep.broker_down and sweep.resent == 0
    assert time.monotonic() - started < 5  # one try, not one per job
    assert set(Job.objects.values_list("state", flat=True)) == {"queued"}


def test_a_job_sent_twice_runs_once(world, report, private_storage):
    job = rendering(world, report)
    age(job)
    services.sweep_jobs()  # the sweeper sends it, and then the first message arrives
    assert services.task_for(job.kind)(job.pk) == "skipped"
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 1)


def test_the_sweeper_runs_every_minute_from_beat_and_from_cron(world, report, private_storage):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-jobs"]
    assert entry["schedule"] <= datetime.timedelta(minutes=1)
    assert entry["task"] in app.tasks
    job = rendering(world, report)
    age(job)
    out = io.StringIO()
    call_command("sweep_jobs", stdout=out)
    assert "1 queued jobs sent again" in out.getvalue()
    job.refresh_from_db()
    assert job.state == "done"


def test_the_sweep_command_fails_for_cron_while_the_broker_is_down(world, report, broker_down):
    age(rendering(world, report))
    with pytest.raises(CommandError, match="broker is unreachable"):
        call_command("sweep_jobs")


# --- 7. A worker killed whole ----------------------------------------------------------------


def test_a_running_job_whose_worker_is_gone_is_queued_again_and_runs(
    world, report, private_storage
):
    job = rendering(world, report)
    assert job.claim()  # a worker took it, then was killed: no heartbeat since
    silence(job)
    sweep = services.sweep_jobs()
    assert (sweep.requeued, sweep.failed) == (1, 0)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == ("done", 2, "")


def test_a_running_job_with_a_live_heartbeat_is_left_alone(world, report):
    job = rendering(world, report)
    assert job.claim()
    silence(job, seconds=settings.JOB_STALE_SECONDS / 2)
    assert services.sweep_jobs().requeued == 0
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("running", 1)
    assert job.beat()  # the run's heartbeat, while its claim holds
    job.refresh_from_db()
    assert job.heartbeat_at > timezone.now() - datetime.timedelta(seconds=5)


def test_a_job_that_lost_its_worker_too_often_fails_with_a_reason_in_vietnamese(
    world, report, private_storage
):
    job = rendering(world, report)
    for _attempt in range(settings.JOB_MAX_ATTEMPTS):
        Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
        assert job.claim()
        silence(job)
    assert services.sweep_jobs().failed == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", settings.JOB_MAX_ATTEMPTS)
    assert "bị gián đoạn" in job.reason() and str(settings.JOB_MAX_ATTEMPTS) in job.reason()
    # A message delivered again later does not start it a fourth time.
    assert services.task_for(job.kind)(job.pk) == "skipped"


def test_a_stuck_job_can_be_retried_by_its_author_from_its_page(
    world, report, client, private_storage, django_capture_on_commit_callbacks
):
    job = rendering(world, report)
    assert job.claim()
    client.force_login(world.office)
    page = reverse("jobs:detail", args=[job.pk])
    retry = reverse("jobs:retry", args=[job.pk])
    assert retry not in client.get(page).content.decode()  # running, alive
    silence(job)
    assert retry in client.get(page).content.decode()
    report_page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert reverse("reports:retry", args=[report.pk, job.pk]) in report_page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)


# --- 8. A re-run keeps one copy of each product ----------------------------------------------


def test_a_rerun_removes_the_file_of_the_attempt_it_replaces(world, private_storage):
    rows = [member_row(world.finance_office), member_row(world.finance_office, **{BIRTH: "x"})]
    job = services.create_job(
        kind=Job.Kind.MEMBER_IMPORT,
        by=world.finance_staff,
        input_file=ContentFile(workbook_bytes(rows), "f.xlsx"),
    )
    assert import_members(job.pk) == "failed"
    job.refresh_from_db()
    marked = job.output_file.name
    assert (private_storage / marked).is_file()
    job.input_file.save("fixed.xlsx", ContentFile(workbook_bytes(rows[:1])))
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
    assert import_members(job.pk) == "done"
    job.refresh_from_db()
    assert not job.output_file
    assert not (private_storage / marked).exists()  # the marked copy that no longer applies


def test_a_rerun_after_a_killed_attempt_leaves_one_pdf_and_one_docx(world, report, private_storage):
    job = rendering(world, report)
    assert job.claim()
    # What a run killed while writing leaves: its half of the products, named by no row.
    killed = job.file_name(f"bao-cao-2025-{report.scope_id}-{job.pk}.pdf")
    (private_storage / killed).parent.mkdir(parents=True)
    (private_storage / killed).write_bytes(b"%PDF-1.7 half")
    silence(job)
    services.sweep_jobs()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)
    kept = sorted(str(p.relative_to(private_storage)) for p in private_storage.rglob("*.*"))
    assert kept == sorted([job.output_file.name, job.output_docx.name])
    assert job.output_file.name.endswith(".pdf") and job.output_docx.name.endswith(".docx")
