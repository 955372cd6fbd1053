"""Time the main pages and count their queries on the configured database (load it first,
e.g. `seed_demo --scale 40`). Speed is measured here, not in timed tests. The member page is
read like any other: each reading is written in the access log, as the user's would be."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from members.models import Member
from organizations.models import Organization, RoleAssignment


class Command(BaseCommand):
    help = "Time the main pages for an office user and a committee user; print a table."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat, **options):
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            self._run(repeat)

    def _run(self, repeat):
        office = self._user(RoleAssignment.Role.OFFICE_STAFF)
        committee_user = self._user(RoleAssignment.Role.COMMITTEE_STAFF)
        largest = (
            Organization.objects.filter(kind=Organization.Kind.COMMITTEE, ended_on__isnull=True)
            .annotate(cells=Count("children"))
            .order_by("-cells")
            .first()
        )
        member = Member.objects.active().order_by("pk").first()
        pages = [
            ("home", reverse("home")),
            ("organization tree", reverse("organizations:tree")),
            ("tree as of 01/01 this year", reverse("organizations:tree") + "?on=2026-01-01"),
            ("largest committee", reverse("organizations:detail", args=[largest.pk])),
            ("member list", reverse("members:list")),
            ("member list, last page", reverse("members:list") + "?page=last"),
            # The search is sent by POST; its results are read at an address with a token.
            ("member search", None),
            (
                "member filter",
                reverse("members:list") + "?gender=female&age=30-39&theory_level=intermediate",
            ),
            ("member page", reverse("members:detail", args=[member.pk])),
            ("meetings", reverse("meetings:list")),
            ("minutes to review", reverse("meetings:queue")),
            ("compliance grid, 12 months", reverse("meetings:compliance")),
            ("admissions board", reverse("year:admissions")),
            ("inspections", reverse("inspections:list")),
            ("dashboard", reverse("dashboard:index")),
        ]
        self.stdout.write(
            f"{Member.objects.count():,} members, {Organization.objects.count():,} organizations, "
            f"database {connection.vendor}"
        )
        self.stdout.write(f"{'page':32} {'user':10} {'queries':>8} {'median ms':>10} {'max ms':>8}")
        for user in (office, committee_user):
            client = Client()
            client.force_login(user)
            for label, url in pages:
                if url is None:
                    url = client.post(reverse("members:list"), {"q": "nguyen van an"})["Location"]
                timings, queries = [], 0
                for _ in range(repeat):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(url)
                        timings.append((time.perf_counter() - started) * 1000)
                    queries = len(captured)
                status = "" if response.status_code == 200 else f" ({response.status_code})"
                self.stdout.write(
                    f"{label + status:32} {user.username[:10]:10} {queries:>8} "
                    f"{statistics.median(timings):>10.0f} {max(timings):>8.0f}"
                )

    def _user(self, role):
        assignment = RoleAssignment.objects.filter(role=role).select_related("user").first()
        if assignment is None:
            raise CommandError("Load the demo bloc first: manage.py seed_demo")
        return get_user_model().objects.get(pk=assignment.user_id)
