from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PartyblocConfig(AppConfig):
    name = "partybloc"
    default = True


class PartyblocAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "partybloc.admin_site.OfficeAdminSite"
