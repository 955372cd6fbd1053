from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organizations.access import is_office_staff
from partybloc.accounts import two_factor
from partybloc.forms import DateField


class OfficeAdminSite(admin.AdminSite):
    """Django admin, open only to the bloc office staff (and superusers)."""

    site_header = _("partybloc administration")
    site_title = _("partybloc administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every date the admin edits is typed in the portal's DateField: a year like 9999 is
        refused on its field, as on the portal's own forms."""
        super().register(model_or_iterable, admin_class, **options)
        for model_admin in self._registry.values():
            model_admin.formfield_overrides.setdefault(models.DateField, {})["form_class"] = (
                DateField
            )

    def has_permission(self, request):
        user = request.user
        # The sign-in steps already hold an unverified session at the code page; the admin asks
        # again, so that no route into it can skip the second factor.
        return (
            user.is_active
            and user.is_staff
            and (user.is_superuser or is_office_staff(user))
            and two_factor.satisfied(user)
        )


def boolean_icon(value: bool | None) -> str:
    """The admin's yes/no icon, its text in the reader's language: Django's own writes
    alt="True" / "False" / "None", which a screen reader reads out in English."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("yes"), False: gettext("no"), None: gettext("unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


# Django's list and forms look the icon up by this name each time they draw one.
admin_list._boolean_icon = boolean_icon
