"""Load the demo bloc (see partybloc.demo) into an empty database, with a login per role."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from organizations.models import Organization
from partybloc import demo
from partybloc.accounts import two_factor
from partybloc.notifications import services as notifications


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse formats a str, not lazy text: translate when asked
        return _(
            "Load a demo party bloc shaped like Ninh Thuận's (56 grassroots organizations, "
            "161 subordinate cells, about 2,300 members, with their history) and one demo user "
            "per role. The same data on every run, except dates counted back from today."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=_("Multiply the grassroots organizations and members by N (default 1)."),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing when the database already holds organizations."),
        )

    def handle(self, *args, scale, if_empty, **options):
        if scale < 1:
            raise CommandError(_("--scale must be 1 or more."))
        if Organization.objects.exists():
            if not if_empty:
                raise CommandError(
                    _(
                        "The database already holds organizations; the demo loads only into an "
                        "empty one."
                    )
                )
            self.stdout.write(_("The database already holds organizations: nothing loaded."))
            self.write_logins()
            return

        started = time.perf_counter()
        plan = demo.build(scale=scale)
        built = time.perf_counter()
        demo.load(plan)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses a handful of rows for a bulk-loaded table.
            # The portal's tables by name: a bare ANALYZE also takes the shared catalogs and
            # waits behind any session of the server that holds one.
            with connection.cursor() as cursor:
                tables = connection.introspection.table_names(cursor)
                cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
        saved = time.perf_counter()
        # Today's reminders, as the daily run sends them: the demo users find them under the
        # bell at once (the run itself is `manage.py daily_run`, safe to repeat).
        reminders = notifications.run_daily(plan.today)

        active = len(plan.active_members)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Loaded %(organizations)d organizations and %(members)d members "
                    "(%(active)d active) at scale %(scale)d."
                )
                % {
                    "organizations": len(plan.organizations),
                    "members": len(plan.members),
                    "active": active,
                    "scale": scale,
                }
            )
        )
        self.stdout.write(
            _("Built in %(built).1f s, saved in %(saved).1f s, %(total).1f s in all.")
            % {"built": built - started, "saved": saved - built, "total": saved - started}
        )
        self.stdout.write(
            _("Today's reminders: %(created)d notices (%(rules)s).")
            % {
                "created": reminders.total_created,
                "rules": ", ".join(
                    f"{code} {count}" for code, count in reminders.created.items() if count
                ),
            }
        )
        self.write_logins()

    def write_logins(self):
        rows = demo.demo_logins()
        if not rows:
            return
        headers = (_("Username"), _("Role"), _("Organization"))
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
        self.stdout.write("")
        for row in [headers, tuple("-" * width for width in widths), *rows]:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
        self.stdout.write(
            _("Password for all demo users: %(password)s") % {"password": demo.DEMO_PASSWORD}
        )
        office = get_user_model().objects.filter(username="vanphong").first()
        if office and two_factor.demo_device(office):
            self.stdout.write(
                _(
                    "vanphong also enters a 6-digit code: `manage.py totp_code vanphong` prints "
                    "the current one, or add the demo key %(secret)s to an authenticator app."
                )
                % {"secret": two_factor.DEMO_SECRET}
            )
