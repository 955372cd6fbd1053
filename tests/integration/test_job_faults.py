"""Report renderings under faults, on real Celery workers and a real Redis: a pool child killed
mid-render, the worker killed whole (kill -9 of its main process), the broker stopped while a
user asks for a rendering and started again empty. Afterwards every job is done, or failed
with its reason; none is stuck; none was rendered into two sets of files.

The Redis here is a throwaway one of this test's own (the shared one on 6379 is never
stopped). The sweeper runs in the test process, as cron's `manage.py sweep_jobs` would, with
the limits shortened (heartbeat 0.5 s, silence 4 s, re-send after 2 s)."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from partybloc.jobs import services
from partybloc.jobs.models import Job
from reports import services as reports
from reports.models import Report
from tests.integration.conftest import (
    BASE_DIR,
    REDIS_HOST,
    _answers,
    _configure,
    _free_port,
    _unavailable,
    _wait,
    _worker_database_url,
)

pytestmark = pytest.mark.django_db(transaction=True)

LIMITS = {"JOB_HEARTBEAT_SECONDS": 0.5, "JOB_STALE_SECONDS": 4, "JOB_RESEND_SECONDS": 2}
FINISHED = (Job.State.DONE, Job.State.FAILED)


class Redis:
    """A redis-server of this test's own, on a free port, without persistence: stopped, it
    comes back empty (every message it held is lost, as after a crash)."""

    def __init__(self, folder: Path):
        self.server = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.path.exists(self.server):
            _unavailable("redis-server is not installed")
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://{REDIS_HOST}:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.server,
                "--port",
                str(self.port),
                "--bind",
                REDIS_HOST,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not _wait(lambda: _answers(self.port), 15):
            _unavailable(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Worker:
    """`celery worker` (prefork, two children) in a session of its own, so that killing it
    whole or in part never touches the test process."""

    def __init__(self, redis: Redis, queue: str, storage: Path, database_url: str, name: str):
        self.log_path = storage.parent / f"{name}.log"
        environment = {
            **os.environ,
            **{key: str(value) for key, value in LIMITS.items()},
            "DJANGO_SETTINGS_MODULE": "partybloc.settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": redis.url,
            "CELERY_RESULT_BACKEND": redis.url,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "PRIVATE_STORAGE_ROOT": str(storage),
            "LOG_LEVEL": "INFO",
        }
        command = [
            str(Path(sys.executable).with_name("celery")),
            *("-A", "partybloc", "worker", "--pool=prefork", "-c", "2", "-l", "info"),
            *("-Q", queue, "-n", f"{name}-{queue}@%h"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if not _wait(lambda: self.process.poll() is not None or self.ready(), 60) or not (
            self.ready() and self.process.poll() is None
        ):
            self.kill_all()
            _unavailable(f"the Celery worker did not start:\n{self.tail()}")

    def ready(self) -> bool:
        return b" ready." in self.log_path.read_bytes()

    def tail(self) -> str:
        return self.log_path.read_bytes()[-3000:].decode(errors="replace")

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_child(self) -> None:
        """kill -9 of one pool child (the main process notices and starts another)."""
        os.kill(self.children()[0], signal.SIGKILL)

    def kill_main(self) -> None:
        """kill -9 of the main process: its children are left to themselves."""
        self.process.kill()
        self.process.wait(timeout=10)

    def kill_all(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def faults(tmp_path, settings, django_db_blocker):
    """The throwaway Redis, and the app sending to it; the workers, started by the test."""
    from django.db import connection

    for key, value in LIMITS.items():
        setattr(settings, key, value)
    storage = tmp_path / "private"
    storage.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(storage), "base_url": None},
        },
    }
    redis = Redis(tmp_path)
    redis.start()
    from partybloc.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    saved = {key: app.conf.get(key) for key in keys}
    queue = f"partybloc-faults-{uuid.uuid4().hex[:12]}"
    _configure(
        app,
        broker_url=redis.url,
        result_backend=redis.url,
        task_always_eager=False,
        task_default_queue=queue,
    )
    workers: list[Worker] = []

    def start_worker(name: str) -> Worker:
        worker = Worker(redis, queue, storage, _worker_database_url(connection.settings_dict), name)
        workers.append(worker)
        return worker

    try:
        yield {"redis": redis, "storage": storage, "start_worker": start_worker}
    finally:
        for worker in workers:
            worker.kill_all()
        redis.stop()
        _configure(app, **saved)


def running(jobs: list[Job]) -> bool:
    return Job.objects.filter(pk__in=[j.pk for j in jobs], state=Job.State.RUNNING).exists()


def sweep_until(condition, timeout: float) -> bool:
    """Run the sweeper (as cron would, only more often) until the condition holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        services.sweep_jobs()
        time.sleep(0.3)
    return condition()


def test_renderings_survive_killed_workers_and_a_stopped_broker(world, client, faults):
    started = time.monotonic()
    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)

    def ask(count: int) -> list[Job]:
        return [reports.request_report(report, by=world.office) for _ in range(count)]

    first = faults["start_worker"]("first")

    # A pool child killed mid-render.
    jobs = ask(4)
    assert _wait(lambda: running(jobs), 30), first.tail()
    first.kill_child()

    # The worker killed whole while it renders.
    jobs += ask(3)
    assert _wait(lambda: running(jobs), 30), first.tail()
    first.kill_main()
    second = faults["start_worker"]("second")

    # The broker stopped while a user asks for a rendering: the page answers, the job waits.
    assert _wait(lambda: running(jobs), 30), second.tail()
    faults["redis"].stop()
    client.force_login(world.office)
    asked = time.monotonic()
    response = client.post(
        reverse("reports:report", args=[report.pk]),
        {"number": "12-BC/ĐUK", "place": "Ninh Thuận", "render": "1"},
    )
    assert response.status_code == 302 and time.monotonic() - asked < 5
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "sẽ được thực hiện tự động khi hàng đợi hoạt động trở lại" in message
    jobs.append(Job.objects.filter(kind=Job.Kind.REPORT).order_by("-pk").first())
    assert jobs[-1].state == Job.State.QUEUED
    services.sweep_jobs()  # the broker still down: nothing is lost for trying
    faults["redis"].start()  # back, empty: every message it held is gone

    def all_finished() -> bool:
        return not Job.objects.exclude(state__in=FINISHED).exists()

    # A stuck job is one still unfinished long after the 4 s stale limit; the margin is for a
    # loaded machine, where one rendering took up to 19 s.
    sweep_until(all_finished, 180)

    # Every job done, or failed with its reason; none stuck.
    rows = list(Job.objects.filter(kind=Job.Kind.REPORT).order_by("pk"))
    assert len(rows) == 8
    stuck = [(job.pk, job.state) for job in rows if job.state not in FINISHED]
    assert stuck == [], (stuck, second.tail())
    assert [job.pk for job in rows if job.state == Job.State.FAILED and not job.error] == []
    # Each done job has its PDF and its .docx, and no job has a file its row does not name.
    named = {
        name
        for job in rows
        for name in (job.output_file.name, job.output_docx.name)
        if name  # a failed rendering has none
    }
    kept = {str(p.relative_to(faults["storage"])) for p in faults["storage"].rglob("*.*")}
    assert kept == named, sorted(kept - named)
    for job in rows:
        if job.state == Job.State.DONE:
            assert job.output_file.name.endswith(".pdf") and job.output_docx.name.endswith(".docx")
    print(  # the figures the README quotes
        "jobs:",
        [(job.pk, job.state, job.attempts) for job in rows],
        f"files kept {len(kept)}, named {len(named)}, in {time.monotonic() - started:.0f} s",
    )
    # The faults did hit renders in progress: some job was started more than once.
    assert max(job.attempts for job in rows) >= 2
    assert time.monotonic() - started < 300  # 50-70 s on an idle machine; bounded all the same
