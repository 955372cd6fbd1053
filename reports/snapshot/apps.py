from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SnapshotConfig(AppConfig):
    name = "reports.snapshot"
    label = "snapshot"
    verbose_name = _("Month-end figures")
