from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organizations.access import is_office_staff
from partybloc.accounts import two_factor


class OfficeAdminSite(admin.AdminSite):
    """Django admin, open only to the bloc office staff (and superusers)."""

    site_header = _("partybloc administration")
    site_title = _("partybloc administration")

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
