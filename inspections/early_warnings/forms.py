from django import forms
from django.utils.translation import gettext_lazy as _

from inspections.early_warnings.choices import WarningDecision
from partybloc.forms import CapitalizedLabels, RefusesNullCharacters, form_helper


class CloseWarningForm(CapitalizedLabels, RefusesNullCharacters, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("", _("— choose —")), *WarningDecision.choices],
        error_messages={"required": _("Choose a decision.")},
    )
    decision_reason = forms.CharField(
        label=_("reason for the decision"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
