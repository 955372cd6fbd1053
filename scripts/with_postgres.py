#!/usr/bin/env python3
"""Run a command with DATABASE_URL pointing at a reachable PostgreSQL server.

Usage: .venv/bin/python scripts/with_postgres.py -- COMMAND [ARG...]

Which server, in this order:

1. ``PARTYBLOC_TEST_DATABASE_URL`` when set: used as is (checked to answer first).
2. A server already listening on 127.0.0.1:5432 that lets user ``postgres`` in without a
   password (as on the project's machines and in CI):
   ``postgres://postgres@127.0.0.1:5432/partybloc``.
3. Otherwise a throwaway cluster: ``initdb`` into a temporary directory (as user ``postgres``
   when we are root: initdb refuses to run as root), started with ``pg_ctl`` on a free port of
   127.0.0.1 with durability switched off (fsync, synchronous_commit, full_page_writes), then
   stopped (``-m immediate``) and deleted when the command ends, whatever happens. When the
   PostgreSQL binaries are missing and we are root, the ``postgresql`` apt package is installed.

If no PostgreSQL can be had, it exits with status 2 and says why: it never skips silently.
Only the server is provided: pytest-django creates its own test databases (test_partybloc,
test_partybloc_gw0, ... under xdist). The throwaway cluster also has an empty ``partybloc``
database, for other commands.

The command's environment gets DATABASE_URL, and PGHOST/PGPORT/PGUSER for the cases 2 and 3
(handy for psql). The exit status is the command's.

Environment:
    PARTYBLOC_TEST_DATABASE_URL  use this server instead of looking for one.
    PARTYBLOC_PG_PROBE_PORT      port probed in step 2 (default 5432). Set it to an unused port
                                 (e.g. 5999) to force the throwaway cluster, to test that path.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROBE_HOST = "127.0.0.1"
SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
START_TIMEOUT = 60


class NoPostgres(Exception):
    """No PostgreSQL server could be found or started."""


def say(message: str) -> None:
    print(f"with_postgres: {message}", file=sys.stderr, flush=True)


def try_connect(**params) -> str | None:
    """The server's version string when a connection succeeds, else None."""
    try:
        import psycopg2
    except ImportError as exc:  # pragma: no cover - the venv has it
        raise NoPostgres(
            "psycopg2 is not importable: run this with the project's .venv/bin/python"
        ) from exc
    try:
        conn = psycopg2.connect(connect_timeout=3, **params)
    except psycopg2.Error:
        return None
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW server_version")
            return cur.fetchone()[0]
    finally:
        conn.close()


def masked(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    return url


# --- throwaway cluster ---------------------------------------------------------------------


def is_root() -> bool:
    return os.geteuid() == 0


def find_bindir() -> Path | None:
    """A directory holding initdb and pg_ctl, the newest major version first."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for directory in candidates:
        if (Path(directory) / "initdb").is_file() and (Path(directory) / "pg_ctl").is_file():
            return Path(directory)
    initdb = shutil.which("initdb")
    if initdb:
        directory = Path(initdb).resolve().parent
        if (directory / "pg_ctl").is_file():
            return directory
    return None


def install_postgres() -> None:
    dpkg = subprocess.run(["dpkg", "-s", "postgresql"], capture_output=True, check=False)
    if dpkg.returncode == 0:
        return  # installed, yet no binaries where we look: nothing apt can do
    say("PostgreSQL binaries missing: installing the postgresql apt package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
    ):
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise NoPostgres(f"{' '.join(cmd)} failed")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((PROBE_HOST, 0))
        return sock.getsockname()[1]


class ThrowawayCluster:
    def __init__(self) -> None:
        bindir = find_bindir()
        if bindir is None and is_root() and shutil.which("apt-get"):
            install_postgres()
            bindir = find_bindir()
        if bindir is None:
            raise NoPostgres(
                "no PostgreSQL server answers and its binaries (initdb, pg_ctl) are not "
                "installed: install PostgreSQL (Debian: apt-get install postgresql) or set "
                "PARTYBLOC_TEST_DATABASE_URL"
            )
        self.bindir = bindir
        self.user: pwd.struct_passwd | None = None
        if is_root():
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise NoPostgres(
                    "running as root but there is no 'postgres' system user to run initdb as"
                ) from exc
        self.tmpdir: Path | None = None
        self.port: int | None = None
        self.started = False

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user.pw_name, "--", *cmd]
        # cwd: the postgres user may not be allowed into the caller's directory.
        result = subprocess.run(cmd, cwd=self.tmpdir, capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise NoPostgres(f"{args[0]} failed with status {result.returncode}")
        return result

    @property
    def datadir(self) -> Path:
        assert self.tmpdir is not None
        return self.tmpdir / "data"

    def start(self) -> None:
        self.tmpdir = Path(tempfile.mkdtemp(prefix="partybloc-pg-"))
        if self.user is not None:
            os.chown(self.tmpdir, self.user.pw_uid, self.user.pw_gid)
        self._run(
            "initdb",
            "-D", str(self.datadir),
            "-A", "trust",
            "-U", "postgres",
            "-E", "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )  # fmt: skip
        log = self.tmpdir / "server.log"
        for _attempt in range(3):  # the free port may be taken between probe and start
            self.port = free_port()
            options = f"-h {PROBE_HOST} -p {self.port} -k {self.tmpdir} {SERVER_OPTIONS}"
            result = self._run(
                "pg_ctl", "-D", str(self.datadir), "-l", str(log), "-o", options,
                "-w", "-t", str(START_TIMEOUT), "start",
                check=False,
            )  # fmt: skip
            if result.returncode == 0:
                self.started = True
                break
            self._run("pg_ctl", "-D", str(self.datadir), "stop", "-m", "immediate", check=False)
        if not self.started:
            if log.exists():
                sys.stderr.write(log.read_text(errors="replace")[-4000:])
            raise NoPostgres("the throwaway PostgreSQL cluster did not start")
        deadline = time.monotonic() + START_TIMEOUT
        while (version := self.connect()) is None:
            if time.monotonic() > deadline:
                raise NoPostgres("the throwaway PostgreSQL cluster does not accept connections")
            time.sleep(0.1)
        self.version = version
        # The database DATABASE_URL names, for commands other than pytest (which makes its own).
        import psycopg2

        conn = psycopg2.connect(host=PROBE_HOST, port=self.port, user="postgres", dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("CREATE DATABASE partybloc")
        finally:
            conn.close()

    def connect(self) -> str | None:
        return try_connect(host=PROBE_HOST, port=self.port, user="postgres", dbname="postgres")

    def stop(self) -> None:
        if self.started:
            stop = ("pg_ctl", "-D", str(self.datadir), "stop", "-m", "immediate", "-w")
            self._run(*stop, check=False)
            self.started = False
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None


# --- main ------------------------------------------------------------------------------------


def run_command(command: list[str], env: dict[str, str]) -> int:
    """Run the command to its end; the cluster (if any) is stopped only after it exited."""
    try:
        child = subprocess.Popen(command, env=env)
    except FileNotFoundError:
        say(f"command not found: {command[0]}")
        return 127

    def forward(signum, frame):
        child.send_signal(signum)

    # SIGTERM is passed on to the command and we wait for it to finish. Ctrl-C already reaches
    # the command (same process group): ignore it here rather than interrupt it twice.
    previous = {
        signal.SIGTERM: signal.signal(signal.SIGTERM, forward),
        signal.SIGINT: signal.signal(signal.SIGINT, signal.SIG_IGN),
    }
    try:
        returncode = child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    # A command killed by a signal reports -N; shells report 128 + N.
    return 128 - returncode if returncode < 0 else returncode


def on_sigterm(signum, frame):
    # Before the command runs (e.g. while the cluster starts): turn SIGTERM into an exception
    # so that the finally clause stops and deletes the cluster.
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, on_sigterm)
    env = dict(os.environ)

    try:
        url = os.environ.get("PARTYBLOC_TEST_DATABASE_URL")
        if url:
            parts = urlsplit(url)
            params = {
                "host": parts.hostname or None,
                "port": parts.port,
                "user": parts.username or None,
                "password": parts.password or None,
                "dbname": parts.path.lstrip("/") or "postgres",
            }
            params = {k: v for k, v in params.items() if v is not None}
            version = try_connect(**params) or try_connect(**{**params, "dbname": "postgres"})
            if version is None:
                raise NoPostgres(f"PARTYBLOC_TEST_DATABASE_URL={masked(url)} does not answer")
            say(f"using PostgreSQL {version} from PARTYBLOC_TEST_DATABASE_URL ({masked(url)})")
            env["DATABASE_URL"] = url
            return run_command(argv, env)

        port = int(os.environ.get("PARTYBLOC_PG_PROBE_PORT", "5432"))
        version = try_connect(host=PROBE_HOST, port=port, user="postgres", dbname="postgres")
        if version is not None:
            say(f"using PostgreSQL {version} already running at {PROBE_HOST}:{port}")
            env.update(
                DATABASE_URL=f"postgres://postgres@{PROBE_HOST}:{port}/partybloc",
                PGHOST=PROBE_HOST,
                PGPORT=str(port),
                PGUSER="postgres",
            )
            return run_command(argv, env)

        cluster = ThrowawayCluster()
        try:
            cluster.start()
            say(
                f"using a throwaway PostgreSQL {cluster.version} at {PROBE_HOST}:{cluster.port} "
                f"(nothing answered at {PROBE_HOST}:{port}; data in {cluster.tmpdir}, "
                "deleted afterwards)"
            )
            env.update(
                DATABASE_URL=f"postgres://postgres@{PROBE_HOST}:{cluster.port}/partybloc",
                PGHOST=PROBE_HOST,
                PGPORT=str(cluster.port),
                PGUSER="postgres",
            )
            return run_command(argv, env)
        finally:
            cluster.stop()
    except NoPostgres as exc:
        say(f"ERROR: no PostgreSQL available: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
