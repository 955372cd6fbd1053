from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.dues.models import Category, DuesRule
from members.models import Member
from partybloc.forms import (
    CapitalizedLabels,
    DateField,
    RefusesNullCharacters,
    dates_in_range,
    form_helper,
)

# Whole đồng: a month's dues of the best paid member are a few hundred thousand.
MAX_AMOUNT = 1_000_000_000


class MonthField(forms.DateField):
    """A month, picked (yyyy-mm) or typed mm/yyyy; its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m", "%m/%Y"])
        super().__init__(**kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        if day and not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Enter a month between 2000 and 2100."))
        return day.replace(day=1) if day else day


class PaymentForm(RefusesNullCharacters, CapitalizedLabels, forms.Form):
    """Money a member of the cell paid (it pays the oldest unpaid month first)."""

    member = forms.ModelChoiceField(label=_("member"), queryset=Member.objects.none())
    amount = forms.IntegerField(label=_("amount (đ)"), min_value=1, max_value=MAX_AMOUNT)
    paid_on = DateField(label=_("paid on"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["paid_on"].initial = timezone.localdate

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("The payment date cannot be in the future."))
        return paid_on


class RemittanceForm(RefusesNullCharacters, CapitalizedLabels, forms.Form):
    month = MonthField(label=_("month collected"))
    amount = forms.IntegerField(label=_("amount remitted (đ)"), min_value=0, max_value=MAX_AMOUNT)
    remitted_on = DateField(label=_("remitted on"))
    note = forms.CharField(label=_("note"), max_length=255, required=False)


class IncomeBasisForm(RefusesNullCharacters, CapitalizedLabels, forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    monthly_income = forms.IntegerField(
        label=_("monthly income (đ)"),
        min_value=0,
        max_value=10 * MAX_AMOUNT,
        initial=0,
        help_text=_(
            "Salary and allowances, or the pension, in đồng a month (342-QĐ/TW). Not used for "
            "students and other members, who pay a fixed amount."
        ),
    )
    effective_from = DateField(label=_("effective from"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class DuesRuleForm(RefusesNullCharacters, CapitalizedLabels, forms.ModelForm):
    formfield_callback = dates_in_range

    class Meta:
        model = DuesRule
        fields = [
            "name",
            "effective_from",
            "salary_percent",
            "pension_percent",
            "student_amount",
            "other_amount",
            "subordinate_cell_keeps_percent",
            "grassroots_keeps_percent",
            "rounding",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
