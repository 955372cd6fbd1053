from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access
from organizations.forms import OrganizationChoiceField
from organizations.models import Organization
from partybloc.forms import CapitalizedLabels
from partybloc.types import User
from reports.figures import Period
from reports.models import Report


def _periods() -> list[tuple[str, str]]:
    year = timezone.localdate().year
    choices = []
    for y in (year, year - 1, year - 2):
        for code in (f"{y}", f"{y}H1"):
            choices.append((code, Period.parse(code).label))
    return choices


class NewReportForm(CapitalizedLabels, forms.Form):
    scope = OrganizationChoiceField(label=_("organization"))
    period = forms.ChoiceField(label=_("period"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = (
            Organization.objects.visible_to(user)
            .active()
            .filter(access.report_scope_q(user))
            .order_by("depth", "sort_key")
        )
        self.fields["period"].choices = _periods()


class ReportForm(CapitalizedLabels, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["number", "place", "signed_by", "recipients"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 3})}
