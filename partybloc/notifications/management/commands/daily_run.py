"""The daily run for cron and for the embedded set-up (no Celery beat): see the README."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from partybloc.notifications import services


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse formats a str, not lazy text: translate when asked
        return _(
            "Send today's reminders and escalations, then the emails. Safe to run more than "
            "once a day: nothing is sent twice."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help=_("Run as on this day (YYYY-MM-DD) rather than today."),
        )

    def handle(self, *args, date=None, **options):
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(_("--date must be a date written YYYY-MM-DD.")) from None
        else:
            today = timezone.localdate()
        summary = services.run_daily(today)
        for code, count in summary.items.items():
            self.stdout.write(
                _("%(rule)s: %(items)d open, %(created)d notices sent (%(escalated)d escalated)")
                % {
                    "rule": code,
                    "items": count,
                    "created": summary.created.get(code, 0),
                    "escalated": summary.escalated.get(code, 0),
                }
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(date)s: %(created)d notices sent, %(resolved)d closed, %(emails)d emails, "
                    "%(digests)d digests."
                )
                % {
                    "date": today.strftime("%d/%m/%Y"),
                    "created": summary.total_created,
                    "resolved": summary.resolved,
                    "emails": summary.emails,
                    "digests": summary.digests,
                }
            )
        )
