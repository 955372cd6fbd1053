"""Print the current sign-in code of a demo login (one whose device holds the published demo
key), so that people trying the demo need no authenticator app. Any other device is refused:
a real user's codes are never printed."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybloc.accounts import two_factor


class Command(BaseCommand):
    help = gettext_lazy("Print the current two-factor sign-in code of a demo login.")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        device = two_factor.demo_device(user) if user else None
        if device is None:
            raise CommandError(
                _(
                    "%(username)s has no demo device: codes are printed only for the demo "
                    "logins made by seed_demo, never for a real user's authenticator."
                )
                % {"username": username}
            )
        self.stdout.write(two_factor.current_code(device))
