from django.contrib import admin

from members.year.models import (
    AdmissionRule,
    AdmissionStep,
    Directive,
    RatingLevel,
    RatingRule,
    RatingScale,
    Target,
    TargetGroup,
)

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
