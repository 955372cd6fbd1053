from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PartyblocConfig(AppConfig):
    name = "partybloc"
    default = True

    def ready(self):
        # The empty choice of every select built from a model field's choices ("- Select an
        # option -" by default, which Django's catalogue leaves in English) reads as the
        # empty choice of our own fields (partybloc.forms.CapitalizedLabels). Django 6.1 names
        # this module attribute as the place to change it.
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        fields.BLANK_CHOICE_LABEL = _("— choose —")


class PartyblocAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "partybloc.admin_site.OfficeAdminSite"
