from django.contrib import admin

from members.models import (
    AdmissionRule,
    AdmissionStep,
    Directive,
    LeadershipPosition,
    Member,
    MemberPlacement,
    MemberStatusChange,
    RatingLevel,
    RatingRule,
    RatingScale,
    Target,
    TargetGroup,
)


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


# The rules of the year's work are data: the office adds a new version with the date or year it
# takes effect, and past years keep theirs.


class AdmissionStepInline(admin.TabularInline):
    model = AdmissionStep
    extra = 0


@admin.register(AdmissionRule)
class AdmissionRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "effective_from", "min_age", "max_age", "certificate_valid_months"]
    inlines = [AdmissionStepInline]


class RatingLevelInline(admin.TabularInline):
    model = RatingLevel
    extra = 0


class RatingRuleInline(admin.TabularInline):
    model = RatingRule
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "subject", "first_year", "last_year", "uses_points"]
    list_filter = ["subject"]
    inlines = [RatingLevelInline, RatingRuleInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 1


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "order"]
    list_filter = ["year"]
    inlines = [TargetInline]


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "issued_on"]
    search_fields = ["number", "title"]
