from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organizations import access
from partybloc.notifications.models import ReminderRule
from partybloc.notifications.rules import LABELS, RULES

# The reminder rules are data: the office changes one by adding a version with the date it
# takes effect; the daily run of a past day reads the version in force then.


class ReminderRuleForm(forms.ModelForm):
    class Meta:
        model = ReminderRule
        fields = [
            "code",
            "name",
            "enabled",
            "days_before",
            "days_after",
            "escalate_to_committee_after",
            "escalate_to_bloc_after",
            "first_level",
            "effective_from",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = sorted(RULES)
        self.fields["code"] = forms.ChoiceField(
            label=self.fields["code"].label,
            choices=[(code, LABELS[code]) for code in codes],
        )


class RuleFilter(admin.SimpleListFilter):
    """The rules by what they chase, not by their codes (the office reads Vietnamese)."""

    title = _("rule")
    parameter_name = "code"

    def lookups(self, request, model_admin):
        return [(code, LABELS[code]) for code in sorted(RULES)]

    def queryset(self, request, queryset):
        return queryset.filter(code=self.value()) if self.value() else queryset


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    form = ReminderRuleForm
    list_display = [
        "name",
        "rule",
        "enabled",
        "days_before",
        "days_after",
        "escalate_to_committee_after",
        "escalate_to_bloc_after",
        "effective_from",
    ]
    list_filter = [RuleFilter, "enabled"]
    ordering = ["code", "-effective_from"]

    @admin.display(description=_("rule"), ordering="code")
    def rule(self, obj):
        return LABELS.get(obj.code, obj.code)

    # The bloc office keeps the rules, whatever Django permissions its accounts were given.
    def has_view_permission(self, request, obj=None):
        return access.can_edit_reminder_rules(request.user)

    def has_add_permission(self, request):
        return access.can_edit_reminder_rules(request.user)

    def has_change_permission(self, request, obj=None):
        return access.can_edit_reminder_rules(request.user)

    def has_module_permission(self, request):
        return access.can_edit_reminder_rules(request.user)
