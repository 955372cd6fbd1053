import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.early_warnings import services


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse formats a str, not lazy text: translate when asked
        return _(
            "Recompute the early warnings (members who missed three months, organizations at "
            "risk) as of today: for cron, where no Celery beat runs. Running it twice changes "
            "nothing."
        )

    def add_arguments(self, parser):
        parser.add_argument("--on", help=_("The day to compute for, dd/mm/yyyy (default today)."))

    def handle(self, *args, on=None, **options):
        today = timezone.localdate()
        if on:
            try:
                today = datetime.datetime.strptime(on, "%d/%m/%Y").date()  # noqa: DTZ007 (a date)
            except ValueError as error:
                raise CommandError(_("Write the day as dd/mm/yyyy.")) from error
        summary = services.refresh_warnings(today)
        self.stdout.write(
            _(
                "Early warnings on %(day)s: %(raised)d raised, %(updated)d updated, "
                "%(reopened)d raised again, %(resolved)d resolved by the data; %(open)d open."
            )
            % {
                "day": today.strftime("%d/%m/%Y"),
                "raised": summary.raised,
                "updated": summary.updated,
                "reopened": summary.reopened,
                "resolved": summary.resolved,
                "open": summary.open_after,
            }
        )
