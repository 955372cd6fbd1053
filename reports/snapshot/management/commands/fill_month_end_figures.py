import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.snapshot import services


class Command(BaseCommand):
    help = (
        "Fill the month-end figures per organization (this year and the two before) and "
        "recompute those marked stale: for cron where no Celery beat runs, and after loading "
        "data outside the portal's services."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--again", action="store_true", help="recompute every month of the window"
        )
        parser.add_argument(
            "--since", help="also fill every month from this one (YYYY-MM) to the window"
        )

    def handle(self, *args, **options):
        count = services.refresh(again=options["again"])
        if options["since"]:
            try:
                first = datetime.date.fromisoformat(f"{options['since']}-01")
            except ValueError as error:
                raise CommandError("--since takes a month: YYYY-MM") from error
            start_of_window = services.window(timezone.localdate())[0]
            months = services.month_ends_between(first, start_of_window)
            count += services.fill_months(months, again=options["again"])
        self.stdout.write(f"{count} months of month-end figures computed.")
