from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.models import HostAgency, Organization
from partybloc.forms import (
    CapitalizedLabels,
    DateField,
    DateInput,
    KeyedRows,
    ModelMultipleIdsField,
    RowForm,
    check_document,
    form_helper,
)
from partybloc.pickers import SearchesItsChoices


def organization_label(name: str, parent_name: str | None) -> str:
    """An organization as a choice names its parent too: many cells share a name ("Chi bộ Văn
    phòng Sở" in fifteen departments)."""
    return f"{name} — {parent_name}" if parent_name else name


def choice_label(organization: Organization) -> str:
    """organization_label of an organization read with its parent (select_related)."""
    parent = organization.parent if organization.parent_id else None
    return organization_label(organization.name, parent.name if parent else None)


class _NamesTheParent:
    """Each choice reads "name — parent's name", the parents read with the choices."""

    def _get_queryset(self):
        return self._queryset

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related("parent")
        super()._set_queryset(queryset)

    queryset = property(_get_queryset, _set_queryset)

    def label_from_instance(self, organization):
        return choice_label(organization)


class OrganizationChoiceField(SearchesItsChoices, _NamesTheParent, forms.ModelChoiceField):
    """The one field that chooses an organization, in every form and filter: each choice reads
    "name — parent's name" (no query per choice), and the empty choice reads in the user's
    language. A province holds thousands: the widget is a picker that searches (the select
    holds the chosen one and the first few; organizations:pick answers what is typed)."""

    picker_url = "organizations:pick"
    not_chosen_message = _("Choose one of the organizations found for “%(text)s” in the list.")

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", _("— choose —"))
        super().__init__(Organization.objects.none() if queryset is None else queryset, **kwargs)


class OrganizationsChoiceField(SearchesItsChoices, _NamesTheParent, ModelMultipleIdsField):
    """OrganizationChoiceField for a choice of several."""

    picker_url = "organizations:pick"
    not_chosen_message = OrganizationChoiceField.not_chosen_message

    def __init__(self, queryset=None, **kwargs):
        super().__init__(Organization.objects.none() if queryset is None else queryset, **kwargs)


class OrganizationForm(CapitalizedLabels, forms.ModelForm):
    """Create or edit an organization; the parent is chosen among what the user keeps."""

    host_agency_name = forms.CharField(
        label=_("host agency"),
        max_length=255,
        required=False,
        help_text=_("The agency or unit the organization sits in."),
    )
    workforce = forms.IntegerField(label=_("workforce of the agency"), min_value=0, required=False)

    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "parent",
            "founded_on",
            "term_start_year",
            "term_end_year",
            "congress_held_on",
            "regulation_adopted_on",
            "regulation_revised_on",
            "regulation_file",
        ]
        widgets = {
            "founded_on": DateInput(),
            "congress_held_on": DateInput(),
            "regulation_adopted_on": DateInput(),
            "regulation_revised_on": DateInput(),
        }
        field_classes = {"parent": OrganizationChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in (
            "founded_on",
            "congress_held_on",
            "regulation_adopted_on",
            "regulation_revised_on",
        ):
            self.fields[name].input_formats = DateField().input_formats
        parents = (
            Organization.objects.kept_by(user).active().exclude(kind__in=Organization.CELL_KINDS)
        )
        if self.instance.pk:
            # Moving an organization is a restructuring, not an edit.
            del self.fields["parent"]
            del self.fields["kind"]
        else:
            self.fields["parent"].queryset = parents.order_by("depth", "sort_key")
            self.fields["parent"].search_within(
                scope="kept", active="1", kind=[Organization.Kind.BLOC, Organization.Kind.COMMITTEE]
            )
            self.fields["parent"].required = True
        if self.instance.host_agency_id:
            self.fields["host_agency_name"].initial = self.instance.host_agency.name
            self.fields["workforce"].initial = self.instance.host_agency.workforce
        self.helper = form_helper()

    def clean_regulation_file(self):
        upload = self.cleaned_data.get("regulation_file")
        if upload and hasattr(upload, "content_type"):
            check_document(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            parent = cleaned.get("parent")
            kind = cleaned.get("kind")
            if parent and kind:
                probe = Organization(kind=kind)
                for field, message in probe.placement_errors(parent).items():
                    self.add_error(field, message)
        return cleaned

    def save(self, commit=True):
        organization = super().save(commit=False)
        name = self.cleaned_data.get("host_agency_name", "").strip()
        if name:
            agency, _created = HostAgency.objects.get_or_create(name=name)
            if self.cleaned_data.get("workforce") is not None:
                agency.workforce = self.cleaned_data["workforce"]
                agency.save(update_fields=["workforce"])
            organization.host_agency = agency
        else:
            organization.host_agency = None
        if commit:
            organization.save()
        return organization


class RestructureForm(CapitalizedLabels, forms.Form):
    ACTIONS = [
        ("merge", _("Merge into another organization")),
        ("split", _("Split into new organizations")),
        ("dissolve", _("Dissolve")),
    ]
    action = forms.ChoiceField(label=_("restructuring"), choices=ACTIONS, widget=forms.RadioSelect)
    on = DateField(label=_("effective on"))
    decision = forms.CharField(label=_("decision number"), max_length=100, required=False)
    into = OrganizationChoiceField(label=_("merge into"), required=False)
    new_names = forms.CharField(
        label=_("names of the new organizations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One name per line, at least two."),
    )
    members_to = OrganizationChoiceField(label=_("remaining members move to"), required=False)

    def __init__(self, *args, organization, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        kept = Organization.objects.kept_by(user).active().exclude(pk=organization.pk)
        same_level = kept.cells() if organization.is_cell else kept.filter(kind=organization.kind)
        self.fields["into"].queryset = same_level.order_by("sort_key")
        self.fields["members_to"].queryset = kept.cells().order_by("sort_key")
        cell_kinds = list(Organization.CELL_KINDS)
        self.fields["into"].search_within(
            scope="kept", active="1", kind=cell_kinds if organization.is_cell else organization.kind
        )
        self.fields["members_to"].search_within(scope="kept", active="1", kind=cell_kinds)
        # Which action each field belongs to: static/js/restructure.js shows only the fields of
        # the chosen one (without JavaScript all show, and the server ignores the others).
        for name, action in (("into", "merge"), ("new_names", "split"), ("members_to", "dissolve")):
            self.fields[name].widget.attrs["data-restructure-action"] = action
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "merge" and not cleaned.get("into"):
            self.add_error("into", _("Choose the organization to merge into."))
        if action == "split":
            names = [
                line.strip() for line in cleaned.get("new_names", "").splitlines() if line.strip()
            ]
            if len(names) < 2:
                self.add_error("new_names", _("A split needs at least two new organizations."))
            elif len(set(names)) != len(names):
                self.add_error("new_names", _("The new organizations need different names."))
            cleaned["new_name_list"] = names
        return cleaned


class SplitRowForm(RowForm):
    """Where one member (of a cell) or one cell (of a committee) goes in a split."""

    part = forms.TypedChoiceField(
        label=_("goes to"),
        coerce=int,
        error_messages={
            "required": _("Choose a new organization for every member and cell."),
            "invalid_choice": _("Choose one of the new organizations."),
        },
    )

    def __init__(self, *args, item: Member | Organization, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.label = str(item)
        self.fields["part"].choices = list(enumerate(names))
        self.fields["part"].widget.attrs.update(
            {"class": "form-select form-select-sm", "aria-label": str(item)}
        )


class SplitRows(KeyedRows):
    """The split's table: one row per active member (a cell) or active cell (a committee),
    named by it (assign-<id>-part), each choosing one of the new organizations (by its place
    in the list of names). A row first shown is prefilled in turn and must be posted once."""

    form_class = SplitRowForm
    prefix = "assign"

    def __init__(self, data=None, *, organization: Organization, names: list[str]):
        if organization.is_cell:
            items = Member.objects.filter(organization=organization).active().order_by("sort_key")
        else:
            items = organization.children.active().order_by("sort_key")
        self.names = names
        self.errors: list[str] = []
        super().__init__(data, objects=enumerate(items), names=names)

    def key(self, numbered: tuple[int, Member | Organization]) -> int:
        return numbered[1].pk

    def row_kwargs(self, numbered: tuple[int, Member | Organization]) -> dict:
        index, item = numbered
        return {"item": item, "initial": {"part": index % max(len(self.names), 1)}}

    def is_valid(self) -> bool:
        """Every row was posted and passed its checks."""
        if len(self.posted()) < len(self.forms):
            self.errors = [_("Choose a new organization for every member and cell.")]
        return super().is_valid() and not self.errors

    def assignment(self) -> dict[int, int]:
        """id of the member or cell -> place of its new organization, as plan_split takes it."""
        return {form.item.pk: form.cleaned_data["part"] for form in self.forms}


class OrganizationSearchForm(CapitalizedLabels, forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    on = DateField(label=_("as it stood on"), required=False)
