from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import (
    ACTIVE_STATUSES,
    PARTY_CARD_TAKEN,
    Gender,
    LeadershipPosition,
    Member,
    Status,
    TheoryLevel,
    add_years,
)
from organizations.forms import OrganizationChoiceField
from organizations.models import Organization
from partybloc.forms import (
    CapitalizedLabels,
    DateField,
    DateInput,
    RefusesNullCharacters,
    ShowsHiddenErrors,
    dates_in_range,
    form_helper,
)
from partybloc.pickers import SearchesItsChoices


def member_label(member: Member) -> str:
    """A member as a choice names the cell too: namesakes are many in a province."""
    return f"{member.full_name} — {member.organization.name}"


class MemberChoiceField(SearchesItsChoices, forms.ModelChoiceField):
    """The field that chooses a member among many (a bloc holds thousands): a picker that
    searches members:pick; each choice reads "name — cell", the cells read with the choices."""

    picker_url = "members:pick"
    not_chosen_message = _("Choose one of the members found for “%(text)s” in the list.")

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", _("— choose —"))
        super().__init__(Member.objects.none() if queryset is None else queryset, **kwargs)

    def _get_queryset(self):
        return self._queryset

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related("organization")
        super()._set_queryset(queryset)

    queryset = property(_get_queryset, _set_queryset)

    def label_from_instance(self, member):
        return member_label(member)


class SeenVersion(forms.IntegerField):
    """The version of the member's record the page showed (Member.version), sent back with
    the change so that the service refuses it when the record changed in between."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": _("This page is out of date: open it again and enter the change again."),
        "invalid": _("This page is out of date: open it again and enter the change again."),
    }

    def __init__(self, **kwargs):
        super().__init__(label="", min_value=0, **kwargs)
        self.error_messages["min_value"] = self.error_messages["invalid"]


class MemberForm(RefusesNullCharacters, CapitalizedLabels, forms.ModelForm):
    """The member's record. Cell and status change through their own forms once registered."""

    came_from = forms.CharField(
        label=_("transferred in from"),
        max_length=255,
        required=False,
        help_text=_("For a member coming from outside the bloc: their former party organization."),
    )
    joined_on = DateField(
        label=_("in this cell since"),
        required=False,
        help_text=_("Leave empty if the member has been in this cell since admission."),
    )

    class Meta:
        formfield_callback = dates_in_range  # every date in DateField's years
        model = Member
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "ethnicity",
            "religion",
            "hometown",
            "national_id",
            "party_card_number",
            "admitted_on",
            "official_on",
            "organization",
            "job",
            "position",
            "education",
            "theory_level",
            "youth_union_member",
            "residence",
            "residential_cell",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "admitted_on": DateInput(),
            "official_on": DateInput(),
        }
        field_classes = {
            "organization": OrganizationChoiceField,
            # Years outside 1900-2100 refused as typing mistakes (31/12/9999).
            "date_of_birth": DateField,
            "admitted_on": DateField,
            "official_on": DateField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["national_id"].widget.attrs.update(inputmode="numeric", maxlength=12)
        self.fields["party_card_number"].widget.attrs.update(inputmode="numeric", maxlength=12)
        if self.instance.pk:
            for name in ("organization", "came_from", "joined_on"):
                del self.fields[name]
        else:
            self.fields["organization"].queryset = Organization.objects.member_destinations_for(
                user
            ).order_by("path")
            self.fields["organization"].search_within(scope="destinations")
        self.helper = form_helper()

    def clean_party_card_number(self):
        # On the field, where the user corrects it: the database's constraint is conditional
        # (members without a card), and Django says such a constraint's error above the form.
        # The number itself is in no message, so in no log.
        number = self.cleaned_data.get("party_card_number") or None
        others = Member.objects.exclude(pk=self.instance.pk)
        if number and others.filter(party_card_number=number).exists():
            raise forms.ValidationError(PARTY_CARD_TAKEN, code="unique")
        return number

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Enter the full name: family, middle and given name."))
        return name

    def clean(self):
        cleaned = super().clean()
        joined_on = cleaned.get("joined_on")
        admitted_on = cleaned.get("admitted_on")
        if joined_on and admitted_on and joined_on < admitted_on:
            self.add_error("joined_on", _("A member joins a cell on or after admission."))
        if joined_on and joined_on > timezone.localdate():
            self.add_error("joined_on", _("The date cannot be in the future."))
        official_on = cleaned.get("official_on")
        if self.instance.pk and self.instance.official_on != official_on:
            # Recognition is a status change with its own date; it is not edited here.
            self.add_error("official_on", _("Use the status form to record recognition."))
        return cleaned


class TransferForm(ShowsHiddenErrors, RefusesNullCharacters, CapitalizedLabels, forms.Form):
    WITHIN, OUT, BACK_IN = "within", "out", "back_in"
    kind = forms.ChoiceField(
        label=_("transfer"),
        choices=[(WITHIN, _("to another cell of the bloc")), (OUT, _("out of the bloc"))],
        widget=forms.RadioSelect,
        initial=WITHIN,
    )
    to = OrganizationChoiceField(label=_("to the cell"), required=False)
    destination = forms.CharField(
        label=_("to the party organization"), max_length=255, required=False
    )
    came_from = forms.CharField(
        label=_("from the party organization"), max_length=255, required=False
    )
    effective_on = DateField(label=_("effective on"), initial=timezone.localdate)
    note = forms.CharField(label=_("note"), max_length=255, required=False)
    seen = SeenVersion()

    def __init__(self, *args, member, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["seen"].initial = member.version()
        self.fields["to"].queryset = (
            Organization.objects.member_destinations_for(user)
            .exclude(pk=member.organization_id)
            .order_by("path")
        )
        self.fields["to"].search_within(scope="destinations")
        if member.status == Status.TRANSFERRED_OUT:
            self.fields["kind"].choices = [(self.BACK_IN, _("back into the bloc"))]
            self.fields["kind"].initial = self.BACK_IN
            del self.fields["destination"]
        else:
            del self.fields["came_from"]
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in (self.WITHIN, self.BACK_IN) and not cleaned.get("to"):
            self.add_error("to", _("Choose the cell the member moves to."))
        if kind == self.OUT and not (cleaned.get("destination") or "").strip():
            self.add_error("destination", _("Name the party organization the member moves to."))
        if kind == self.BACK_IN and not (cleaned.get("came_from") or "").strip():
            self.add_error("came_from", _("Name the party organization the member comes from."))
        return cleaned


class StatusChangeForm(ShowsHiddenErrors, RefusesNullCharacters, CapitalizedLabels, forms.Form):
    status = forms.ChoiceField(label=_("new status"))
    effective_on = DateField(label=_("effective on"), initial=timezone.localdate)
    decision_number = forms.CharField(label=_("decision number"), max_length=50, required=False)
    reason = forms.CharField(label=_("reason"), max_length=255, required=False)
    seen = SeenVersion()

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = member.version()
        self.fields["status"].choices = [
            (status, Status(status).label) for status in member.allowed_next_statuses()
        ]
        self.helper = form_helper()


AGE_BANDS = [
    ("0-29", _("under 30")),
    ("30-39", _("30 to 39")),
    ("40-49", _("40 to 49")),
    ("50-59", _("50 to 59")),
    ("60-", _("60 and over")),
]


class MemberFilterForm(CapitalizedLabels, forms.Form):
    ACTIVE = "active"
    ADVANCED = (
        "organization",
        "status",
        "gender",
        "age",
        "theory_level",
        "admitted_from",
        "admitted_to",
    )
    q = forms.CharField(
        label=_("search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("name, national ID, card")}),
    )
    organization = OrganizationChoiceField(label=_("organization"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False)
    gender = forms.ChoiceField(
        label=_("gender"), required=False, choices=[("", _("all")), *Gender.choices]
    )
    age = forms.ChoiceField(label=_("age"), required=False, choices=[("", _("all")), *AGE_BANDS])
    theory_level = forms.ChoiceField(
        label=_("political theory"), required=False, choices=[("", _("all")), *TheoryLevel.choices]
    )
    admitted_from = DateField(label=_("admitted from"), required=False)
    admitted_to = DateField(label=_("admitted to"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user)
            .active()
            .exclude(kind=Organization.Kind.BLOC)
            .order_by("path")
        )
        self.fields["organization"].empty_label = _("all in my scope")
        self.fields["organization"].search_within(
            active="1",
            empty="all",
            kind=[k for k in Organization.Kind.values if k != Organization.Kind.BLOC],
        )
        self.fields["status"].choices = [
            (self.ACTIVE, _("active members")),
            ("", _("all")),
            *Status.choices,
        ]

    def filter(self, members):
        data = self.cleaned_data
        if data.get("organization"):
            members = members.in_subtree(data["organization"])
        status = data.get("status")
        if status == self.ACTIVE:
            members = members.filter(status__in=ACTIVE_STATUSES)
        elif status:
            members = members.filter(status=status)
        if data.get("gender"):
            members = members.filter(gender=data["gender"])
        if data.get("theory_level"):
            members = members.filter(theory_level=data["theory_level"])
        if data.get("admitted_from"):
            members = members.filter(admitted_on__gte=data["admitted_from"])
        if data.get("admitted_to"):
            members = members.filter(admitted_on__lte=data["admitted_to"])
        if data.get("age"):
            members = _filter_age(members, data["age"])
        if data.get("q"):
            members = members.search(data["q"])
        return members


def _filter_age(members, band):
    """An age band as a birth-date range, so the filter is an indexable comparison."""
    today = timezone.localdate()
    youngest, oldest = band.split("-")
    if youngest:  # at least `youngest` years old today
        members = members.filter(date_of_birth__lte=add_years(today, -int(youngest)))
    if oldest:  # not yet `oldest + 1` years old today
        members = members.filter(date_of_birth__gt=add_years(today, -(int(oldest) + 1)))
    return members


class PositionForm(CapitalizedLabels, forms.ModelForm):
    class Meta:
        model = LeadershipPosition
        fields = ["member", "post", "started_on", "decision_number"]
        widgets = {"started_on": DateInput()}
        field_classes = {"member": MemberChoiceField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].input_formats = DateField().input_formats
        self.fields["member"].queryset = (
            Member.objects.in_subtree(organization).active().order_by("sort_key")
            if organization.kind != Organization.Kind.BLOC
            else Member.objects.active().order_by("sort_key")
        )
        self.fields["member"].search_within(under=organization.pk)
        self.helper = form_helper()
