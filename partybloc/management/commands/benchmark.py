"""Time every page of the portal for every role on a 1× and a 40× database, interleaved, and
mark the floors of issue 12 met or not; `--load` serves the 40× one with gunicorn to 20 users;
`--search` sets the member search beside the admin's changelist, `--import` times the Excel
import (both also end a whole run).
Speed is measured here, not in timed tests. Pages that record a reading of personal data (the
member page) record it here as they would for the user."""

import os
import platform

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from members.models import Member
from organizations.models import Organization
from partybloc.benchmark import imports, load, search, timing
from partybloc.benchmark.databases import Target, ensure_database, server_url
from partybloc.benchmark.pages import TRIVIAL, role_users


class Command(BaseCommand):
    help = "Time every page for every role at 1× and 40× (PostgreSQL); --load for 20 users."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
        parser.add_argument("--pages", help="only pages whose name matches this pattern")
        parser.add_argument(
            "--budget",
            type=float,
            default=5000,
            help="ms: a page slower than this when cold is timed once, not repeated",
        )
        parser.add_argument("--scales", default="1,40", help="the scales compared, e.g. 1,40")
        parser.add_argument(
            "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server"
        )
        parser.add_argument("--prefix", default="partybloc_bench", help="database name prefix")
        parser.add_argument(
            "--here", action="store_true", help="time the configured database only, build none"
        )
        parser.add_argument("--load", action="store_true", help="20 users on gunicorn instead")
        parser.add_argument(
            "--import",
            action="store_true",
            dest="import_",
            help="time the Excel import (10,000 rows; 1,000 bad rows) instead of the pages",
        )
        parser.add_argument(
            "--search",
            action="store_true",
            help="time the member search beside the admin's changelist instead of the pages",
        )
        parser.add_argument("--users", type=int, default=20)
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")

    def handle(self, *args, **options):
        if options["repeat"] < 1:
            raise CommandError("--repeat must be 1 or more.")
        self.stdout.write(
            f"Machine: {platform.machine()}, {_cores()} cores, Python {platform.python_version()}"
        )
        if options["here"]:
            targets = [Target("here", None)]
        else:
            scales = [int(scale) for scale in options["scales"].split(",")]
            targets = []
            for scale in scales:
                name = f"{options['prefix']}_{scale}"
                ensure_database(options["server"], name, scale, write=self.stdout.write)
                targets.append(Target(f"{scale}×", server_url(options["server"], name)))
        for target in targets:
            target.open()
        try:
            with override_settings(ALLOWED_HOSTS=["testserver", "127.0.0.1"]):
                for target in targets:
                    with target.active():
                        self.stdout.write(
                            f"{target.label}: {Member.objects.count():,} members, "
                            f"{Organization.objects.count():,} organizations"
                        )
                if options["load"]:
                    self._load(targets[-1], options)
                elif options["import_"] or options["search"]:
                    if options["search"]:
                        self._search(targets[-1], options)
                    if options["import_"]:
                        self._import(targets[-1])
                else:
                    self._pages(targets, options)
                    if not options["pages"]:  # the whole run answers every floor
                        self._search(targets[-1], options)
                        self._import(targets[-1])
        finally:
            for target in targets:
                target.close()

    def _pages(self, targets, options):
        rows = timing.run(
            targets,
            pages=options["pages"],
            repeat=options["repeat"],
            write=self.stdout.write,
            budget=options["budget"],
        )
        labels = [target.label for target in targets]
        self.stdout.write("")
        if len(labels) == 1:
            self.stdout.write(timing.single_table(rows, labels[0]))
        else:
            self.stdout.write(timing.table(rows, labels))

    def _search(self, target, options):
        result = search.side_by_side(target, repeat=max(options["repeat"], 3))
        self.stdout.write(f"\nMember search beside the admin's changelist, {target.label}:\n")
        if result is None:
            self.stdout.write("No superuser in this database: the admin cannot be timed.")
            return
        for line in result.lines():
            self.stdout.write(line)

    def _import(self, target):
        self.stdout.write(f"\nThe Excel import, {target.label} (rolled back):\n")
        with target.active():
            user = next((user for role, user in role_users() if role == "office"), None)
            if user is None:
                self.stdout.write("No office staff in this database: nobody to import as.")
                return
            self.stdout.write(imports.HEADER)
            for timing in imports.run(user):
                self.stdout.write(timing.line())

    def _load(self, target, options):
        if target.url is None:
            raise CommandError("--load serves a benchmark database: leave out --here.")
        # The mix: every page that answers 200 for its role, each role's session its own.
        visits = []
        with target.active():
            rows = timing.run(
                [target],
                pages=options["pages"],
                repeat=1,
                write=lambda line: None,
                budget=options["budget"],
            )
            for row in rows:
                reading = row.readings[target.label]
                if row.role == "anonymous" or reading.status != 200:
                    continue
                client = target.clients[row.role]
                visits.append((client.session.session_key, reading.url))
        if not visits:
            raise CommandError("No page answered: is the database loaded?")
        server = load.Server(target.url, workers=options["workers"])
        try:
            server.wait_ready()
            trivial_url = TRIVIAL.address(None)
            # Warm every worker before counting.
            load.drive(server.port, visits, users=options["users"], seconds=3)
            mixed = load.drive(
                server.port, visits, users=options["users"], seconds=options["seconds"]
            )
            trivial = load.drive(
                server.port,
                [("", trivial_url)],
                users=options["users"],
                seconds=min(options["seconds"], 20),
            )
        finally:
            server.stop()
        self.stdout.write(
            f"\n{options['users']} users, {options['workers']} gunicorn workers, "
            f"{len(visits)} pages in the mix, {target.label}, CONN_MAX_AGE "
            f"{os.environ.get('CONN_MAX_AGE', '60')} s\n"
        )
        self.stdout.write(load.HEADER)
        self.stdout.write(mixed.line("mixed pages"))
        self.stdout.write(trivial.line("trivial: sign-in page"))
        share = mixed.throughput / trivial.throughput if trivial.throughput else 0.0
        verdicts = [
            ("0 errors", not mixed.errors),
            ("p95 ≤ 300 ms", mixed.percentile(0.95) <= 300),
            ("throughput ≥ 30% of the trivial page's", share >= 0.3),
        ]
        self.stdout.write(f"\nMixed throughput is {share:.0%} of the trivial page's.")
        for floor, met in verdicts:
            self.stdout.write(f"- {floor}: {'met' if met else 'NOT met'}")
        for error in sorted(set(mixed.errors))[:10]:
            self.stdout.write(f"  error: {error}")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
