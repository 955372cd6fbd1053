from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from members.forms import MemberChoiceField
from members.models import Member, national_id_mismatch
from members.year.models import (
    AdmissionStep,
    Candidate,
    Commitment,
    ImplementationPlan,
    Rating,
    RatingLevel,
    RatingScale,
    candidate_cells,
)
from members.year.services import Entry
from organizations.forms import OrganizationChoiceField
from organizations.models import Organization
from partybloc.forms import (
    CapitalizedLabels,
    DateField,
    DateInput,
    ModelMultipleIdsField,
    RefusesNullCharacters,
    check_upload,
    form_helper,
)


class CandidateForm(RefusesNullCharacters, CapitalizedLabels, forms.ModelForm):
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
        field_classes = {"organization": OrganizationChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].input_formats = DateField().input_formats
        self.fields["organization"].queryset = candidate_cells(user).order_by("path")
        self.fields["organization"].search_within(scope="candidates")
        self.helper = form_helper()

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


class StepForm(RefusesNullCharacters, CapitalizedLabels, forms.Form):
    done_on = DateField(label=_("date"))
    document_number = forms.CharField(label=_("document number"), max_length=50, required=False)
    document = forms.FileField(label=_("document (PDF, Word or a scan)"), required=False)
    note = forms.CharField(label=_("note"), max_length=255, required=False)
    helper_member = forms.ModelChoiceField(
        label=_("member assigned to help"), queryset=Member.objects.none(), required=False
    )
    introducers = ModelMultipleIdsField(
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
        self.helper = form_helper()

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
        field_classes = {"organization": OrganizationChoiceField}
        labels = {"organization": _("party organization")}
        widgets = {"adopted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organizations, under: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"].input_formats = DateField().input_formats
        self.fields["organization"].queryset = organizations
        self.fields["organization"].search_within(
            scope="plans", **({"under": under} if under else {})
        )
        self.helper = form_helper()

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):
            check_upload(upload)
        return upload


class CommitmentForm(CapitalizedLabels, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["member", "text"]
        labels = {"member": _("party member")}
        field_classes = {"member": MemberChoiceField}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, members, under: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].search_within(
            scope="commitments", **({"under": under} if under else {})
        )
        self.helper = form_helper()


class RatingRowForm(RefusesNullCharacters, forms.Form):
    """One row of a rating grid: a member of a cell, or an organization rated by the level
    above. A level (on a 100-point scale, the points, which decide the level) or the reason it
    is not rated, and the self-assessment."""

    level = forms.ChoiceField(label=_("Level"), required=False)
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100, required=False)
    not_rated = forms.ChoiceField(
        label=_("Not rated because"),
        choices=[
            ("", "—"),
            *((value, capfirst(label)) for value, label in Rating.NotRated.choices),
        ],
        required=False,
    )
    self_assessment = forms.CharField(label=_("Self-assessment"), max_length=2000, required=False)

    def __init__(
        self,
        *args,
        subject: Member | Organization,
        scale: RatingScale,
        levels: list[RatingLevel],
        rating: Rating | None,
        disabled: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.subject, self.rating = subject, rating
        self.levels = {str(level.pk): level for level in levels}
        if scale.uses_points:
            del self.fields["level"]
        else:
            del self.fields["points"]
            self.fields["level"].choices = [("", "—")] + [
                (str(level.pk), level.label) for level in levels
            ]
        for field in self.fields.values():
            field.disabled = disabled
            field.widget.attrs.update(
                {
                    "class": "form-select form-select-sm"
                    if isinstance(field, forms.ChoiceField)
                    else "form-control form-control-sm",
                    # The column heads are hidden on a phone: each box names its field and
                    # the member (or organization) it rates.
                    "aria-label": _("%(field)s — %(name)s")
                    % {"field": field.label, "name": self.name},
                }
            )

    @property
    def name(self) -> str:
        return getattr(self.subject, "full_name", None) or self.subject.name

    def clean_level(self) -> RatingLevel | None:
        return self.levels.get(self.cleaned_data["level"])

    def clean(self):
        cleaned = super().clean()
        rated = cleaned.get("level") is not None or cleaned.get("points") is not None
        if self.errors:
            return cleaned
        if rated and cleaned.get("not_rated"):
            raise ValidationError(_("Give a level or a reason for not rating, not both."))
        if not rated and not cleaned.get("not_rated"):
            if cleaned.get("self_assessment"):
                raise ValidationError(
                    _("A self-assessment needs a level or a reason for not rating.")
                )
            if self.rating is not None:
                raise ValidationError(
                    _("A saved rating cannot be emptied: give a level or a reason for not rating.")
                )
        return cleaned

    def _post_clean(self):
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def entry(self) -> Entry:
        data = self.cleaned_data
        if isinstance(self.subject, Member):
            subject = {"member": self.subject}
        else:
            subject = {"organization": self.subject}
        return Entry(
            **subject,
            level=data.get("level"),
            points=data.get("points"),
            not_rated=data.get("not_rated", ""),
            self_assessment=data.get("self_assessment", ""),
        )


class BaseRatingGrid(forms.BaseFormSet):
    """A year's rating grid, one row per subject in the order the page listed them: a cell's
    members, or the organizations a committee or the bloc rates. The page carries the list it
    showed, so a grid posted after the list changed is refused rather than saved on the wrong
    rows."""

    def __init__(
        self,
        data=None,
        *,
        subjects: list[Member] | list[Organization],
        scale: RatingScale,
        existing: dict[int, Rating],
        disabled: bool = False,
    ):
        self.subjects, self.scale, self.existing = subjects, scale, existing
        self.levels = list(scale.levels.all())
        self.disabled = disabled
        initial = [self._initial(existing.get(subject.pk)) for subject in subjects]
        super().__init__(data, prefix="rating", initial=initial)

    @staticmethod
    def _initial(rating: Rating | None) -> dict:
        if rating is None:
            return {}
        return {
            "level": str(rating.level_id or ""),
            "points": rating.points,
            "not_rated": rating.not_rated,
            "self_assessment": rating.self_assessment,
        }

    @property
    def subject_list(self) -> str:
        return ",".join(str(subject.pk) for subject in self.subjects)

    def initial_form_count(self) -> int:
        return len(self.subjects)

    def total_form_count(self) -> int:
        return len(self.subjects)

    def get_form_kwargs(self, index: int) -> dict:
        subject = self.subjects[index]
        return {
            "subject": subject,
            "scale": self.scale,
            "levels": self.levels,
            "rating": self.existing.get(subject.pk),
            "disabled": self.disabled,
        }

    def clean(self):
        if self.data.get(f"{self.prefix}-subjects") != self.subject_list:
            raise ValidationError(
                _("The list changed since this page was opened: open it again and save.")
            )

    def entries(self) -> list[Entry]:
        return [form.entry() for form in self.forms]


RatingGrid = forms.formset_factory(RatingRowForm, formset=BaseRatingGrid, extra=0)


class ReturnForm(RefusesNullCharacters, forms.Form):
    """What the level above says must be corrected when it returns a grid of ratings."""

    comment = forms.CharField(
        label=_("What must be corrected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
