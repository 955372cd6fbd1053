from django.contrib import admin

from inspections.models import (
    Complaint,
    Decision,
    DisciplineDecision,
    Inspection,
    Plan,
    RemediationItem,
    Team,
    TeamMember,
)
from partybloc.forms import ModelMultipleIdsField


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans are created on the portal's pages; here the office corrects their details."""

    list_display = ["number", "issued_on", "title", "period_start", "period_end"]
    search_fields = ["number", "title"]
    filter_horizontal = ["targets"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # An id past what the database stores is an unknown choice, not a server error.
        kwargs.setdefault("form_class", ModelMultipleIdsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "decision"]
    list_select_related = ["decision"]
    inlines = [TeamMemberInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "decided_on", "plan"]
    list_select_related = ["plan"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    """Steps (finalize, conclude, close) go through the pages, which check who takes them."""

    list_display = ["organization", "kind", "status", "starts_on", "team"]
    list_filter = ["kind", "status"]
    list_select_related = ["organization", "team"]
    readonly_fields = ["status", "finalized_by", "finalized_at", "concluded_on", "closed_on"]
    raw_id_fields = ["organization"]


@admin.register(RemediationItem)
class RemediationItemAdmin(admin.ModelAdmin):
    list_display = ["description", "owner", "deadline", "status"]
    list_filter = ["status"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "inspection"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["received_on", "kind", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["about_member", "about_organization", "split_from"]


@admin.register(DisciplineDecision)
class DisciplineDecisionAdmin(admin.ModelAdmin):
    """Recorded through the portal (an expulsion writes the member's history); read here."""

    list_display = ["number", "decided_on", "form", "member", "organization"]
    list_filter = ["form", "subject"]
    list_select_related = ["member", "organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
