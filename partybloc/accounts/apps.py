from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in and sessions: two-factor codes, session limits, temporary passwords, locks."""

    name = "partybloc.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from partybloc.accounts import sessions

        # Django's login() is the one moment every sign-in passes through (the form, an email
        # reset, a test's force_login): the session learns when it started and what it still owes.
        user_logged_in.connect(sessions.start, dispatch_uid="partybloc.accounts.sessions.start")
