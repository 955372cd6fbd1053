from django.contrib import admin

from members.models import LeadershipPosition, Member, MemberPlacement, MemberStatusChange


class _HistoryInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(_HistoryInline):
    model = MemberStatusChange


class PlacementInline(_HistoryInline):
    model = MemberPlacement


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """Members are registered, moved and change status through the portal's pages, which
    write the history; the admin only reads it and corrects the record's details."""

    list_display = ["full_name", "organization", "status", "admitted_on"]
    list_filter = ["status", "gender", "theory_level"]
    search_fields = ["search_text"]
    list_select_related = ["organization"]
    readonly_fields = ["organization", "status", "status_since", "official_on"]
    inlines = [StatusChangeInline, PlacementInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LeadershipPosition)
class LeadershipPositionAdmin(admin.ModelAdmin):
    list_display = ["member", "post", "organization", "started_on", "ended_on"]
    list_filter = ["post"]
    list_select_related = ["member", "organization"]
    raw_id_fields = ["member", "organization"]
