from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member, national_id_mismatch
from members.year.models import AdmissionStep, Candidate, Commitment, ImplementationPlan
from organizations import access
from organizations.models import Organization
from partybloc.forms import CapitalizedLabels, DateField, DateInput, check_upload


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class CandidateForm(CapitalizedLabels, forms.ModelForm):
    course_on = DateField(label=_("awareness course certificate dated"))

    class Meta:
        model = Candidate
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "national_id",
            "organization",
            "job",
            "youth_union_member",
        ]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].input_formats = DateField().input_formats
        cells = Organization.objects.visible_to(user).active().cells().order_by("path")
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[cell.pk for cell in cells if access.can_keep_candidates(user, cell)]
        ).order_by("path")
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        national_id, gender, born = (
            cleaned.get(k) for k in ("national_id", "gender", "date_of_birth")
        )
        if national_id and (len(national_id) != 12 or not national_id.isdigit()):
            self.add_error("national_id", _("A national ID (CCCD) has exactly 12 digits."))
        elif national_id and gender and born:
            problem = national_id_mismatch(national_id, gender, born)
            if problem:
                self.add_error("national_id", problem)
        if national_id and Member.objects.filter(national_id=national_id).exists():
            self.add_error("national_id", _("This person is already a party member."))
        return cleaned


class StepForm(CapitalizedLabels, forms.Form):
    done_on = DateField(label=_("date"))
    document_number = forms.CharField(label=_("document number"), max_length=50, required=False)
    document = forms.FileField(label=_("document (PDF, Word or a scan)"), required=False)
    note = forms.CharField(label=_("note"), max_length=255, required=False)
    helper_member = forms.ModelChoiceField(
        label=_("member assigned to help"), queryset=Member.objects.none(), required=False
    )
    introducers = forms.ModelMultipleChoiceField(
        label=_("introducing members (two)"), queryset=Member.objects.none(), required=False
    )

    def __init__(self, *args, candidate, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        roster = (
            Member.objects.active().filter(organization=candidate.organization).order_by("sort_key")
        )
        if step is not None and step.code == AdmissionStep.Code.HELPER:
            self.fields["helper_member"].queryset = roster
            self.fields["helper_member"].required = True
        else:
            del self.fields["helper_member"]
        if (
            step is not None
            and step.code == AdmissionStep.Code.APPLICATION
            and not candidate.youth_union_member
        ):
            self.fields["introducers"].queryset = roster.exclude(status="probationary")
        else:
            del self.fields["introducers"]
        self.helper = _helper()

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            check_upload(upload, allowed=("pdf", "docx", "doc", "jpg", "png"))
        return upload

    def clean_introducers(self):
        chosen = self.cleaned_data.get("introducers")
        if chosen is not None and len(chosen) != 2:
            raise forms.ValidationError(_("Choose exactly two introducing members."))
        return chosen


class ImplementationPlanForm(CapitalizedLabels, forms.ModelForm):
    class Meta:
        model = ImplementationPlan
        fields = ["organization", "adopted_on", "text", "document"]
        widgets = {"adopted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"].input_formats = DateField().input_formats
        self.fields["organization"].queryset = organizations
        self.helper = _helper()

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):
            check_upload(upload)
        return upload


class CommitmentForm(CapitalizedLabels, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["member", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.helper = _helper()
