"""The load run: gunicorn serving one benchmark database, a number of signed-in users opening
pages as fast as they are answered for a bounded time, then the same users on the trivial page.
Throughput and p95 of the mix are set against the trivial page's."""

import http.client
import itertools
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings

REQUEST_TIMEOUT = 30  # seconds, gunicorn's own worker timeout


@dataclass
class Tally:
    timings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def throughput(self) -> float:
        return len(self.timings) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.timings:
            return 0.0
        ordered = sorted(self.timings)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def line(self, label: str) -> str:
        median = statistics.median(self.timings) if self.timings else 0.0
        return (
            f"| {label} | {len(self.timings)} | {len(self.errors)} | {self.throughput:.1f} | "
            f"{median:.0f} | {self.percentile(0.95):.0f} | "
            f"{max(self.timings, default=0):.0f} |"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on a free local port, serving the given database; stopped on exit."""

    def __init__(self, database_url: str, *, workers: int):
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "False",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "partybloc.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                str(REQUEST_TIMEOUT),
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def drive(port: int, visits: list[tuple[str, str]], *, users: int, seconds: float) -> Tally:
    """`users` threads, each with its own connection, opening (session, url) visits in turn
    until the time is up. Anything but a 200 is an error."""
    tally = Tally()
    stop_at = time.monotonic() + seconds

    def user(number: int) -> None:
        mine = itertools.cycle(visits[number % len(visits) :] + visits[: number % len(visits)])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        while time.monotonic() < stop_at:
            session, url = next(mine)
            headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"} if session else {}
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                with tally.lock:
                    if response.status == 200:
                        tally.timings.append(elapsed)
                    else:
                        tally.errors.append(f"{response.status} {url}")
            except (OSError, http.client.HTTPException) as error:
                with tally.lock:
                    tally.errors.append(f"{type(error).__name__} {url}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Bounded: a request still hanging after its timeout is left to the daemon thread.
        thread.join(timeout=max(0.0, stop_at - time.monotonic()) + REQUEST_TIMEOUT + 5)
    tally.seconds = time.monotonic() - started
    return tally


HEADER = (
    "| load | requests | errors | requests/s | p50 ms | p95 ms | max ms |\n"
    "|---|---|---|---|---|---|---|"
)
