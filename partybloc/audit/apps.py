from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The trail of personal data: who viewed or exported it (the access log), and the history
    of changes to the register read back in words."""

    name = "partybloc.audit"
    label = "audit"
    verbose_name = _("audit")
