from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.models import (
    Complaint,
    Decision,
    DisciplineForm,
    Finding,
    Inspection,
    Plan,
    RemediationItem,
)
from inspections.services import MIXED
from members.models import Member
from organizations import access
from organizations.forms import OrganizationChoiceField, OrganizationsChoiceField
from organizations.models import Organization, RoleAssignment
from partybloc.forms import (
    SCAN_KINDS,
    CapitalizedLabels,
    DateField,
    ModelMultipleIdsField,
    RefusesNullCharacters,
    check_upload,
)
from partybloc.people import display_name
from partybloc.registry.choices import Body

Role = RoleAssignment.Role


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = display_name(user)
        return f"{name} ({user.username})" if name != user.username else name


class UsersChoiceField(ModelMultipleIdsField):
    def label_from_instance(self, user):
        return UserChoiceField.label_from_instance(self, user)


def team_candidates():
    """Users who may sit on a team: the bloc's inspectors and office staff."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role__in=[Role.INSPECTOR, Role.OFFICE_STAFF],
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# The organizations a picker offers when the bloc itself is no answer.
NOT_THE_BLOC = [kind for kind in Organization.Kind.values if kind != Organization.Kind.BLOC]


class MemberLookupField(forms.CharField):
    """A member found by national ID or party card number among those the user sees: a list
    of thousands of names is no choice on a phone, and the lookup stays in scope."""

    def __init__(self, *, user=None, **kwargs):
        self.user = user
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault(
            "help_text", _("The member's national ID (12 digits) or party card number.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Member):
            return value.national_id
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        member = (
            Member.objects.visible_to(self.user)
            .filter(Q(national_id=value) | Q(party_card_number=value))
            .select_related("organization")
            .first()
        )
        if member is None:
            raise forms.ValidationError(_("No member you can see has this number."))
        return member


class PlanForm(CapitalizedLabels, forms.ModelForm):
    issued_on = DateField(label=_("issued on"))
    period_start = DateField(label=_("period from"))
    period_end = DateField(label=_("period to"))

    class Meta:
        model = Plan
        fields = [
            "issued_on",
            "superior_body",
            "issuing_body",
            "decided_by",
            "place",
            "title",
            "period_start",
            "period_end",
            "themes",
            "targets",
        ]
        widgets = {
            "themes": forms.Textarea(attrs={"rows": 3}),
            "targets": forms.SelectMultiple(attrs={"size": 12}),
        }
        field_classes = {"targets": OrganizationsChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = (
            Organization.objects.visible_to(user)
            .active()
            .exclude(kind=Organization.Kind.BLOC)
            .order_by("path")
        )
        self.fields["targets"].search_within(active="1", kind=NOT_THE_BLOC)
        # Left out, the standing committee decides (the usual case).
        self.fields["decided_by"].required = False
        if self.instance.pk is None:
            # A new plan takes its number from the register, in the name of its signer.
            self.fields["signed_by"] = forms.CharField(label=_("signed by"), max_length=120)
            self.fields["deputy"] = forms.BooleanField(
                label=_("signed by the deputy"), required=False
            )

    def clean_decided_by(self):
        return self.cleaned_data.get("decided_by") or Body.COMMITTEE

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class DecisionForm(CapitalizedLabels, forms.ModelForm):
    decided_on = DateField(label=_("decided on"))

    class Meta:
        model = Decision
        fields = ["decided_on", "issuing_body"]

    # The number comes from the register, in the name of the signer.
    signed_by = forms.CharField(label=_("signed by"), max_length=120)
    deputy = forms.BooleanField(label=_("signed by the deputy"), required=False)


class TeamForm(CapitalizedLabels, forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    leader = UserChoiceField(label=_("team leader"), queryset=get_user_model().objects.none())
    members = UsersChoiceField(
        label=_("team members"), queryset=get_user_model().objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Inspection.Kind.choices)
    organizations = OrganizationsChoiceField(
        label=_("organizations the team visits"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    starts_on = DateField(label=_("from"))
    ends_on = DateField(label=_("to"))

    def __init__(self, *args, user, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = team_candidates()
        self.fields["members"].queryset = team_candidates()
        self.fields["organizations"].queryset = decision.plan.targets.filter(
            access.organization_scope_q(user)
        ).order_by("path")


class FindingForm(RefusesNullCharacters, CapitalizedLabels, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["category", "topic", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class ConclusionForm(CapitalizedLabels, forms.Form):
    """The notice's date and signer; its number comes from the register of the body that
    decided the inspection."""

    concluded_on = DateField(label=_("concluded on"))
    signed_by = forms.CharField(label=_("signed by"), max_length=120)
    deputy = forms.BooleanField(label=_("signed by the deputy"), required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_by"].help_text = _(
            "The head of %(body)s, or the deputy who signs for them."
        ) % {"body": plan.get_decided_by_display()}


class RemediationItemForm(CapitalizedLabels, forms.ModelForm):
    deadline = DateField(label=_("deadline"))

    class Meta:
        model = RemediationItem
        fields = ["owner", "description", "deadline"]
        field_classes = {"owner": OrganizationChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        # The inspected organization or its cells: nothing beyond what was inspected.
        self.fields["owner"].queryset = (
            Organization.objects.subtree_of(inspection.organization).active().order_by("path")
        )
        self.fields["owner"].search_within(under=inspection.organization_id, active="1")
        self.fields["owner"].initial = inspection.organization


class ProgressForm(CapitalizedLabels, forms.Form):
    STATUSES = [
        (RemediationItem.Status.IN_PROGRESS, RemediationItem.Status.IN_PROGRESS.label),
        (RemediationItem.Status.DONE, RemediationItem.Status.DONE.label),
    ]
    reported_on = DateField(label=_("reported on"))
    text = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("status"), choices=STATUSES)
    evidence = forms.FileField(label=_("evidence"), required=False, help_text=_("A scan or a PDF."))

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            check_upload(upload, allowed=SCAN_KINDS)
        return upload


class CarryOverForm(CapitalizedLabels, forms.Form):
    note = forms.CharField(label=_("why it is carried over"), max_length=255)


class ComplaintForm(RefusesNullCharacters, CapitalizedLabels, forms.Form):
    KINDS = [*Complaint.Kind.choices, (MIXED, _("both: complaint and denunciation"))]

    received_on = DateField(label=_("received on"))
    anonymous = forms.BooleanField(label=_("anonymous"), required=False)
    sender = forms.CharField(label=_("sender"), max_length=255, required=False)
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=KINDS,
        help_text=_("A letter with both is registered as two records."),
    )
    about_member = MemberLookupField(label=_("about the member"), required=False)
    about_organization = OrganizationChoiceField(label=_("about the organization"), required=False)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 4}))
    handled_by = forms.CharField(label=_("handled by"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_member"].user = user
        self.fields["about_organization"].queryset = Organization.objects.visible_to(user).order_by(
            "path"
        )

    def clean(self):
        data = super().clean()
        if data.get("anonymous"):
            data["sender"] = ""
        elif "sender" in data and not data["sender"].strip():
            self.add_error("sender", _("Name the sender, or mark the letter anonymous."))
        member, organization = data.get("about_member"), data.get("about_organization")
        if not self.errors and (member is None) == (organization is None):
            raise forms.ValidationError(_("A letter is about either a member or an organization."))
        return data


class ComplaintHandlingForm(CapitalizedLabels, forms.ModelForm):
    resolved_on = DateField(label=_("resolved on"), required=False)

    class Meta:
        model = Complaint
        fields = ["handled_by", "status", "result", "resolved_on"]
        widgets = {"result": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if data.get("status") == Complaint.Status.RESOLVED and not data.get("resolved_on"):
            self.add_error("resolved_on", _("A resolved letter needs the date it was resolved."))
        return data


class DisciplineDecisionForm(CapitalizedLabels, forms.Form):
    member = MemberLookupField(label=_("party member"), required=False)
    organization = OrganizationChoiceField(label=_("party organization"), required=False)
    form = forms.ChoiceField(label=_("form of discipline"), choices=DisciplineForm.choices)
    number = forms.CharField(label=_("decision number"), max_length=50)
    decided_on = DateField(label=_("decided on"))
    issuing_body = forms.CharField(label=_("issuing body"), max_length=120)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    inspection = forms.ModelChoiceField(
        label=_("inspection"), queryset=Inspection.objects.none(), required=False
    )
    complaint = forms.ModelChoiceField(
        label=_("complaint or denunciation"), queryset=Complaint.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].user = user
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user)
            .exclude(kind=Organization.Kind.BLOC)
            .order_by("path")
        )
        self.fields["organization"].search_within(kind=NOT_THE_BLOC)
        self.fields["inspection"].queryset = (
            Inspection.objects.visible_to(user)
            .filter(status__in=Inspection.PUBLISHED)
            .select_related("organization")
        )
        self.fields["complaint"].queryset = Complaint.objects.visible_to(user)
        self.fields["decided_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        member, organization = data.get("member"), data.get("organization")
        if not self.errors and (member is None) == (organization is None):
            raise forms.ValidationError(
                _("A decision disciplines either a member or an organization.")
            )
        return data
