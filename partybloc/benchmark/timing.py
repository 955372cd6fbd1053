"""Timing pages in this process, interleaved over the databases of every scale, and the table
with the floors of issue 12 marked met or not."""

import re
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybloc.accounts import two_factor
from partybloc.benchmark.databases import Target
from partybloc.benchmark.pages import PAGES, TRIVIAL, Page, role_users

P95_FLOOR_MS = 150
RATIO_FLOOR = 1.5


@dataclass
class Reading:
    """One page for one role on one database."""

    url: str | None = None
    status: int = 0
    queries: int = 0
    size: int = 0
    cold: float = 0.0
    timings: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.timings) if self.timings else 0.0

    @property
    def p95(self) -> float:
        if len(self.timings) < 2:
            return self.median
        return statistics.quantiles(self.timings, n=20, method="inclusive")[-1]


@dataclass
class Row:
    page: Page
    role: str
    readings: dict[str, Reading]  # by target label
    over_budget: bool = False


def signed_in_client(user) -> Client:
    """A client signed in as the user, past the second factor as a right code would take it."""
    # A page that fails is a 500 in the table, not the end of the run.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    if two_factor.required_for(user):
        device = two_factor.confirmed_device(user) or TOTPDevice.objects.create(
            user=user, name="benchmark", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _request(client: Client, url: str) -> tuple[object, float, int]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - started) * 1000
    return response, elapsed, len(captured)


def _size(response) -> int:
    return 0 if response.streaming else len(response.content)


def run(
    targets: list[Target],
    *,
    pages: str | None,
    repeat: int,
    write,
    budget: float = float("inf"),
) -> list[Row]:
    """Time every page for every role on every target, the targets taking turns request by
    request so that the machine's load falls on all of them alike. A page whose cold request
    takes longer than `budget` ms anywhere is not repeated (its one request stands)."""
    chosen = [page for page in PAGES if not pages or re.search(pages, page.label, re.I)]
    roles: list[str] = []
    for target in targets:
        with target.active():
            for role, user in role_users():
                target.clients[role] = signed_in_client(user)
                target.users[role] = user
                if role not in roles:
                    roles.append(role)
            target.clients["anonymous"] = Client(raise_request_exception=False)
    rows = [_time(targets, TRIVIAL, "anonymous", repeat, budget)]
    write(_progress(rows[-1]))
    for role in roles:
        if any(role not in target.clients for target in targets):
            continue
        for page in chosen:
            rows.append(_time(targets, page, role, repeat, budget))
            write(_progress(rows[-1]))
    return rows


def _time(targets: list[Target], page: Page, role: str, repeat: int, budget: float) -> Row:
    readings: dict[str, Reading] = {}
    urls: dict[str, str | None] = {}
    for target in targets:
        with target.active():
            client = target.clients[role]
            url = page.address(target.users.get(role))
            if url is not None and page.post is not None:
                posted = client.post(url, page.post)
                # A role refused the search (403) has no results page to time.
                url = posted["Location"] if posted.status_code == 302 else None
            urls[target.label] = url
            readings[target.label] = Reading(url=url)
            if url is None:
                continue
            # Cold: the caches cleared (the process's and the database's plans stay warm).
            target.cache.clear()
            if page.before_cold is not None:
                page.before_cold(target.users.get(role))
            response, elapsed, queries = _request(client, url)
            reading = readings[target.label]
            reading.cold = elapsed
            reading.status, reading.queries, reading.size = (
                response.status_code,
                queries,
                _size(response),
            )
    if any(reading.cold > budget for reading in readings.values()):
        # Too slow to repeat within a bounded run: the cold request stands for the page.
        for reading in readings.values():
            if reading.url is not None:
                reading.timings = [reading.cold]
        return Row(page, role, readings, over_budget=True)
    for _ in range(repeat):
        for target in targets:
            url = urls[target.label]
            if url is None:
                continue
            with target.active():
                response, elapsed, queries = _request(target.clients[role], url)
            reading = readings[target.label]
            reading.timings.append(elapsed)
            reading.status, reading.queries, reading.size = (
                response.status_code,
                queries,
                _size(response),
            )
    return Row(page, role, readings)


def _progress(row: Row) -> str:
    parts = [
        f"{label} {reading.median:.0f} ms/{reading.queries} q"
        for label, reading in row.readings.items()
    ]
    note = " (over budget: not repeated)" if row.over_budget else ""
    return f"  {row.page.label} ({row.role}): " + ", ".join(parts) + note


def floors(row: Row, small: str, large: str) -> list[str]:
    """The floors a row misses (empty: all met). Only pages that answered 200 are judged."""
    first, last = row.readings[small], row.readings[large]
    if last.status != 200 or not last.timings:
        return []
    missed = []
    if first.timings and first.queries != last.queries:
        missed.append("queries")
    if first.timings and first.median and last.median / first.median > RATIO_FLOOR:
        missed.append("ratio")
    if last.p95 > (row.page.p95_floor or P95_FLOOR_MS):
        missed.append("p95")
    if row.page.cold_floor is not None and last.cold > row.page.cold_floor:
        missed.append("cold")
    return missed


def table(rows: list[Row], labels: list[str]) -> str:
    """The table in Markdown: both scales side by side, the ratio, the trivial page beside."""
    small, large = labels[0], labels[-1]
    trivial = rows[0].readings[large].median or 1.0
    header = (
        f"| page | role | status | queries {small} | queries {large} | median {small} ms "
        f"| median {large} ms | ratio | p95 {large} ms | cold {large} ms "
        f"| × trivial | kB {large} | floors |"
    )
    lines = [header, "|" + "---|" * 13]
    met = missed_count = 0
    for row in rows:
        first, last = row.readings[small], row.readings[large]
        if not last.timings:
            continue
        ratio = last.median / first.median if first.median else 0.0
        missed = floors(row, small, large) if row.role != "anonymous" else []
        if row.role == "anonymous":
            verdict = "trivial"
        elif last.status != 200:
            verdict = "—"
        elif missed:
            verdict = "NOT met: " + ", ".join(missed) + (" (1 request)" if row.over_budget else "")
            missed_count += 1
        else:
            verdict = "met"
            met += 1
        lines.append(
            f"| {row.page.label} | {row.role} | {last.status} | {first.queries} | "
            f"{last.queries} | {first.median:.0f} | {last.median:.0f} | {ratio:.2f} | "
            f"{last.p95:.0f} | {last.cold:.0f} | {last.median / trivial:.1f} | "
            f"{last.size / 1024:.0f} | {verdict} |"
        )
    lines.append("")
    lines.append(
        f"Pages meeting every floor: {met} of {met + missed_count} "
        f"(floors: same query count, median ratio ≤ {RATIO_FLOOR}, p95 ≤ {P95_FLOOR_MS} ms at "
        f"{large}, the tree as of a date ≤ 300 ms, the dashboard cold ≤ 500 ms)."
    )
    return "\n".join(lines)


def single_table(rows: list[Row], label: str) -> str:
    """One database only (`--here`): no ratio, no floors."""
    lines = ["| page | role | status | queries | median ms | p95 ms | cold ms | kB |"]
    lines.append("|" + "---|" * 8)
    for row in rows:
        reading = row.readings[label]
        if not reading.timings:
            continue
        lines.append(
            f"| {row.page.label} | {row.role} | {reading.status} | {reading.queries} | "
            f"{reading.median:.0f} | {reading.p95:.0f} | {reading.cold:.0f} | "
            f"{reading.size / 1024:.0f} |"
        )
    return "\n".join(lines)
