"""The benchmark's databases: one PostgreSQL database per scale, built once by the demo loader
and reused (building 40× takes minutes of CPU), and a way to point this process at one of them
between two requests."""

import contextlib
import os
import subprocess
import sys
from dataclasses import dataclass, field

import environ
import psycopg2
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.db.utils import load_backend

# Written on the database once the demo loader finished: a database without it was left half
# built (an interrupted run) and is built again.
COMPLETE = "partybloc benchmark: scale {scale} complete"


@dataclass
class Target:
    """One database the pages are timed on, with its own connection and its own cache (a
    page's cached figures from one scale must never answer on the other)."""

    label: str
    url: str | None  # None: the database this process is configured with
    connection: object = None
    cache: object = None
    clients: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def open(self) -> None:
        if self.url is not None:
            config = environ.Env.db_url_config(self.url)
            config = connections.configure_settings({"default": config})["default"]
            self.connection = load_backend(config["ENGINE"]).DatabaseWrapper(config, "default")
        self.cache = LocMemCache(f"benchmark-{self.label}", {"TIMEOUT": 300})

    def close(self) -> None:
        if self.url is not None and self.connection is not None:
            self.connection.close()

    @contextlib.contextmanager
    def active(self):
        """This process's default database and cache are this target's while inside."""
        saved_connection = getattr(connections._connections, "default", None)
        saved_cache = getattr(caches._connections, "default", None)
        if self.connection is not None:
            connections._connections.default = self.connection
        caches._connections.default = self.cache
        try:
            yield
        finally:
            if self.connection is not None:
                connections._connections.default = saved_connection
            caches._connections.default = saved_cache


def server_url(server: str, name: str) -> str:
    return f"{server.rstrip('/')}/{name}"


def ensure_database(server: str, name: str, scale: int, *, write) -> None:
    """Create, migrate and load the database of a scale unless it is already there."""
    admin = psycopg2.connect(server_url(server, "postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            )
            row = cursor.fetchone()
            complete = row is not None and row[0] == COMPLETE.format(scale=scale)
            if row is not None and not complete:
                write(f"{name}: left half built; building it again")
                cursor.execute(f'DROP DATABASE "{name}"')
            if not complete:
                cursor.execute(f'CREATE DATABASE "{name}"')
        url = server_url(server, name)
        _manage(url, "migrate", "--noinput", "-v", "0")
        if not complete:
            write(f"{name}: loading the demo bloc at scale {scale} (minutes at 40×)…")
            _manage(url, "seed_demo", "--scale", str(scale))
            with admin.cursor() as cursor:
                cursor.execute(
                    f"COMMENT ON DATABASE \"{name}\" IS '{COMPLETE.format(scale=scale)}'"
                )
        # Built or reused: the month-end figures filled (a reused database may predate them)
        # and what changed since recomputed, as the scheduled task does.
        write(f"{name}: month-end figures…")
        _manage(url, "fill_month_end_figures")
        connection = psycopg2.connect(url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            # The portal's tables by name: a bare ANALYZE also takes the shared catalogs, and
            # waits behind any session of the server holding one (another database's test
            # left idle in a transaction).
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = ", ".join(f'"{name}"' for (name,) in cursor.fetchall())
            cursor.execute(f"{'ANALYZE' if complete else 'VACUUM ANALYZE'} {tables}")
        connection.close()
    finally:
        admin.close()


def _manage(database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
