"""Pickers that search: a choice among the rows of a scope that may hold thousands (the
organizations of a province, the members of a bloc) rendered as a select of the chosen rows
and the first few, with a search box that asks a scoped endpoint for the rows matching what is
typed (htmx). The page's size no longer grows with the register.

The select stays the form's control: the posted ids are checked by the field against its own
queryset as before (a crafted id outside it is a field error), and a rejected form shows the
chosen rows again with their labels. Without JavaScript the search box still narrows: the
form sent with a search text and nothing chosen comes back with the rows found in its select
(and says so on the field)."""

from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Rows a select shows before anything is typed, and a search answers with.
SHOWN = 30

# What the empty choice of a picker's select reads (its field's empty label), by the name the
# widget sends.
EMPTY_LABELS = {"choose": _("— choose —"), "all": _("all in my scope")}

# The name of a picker's search box beside its field's name (sent with the form, so a search
# narrows without JavaScript too).
SEARCH_SUFFIX = "__search"


def posted_ids(values) -> list[int]:
    """The ids among posted values that could be ids at all (anything else is no row)."""
    return [int(v) for v in values if str(v).isdigit() and int(v) <= 2**63 - 1]


class SearchSelect(forms.Select):
    """A select of the chosen rows and the first SHOWN of its field's queryset; past SHOWN, a
    search box above it asks `url` (with `params`) for matching rows. Its field
    (SearchesItsChoices) gives the queryset, the labels and the empty label."""

    template_name = "partybloc/widgets/picker.html"
    search_text = ""

    def __init__(self, attrs=None, *, url: str = "", params: dict | None = None):
        super().__init__(attrs)
        self.url = url
        self.params = dict(params or {})
        self.field = None

    def __deepcopy__(self, memo):
        # Each form's copy narrows its own search (Widget copies shallowly).
        result = super().__deepcopy__(memo)
        result.params = dict(self.params)
        return result

    def value_from_datadict(self, data, files, name):
        typed = str(data.get(name + SEARCH_SUFFIX, "")).replace("\x00", " ")
        self.search_text = " ".join(typed.split())[:100]
        return super().value_from_datadict(data, files, name)

    @property
    def empty_label(self):
        return getattr(self.field, "empty_label", None)

    def _rows(self, chosen: list[int]) -> tuple[list, bool]:
        """The chosen rows first, then the first SHOWN (those matching the search text sent
        with the form, when there is one); and whether there are more than shown."""
        queryset = getattr(self.field, "queryset", None)
        if queryset is None:
            return [], False
        rows = list(queryset.filter(pk__in=chosen)) if chosen else []
        listed = queryset.search(self.search_text) if self.search_text else queryset
        first = (
            list(listed.exclude(pk__in=chosen)[: SHOWN + 1])
            if chosen
            else list(listed[: SHOWN + 1])
        )
        more = len(first) > SHOWN or bool(self.search_text)
        return rows + first[:SHOWN], more

    def optgroups(self, name, value, attrs=None):
        chosen = posted_ids(value)
        rows, self._more = self._rows(chosen)
        options = []
        if self.empty_label is not None and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", self.empty_label, not chosen, 0))
        for index, row in enumerate(rows, start=len(options)):
            options.append(
                self.create_option(
                    name, str(row.pk), self.field.label_from_instance(row), row.pk in chosen, index
                )
            )
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        self._more = False
        context = super().get_context(name, value, attrs)  # calls optgroups
        params = {**self.params, "name": name}
        if self.empty_label is not None and not self.allow_multiple_selected:
            params.setdefault("empty", "choose")
        context["picker"] = {
            "searchable": self._more and bool(self.url),
            "url": f"{reverse(self.url)}?{urlencode(params, doseq=True)}" if self.url else "",
            "search_name": name + SEARCH_SUFFIX,
            "search_suffix": SEARCH_SUFFIX,
            "label": getattr(self.field, "label", "") or "",
            "search_text": self.search_text,
            "shown": SHOWN,
        }
        return context


class SearchSelectMultiple(SearchSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        typed = str(data.get(name + SEARCH_SUFFIX, "")).replace("\x00", " ")
        self.search_text = " ".join(typed.split())[:100]
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)


class SearchesItsChoices:
    """Mixed into a ModelChoiceField (or a multiple one): its widget is a picker that searches
    `url` (a URL name), narrowed by `params` the endpoint understands. A form sent with a
    search text and nothing chosen is refused on the field, its select showing what was found
    (the narrowing search without JavaScript)."""

    picker_url = ""
    not_chosen_message = _("Choose one of the rows found for “%(text)s” in the list.")

    def __init__(self, *args, picker_params: dict | None = None, **kwargs):
        widget = kwargs.get("widget")
        attrs = getattr(widget, "attrs", None) if widget is not None else None
        if isinstance(widget, type):
            attrs = None
        multiple = isinstance(self, forms.ModelMultipleChoiceField)
        kwargs["widget"] = (SearchSelectMultiple if multiple else SearchSelect)(
            attrs, url=self.picker_url, params=picker_params
        )
        super().__init__(*args, **kwargs)
        self._wire_widget()

    def _wire_widget(self) -> None:
        # The widget reads the queryset, labels and empty label from its field when it
        # renders: forms set them after the field is built.
        self.widget.field = self

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._wire_widget()
        return result

    def search_within(self, **params) -> None:
        """Narrow what the search box offers as the form narrows the queryset (the endpoint's
        parameters): the field still checks what is posted against its own queryset."""
        self.widget.params.update(params)

    def clean(self, value):
        searched = getattr(self.widget, "search_text", "")
        if searched and not posted_ids(
            value if isinstance(value, (list, tuple)) else [value] if value else []
        ):
            raise ValidationError(
                self.not_chosen_message, code="not_chosen", params={"text": searched}
            )
        return super().clean(value)


def options_response(request: HttpRequest, queryset: QuerySet, label: Callable) -> HttpResponse:
    """The options of a picker's select for what its search box holds: the rows still chosen
    (sent back by the select), then the first SHOWN rows of `queryset` (already the user's
    scope) matching the text. Sent to the widget's htmx request, which replaces the select's
    options with them."""
    name = request.GET.get("name", "")
    text = " ".join(request.GET.get(name + SEARCH_SUFFIX, request.GET.get("q", "")).split())[:100]
    chosen_ids = posted_ids(request.GET.getlist(name)) if name else []
    chosen = list(queryset.filter(pk__in=chosen_ids)) if chosen_ids else []
    listed = queryset.search(text) if text else queryset
    found = list(listed.exclude(pk__in=[row.pk for row in chosen])[: SHOWN + 1])
    return render(
        request,
        "partybloc/widgets/picker_options.html",
        {
            "empty_label": EMPTY_LABELS.get(request.GET.get("empty", ""), ""),
            "chosen": [(row.pk, label(row)) for row in chosen],
            "found": [(row.pk, label(row)) for row in found[:SHOWN]],
            "more": len(found) > SHOWN,
            "shown": SHOWN,
            "text": text,
        },
    )
