from django.contrib import admin
from django.db import models
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
