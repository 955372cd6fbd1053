"""Render a report to PDF and .docx from the command line: the same job path as the web,
run in this process (for scripting and benchmarks)."""

import shutil
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization
from partybloc.jobs.models import Job
from reports import services
from reports.figures import Period


class Command(BaseCommand):
    help = "Render a semi-annual (2025H1) or annual (2025) report for the bloc or one organization."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scope", default="bloc", help="'bloc' or the id of a grassroots organization"
        )
        parser.add_argument("--period", required=True, help="2025H1 or 2025")
        parser.add_argument("--out", required=True, help="folder to write the files into")

    def handle(self, *args, scope, period, out, **options):
        try:
            Period.parse(period)
        except ValueError as error:
            raise CommandError(f"--period: {error}") from error
        if scope == "bloc":
            organization = Organization.objects.filter(
                parent__isnull=True, ended_on__isnull=True
            ).first()
        else:
            organization = Organization.objects.filter(pk=scope if scope.isdigit() else 0).first()
        if organization is None:
            raise CommandError(f"No organization for --scope {scope}")
        user = (
            get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
            or get_user_model().objects.order_by("pk").first()
        )
        if user is None:
            raise CommandError("Create a user first (the job records who asked).")
        report = services.open_report(scope=organization, period=period, by=user)
        started = time.perf_counter()
        job = services.request_report(report, by=user, wait=True)
        if job.state != Job.State.DONE:
            raise CommandError(f"Rendering failed: {job.error}")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for file, suffix in ((job.output_file, "pdf"), (job.output_docx, "docx")):
            path = folder / f"bao-cao-{period}-{organization.pk}.{suffix}"
            with file.open("rb") as source, path.open("wb") as target:
                shutil.copyfileobj(source, target)
            self.stdout.write(str(path))
        self.stdout.write(f"{time.perf_counter() - started:.1f} s")
