"""A real Redis and a real Celery worker process for the integration tests.

Redis: the one on 127.0.0.1:6379 when it answers PING, else a throwaway redis-server started
here on a free port (installed with apt when missing and we are root). The worker is
`celery -A partybloc worker --pool=solo` in a subprocess, on a queue of its own (so parallel
runs sharing a Redis do not take each other's tasks), reading the same test database as the
test process: the tests are transactional (their rows are committed), and on SQLite the test
database is a file rather than memory, so that a second process can open it.

In CI (CI=true) nothing here is skipped: when Redis or the worker cannot start, the test fails
and says why. Elsewhere such a test is skipped with the reason.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parent.parent
REDIS_HOST = "127.0.0.1"
REDIS_DB = 13  # away from the development broker's usual db 0
# Set to an unused port (e.g. 6999) to force a Redis of our own, to test that path.
PROBE_PORT = int(os.environ.get("PARTYBLOC_REDIS_PROBE_PORT", "6379"))
START_TIMEOUT = 60
_sqlite_dir = None


def pytest_collection_modifyitems(config, items):
    """When integration tests are collected, keep an SQLite test database in a file (a worker
    process cannot reach an in-memory one). Runs before any test database is created; under
    xdist pytest-django then adds the worker's suffix to the file name."""
    global _sqlite_dir
    if not any(Path(str(item.path)).is_relative_to(HERE) for item in items):
        return
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3" or _sqlite_dir:
        return
    test = database.setdefault("TEST", {})
    if test.get("NAME") in (None, "", ":memory:"):
        _sqlite_dir = tempfile.mkdtemp(prefix="partybloc-test-db-")
        test["NAME"] = str(Path(_sqlite_dir) / "test.sqlite3")


def pytest_unconfigure(config):
    if _sqlite_dir:
        shutil.rmtree(_sqlite_dir, ignore_errors=True)


def _unavailable(message: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"Integration set-up failed (CI: not skipped): {message}", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((REDIS_HOST, 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    import redis

    try:
        return redis.Redis(host=REDIS_HOST, port=port, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A Redis URL: the machine's Redis where it answers, else one started for this run."""
    if _answers(PROBE_PORT):
        yield f"redis://{REDIS_HOST}:{PROBE_PORT}/{REDIS_DB}"
        return
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(server) and os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "redis-server"],
            capture_output=True,
            timeout=300,
            check=False,
        )
    if not os.path.exists(server):
        _unavailable(
            f"no Redis answers on {REDIS_HOST}:{PROBE_PORT} and redis-server is not installed"
        )
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", REDIS_HOST, "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not _wait(lambda: _answers(port), 15):
            _unavailable(f"redis-server did not answer on port {port}")
        yield f"redis://{REDIS_HOST}:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _worker_database_url(settings_dict) -> str:
    name = settings_dict["NAME"]
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        if not name or name == ":memory:" or str(name).startswith("file:"):
            _unavailable("the SQLite test database is in memory; a worker cannot share it")
        return f"sqlite:///{Path(name).resolve()}"
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{name}"


@pytest.fixture(scope="session")
def worker_storage(tmp_path_factory):
    """Private storage shared by the test process and the worker (job files)."""
    return tmp_path_factory.mktemp("private")


@pytest.fixture(scope="session")
def celery_worker_process(redis_url, worker_storage, django_db_setup, django_db_blocker):
    """One real worker per test process, started once, on a queue no other run uses."""
    from django.db import connection

    queue = f"partybloc-test-{uuid.uuid4().hex[:12]}"
    with django_db_blocker.unblock():
        database_url = _worker_database_url(connection.settings_dict)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partybloc.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PRIVATE_STORAGE_ROOT": str(worker_storage),
        "LOG_LEVEL": "INFO",
    }
    log_path = worker_storage / f"{queue}.log"
    celery = Path(sys.executable).with_name("celery")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                str(celery),
                "-A",
                "partybloc",
                "worker",
                "--pool=solo",
                "-l",
                "info",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def ready():
        return process.poll() is not None or b" ready." in log_path.read_bytes()

    try:
        _wait(ready, START_TIMEOUT)
        if process.poll() is not None or b" ready." not in log_path.read_bytes():
            tail = log_path.read_bytes()[-3000:].decode(errors="replace")
            _unavailable(f"the Celery worker did not start:\n{tail}")
        yield {"broker": redis_url, "queue": queue, "storage": worker_storage, "log": log_path}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def celery_worker(celery_worker_process, settings):
    """For one test: tasks go to the real worker (not run in-process), and files are kept
    where the worker reads them. Put back afterwards, so other tests stay in-process."""
    from partybloc.celery import app

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(celery_worker_process["storage"]), "base_url": None},
        },
    }
    keys = (
        "broker_url",
        "result_backend",
        "task_always_eager",
        "task_default_queue",
        "broker_connection_retry_on_startup",
    )
    saved = {key: app.conf.get(key) for key in keys}
    _configure(
        app,
        broker_url=celery_worker_process["broker"],
        result_backend=celery_worker_process["broker"],
        task_always_eager=False,
        task_default_queue=celery_worker_process["queue"],
    )
    try:
        yield celery_worker_process
    finally:
        _configure(app, **saved)


def _configure(app, **conf):
    """Change the app's broker and queue now. Celery reads queues and routes (app.amqp), the
    producer pool and the result backend from the configuration once and caches them: an
    earlier in-process task would otherwise keep sending to the default queue."""
    app.conf.update(conf)
    app.__dict__.pop("amqp", None)
    app._pool = None  # kombu keeps the pools per broker URL; they are found again, not closed
    vars(app._local).pop("backend", None)


def wait_for(job, *, states=("done", "failed"), timeout: float = 60):
    """Poll the job row until it reaches one of the states; fail after the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return job
        time.sleep(0.1)
    pytest.fail(f"job {job.pk} still {job.state} after {timeout} s")
