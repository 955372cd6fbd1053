from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.models import LeadershipPosition, Member, MemberPlacement, MemberStatusChange
from partybloc import notes


class _HistoryInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(_HistoryInline):
    model = MemberStatusChange
    # The reason the portal wrote is a note (partybloc.notes): shown in the reader's language.
    exclude = ["reason"]
    readonly_fields = ["reason_shown"]

    @admin.display(description=_("reason"))
    def reason_shown(self, change: MemberStatusChange) -> str:
        return notes.shown(change.reason)


class PlacementInline(_HistoryInline):
    model = MemberPlacement
    exclude = ["note"]
    readonly_fields = ["note_shown"]

    @admin.display(description=_("note"))
    def note_shown(self, placement: MemberPlacement) -> str:
        return notes.shown(placement.note)


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
