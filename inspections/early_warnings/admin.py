from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from inspections.early_warnings.models import EarlyWarning


@admin.register(EarlyWarning)
class EarlyWarningAdmin(admin.ModelAdmin):
    """Read only: a warning is raised by the daily run and closed by a decision on its page,
    never edited or deleted here."""

    list_display = ["kind", "member", "organization", "year", "state", "decision", "checked_on"]
    list_filter = ["kind", "state", "year"]
    list_select_related = ["member", "organization"]
    search_fields = ["member__full_name", "organization__name"]
    # The evidence is data for the warning's page, which reads it (dated, linked): the admin
    # shows the summary and a link there, not the stored JSON.
    exclude = ["evidence", "weight"]
    readonly_fields = ["evidence_summary"]

    @admin.display(description=_("evidence"))
    def evidence_summary(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.summary())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
