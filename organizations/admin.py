from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from organizations.models import HostAgency, Organization, ParentLink, RoleAssignment


@admin.register(HostAgency)
class HostAgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "workforce"]
    search_fields = ["name"]


class ParentLinkInline(admin.TabularInline):
    model = ParentLink
    fk_name = "organization"
    extra = 0
    can_delete = False
    readonly_fields = ["parent", "valid_from", "valid_to"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Founding and restructuring go through the portal's pages, which keep the history;
    here the office corrects a record's details."""

    list_display = ["name", "kind", "parent", "founded_on", "ended_on"]
    list_filter = ["kind", "ended_on"]
    search_fields = ["name", "name_folded"]
    list_select_related = ["parent"]
    readonly_fields = ["kind", "parent", "path", "ended_on", "end_kind", "successor"]
    inlines = [ParentLinkInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IdsOnlyAutocomplete(AutocompleteSelect):
    """Django's autocomplete shows the posted choice again after an error by looking it up,
    which fails on a value that is not an id (a crafted POST): such a value shows as none."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["user", "organization"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["widget"] = IdsOnlyAutocomplete(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
