from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearConfig(AppConfig):
    name = "members.year"
    label = "year"
    verbose_name = _("Year's work")
