from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access
from organizations.forms import OrganizationChoiceField
from organizations.models import Organization
from partybloc.forms import CapitalizedLabels, RefusesNullCharacters
from partybloc.types import User
from reports import outline
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
        self.fields["scope"].search_within(scope="reports")
        self.fields["period"].choices = _periods()


class ReportForm(CapitalizedLabels, forms.ModelForm):
    class Meta:
        model = Report
        fields = [
            "issued_on",
            "place",
            "instruction",
            "signed_by",
            "signer_is_deputy",
            "recipients",
        ]
        widgets = {
            "recipients": forms.Textarea(attrs={"rows": 3}),
            "issued_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        }


class NarrativeForm(RefusesNullCharacters, forms.Form):
    """The report's sections as written (narrative_<key>): text the page keeps as typed, refused
    with a message on its section when it can not be stored (a NUL character)."""

    def narrative(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"narrative_{key}"] for key in outline.NARRATIVE_KEYS}

    def text(self, key: str, stored: str) -> str:
        """What the section's box shows: the text as posted, else as stored."""
        return self.data.get(f"narrative_{key}", stored) if self.is_bound else stored


for _key in outline.NARRATIVE_KEYS:
    NarrativeForm.base_fields[f"narrative_{_key}"] = forms.CharField(required=False, strip=False)
