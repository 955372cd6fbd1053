"""Form pieces shared by the apps: crispy's helper, dd/mm/yyyy date inputs, checked text and
uploads, hidden fields whose errors are shown."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partybloc import filecheck

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def form_helper() -> FormHelper:
    """crispy's helper for a form the template wraps in its own <form> tag (with the CSRF token
    and the buttons), so crispy renders the fields only."""
    helper = FormHelper()
    helper.form_tag = False
    return helper


class CapitalizedLabels:
    """Labels start with a capital, as ModelForm's do (the msgids stay lower-case because the
    same words serve mid-sentence elsewhere), and empty choices read in the user's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = _("— choose —")


# A browser shows a NUL character as �; PostgreSQL cannot store it at all.
NO_NULL_CHARACTERS = ProhibitNullCharactersValidator(
    message=_("This text holds a character that cannot be stored (shown as �): remove it.")
)


class RefusesNullCharacters:
    """Every text field refuses a NUL character with a message in the user's language (Django's
    own check says it in English only), before anything reaches the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                NO_NULL_CHARACTERS if isinstance(v, ProhibitNullCharactersValidator) else v
                for v in field.validators
            ]
            if hasattr(field, "validate_no_null_characters"):
                # ModelChoiceField checks the posted id itself, with Django's message.
                field.validate_no_null_characters = NO_NULL_CHARACTERS


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses an id no row can have (not digits, or past
    what the database stores) as an unknown choice, before asking the database: SQLite cannot
    even compare such a number, and the page must say what is wrong rather than fail."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            if not str(pk).isdigit() or int(pk) > 2**63 - 1:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class ShowsHiddenErrors:
    """The errors of hidden fields (no widget shows them) join the form's own errors, named by
    the field, so a refusal is never silent."""

    def non_field_errors(self):
        errors = super().non_field_errors().copy()
        for field in self.hidden_fields():
            for message in field.errors:
                errors.append(
                    _("%(field)s: %(error)s") % {"field": field.label, "error": message}
                    if field.field.label
                    else message
                )
        return errors


class RowForm(RefusesNullCharacters, forms.Form):
    """One row of a grid (a member of the roll, a task, a member of a split): the template
    lays its fields out by hand, so the widgets carry Bootstrap's is-invalid themselves and
    `label` names the row in a summary of what needs correcting."""

    label = ""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors or ():
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])

    def problems(self) -> list[str]:
        """ "<row>: <what is wrong>" for each error of this row."""
        return [
            _("%(row)s: %(error)s") % {"row": self.label, "error": message}
            for errors in self.errors.values()
            for message in errors
        ]


class KeyedRows:
    """A grid whose rows are objects the server lists (the members of a roll, the members or
    cells of a split): one RowForm per object, prefixed <prefix>-<key of the object> rather
    than by position as a Django formset is, so a page opened before the list changed, or a
    copy a browser kept offline, can only ever write on the object it names. A row that was
    not posted stays unbound (its initial values show; nothing is read from it)."""

    form_class: type[RowForm]
    prefix: str

    def __init__(self, data=None, *, objects, **form_kwargs):
        self.forms = []
        for obj in objects:
            prefix = f"{self.prefix}-{self.key(obj)}"
            posted = data is not None and any(
                f"{prefix}-{name}" in data for name in self.form_class.base_fields
            )
            self.forms.append(
                self.form_class(
                    data if posted else None, prefix=prefix, **self.row_kwargs(obj), **form_kwargs
                )
            )

    def key(self, obj) -> object:
        return obj.pk

    def row_kwargs(self, obj) -> dict:
        """The keyword arguments of one row's form."""
        return {}

    def __iter__(self):
        return iter(self.forms)

    def __len__(self):
        return len(self.forms)

    def posted(self) -> list[RowForm]:
        return [form for form in self.forms if form.is_bound]

    def is_valid(self) -> bool:
        """Every posted row passed its checks."""
        return all([form.is_valid() for form in self.posted()])

    def problems(self) -> list[str]:
        return [problem for form in self.posted() for problem in form.problems()]


class DateInput(forms.DateInput):
    """A native date picker on phones; the server accepts dd/mm/yyyy typed by hand too."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date typed dd/mm/yyyy or picked; a year outside 1900-2100 is a typing mistake
    (31/12/9999), refused with a message instead of travelling on into dates arithmetic."""

    widget = DateInput
    default_error_messages = {
        "out_of_range": _("Enter a date between the years %(first)s and %(last)s."),
    }
    first_year, last_year = 1900, 2100

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not self.first_year <= value.year <= self.last_year:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": self.first_year, "last": self.last_year},
            )


def dates_in_range(db_field, **kwargs):
    """A ModelForm's formfield_callback (or an admin's formfield_overrides source): every date
    of the model is typed in a DateField above, so a year like 9999 is refused on its field."""
    from django.db import models

    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)


def in_range(day: datetime.date) -> bool:
    """The date's year is one DateField accepts (imports check the same)."""
    return DateField.first_year <= day.year <= DateField.last_year


# The kinds each upload accepts, decided by partybloc.filecheck from the content, not the name.
DOCUMENT_KINDS = ("pdf", "docx", "doc")
SCAN_KINDS = ("pdf", "jpg", "png")


def check_upload_size(upload) -> None:
    """Refuse an upload larger than the portal accepts (UPLOAD_MAX_BYTES)."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is too large (at most %(size)s MB).")
            % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )


def check_upload(upload, *, allowed=DOCUMENT_KINDS) -> str:
    """Refuse uploads that are too big or whose content is not one of the allowed kinds;
    return the detected kind."""
    check_upload_size(upload)
    kind = filecheck.checked_kind(upload)
    claimed = filecheck.claimed_kind(upload)
    claimed = "docx" if claimed == "zip" else claimed
    if kind is None and claimed in allowed:
        # A JPEG header in front of a web page, a truncated PDF, a zip that is no Word file.
        raise forms.ValidationError(
            _(
                "The content of this file is not a real %(kind)s: it is damaged, or another "
                "kind of file under that name. Accepted: %(kinds)s."
            )
            % {
                "kind": claimed.upper(),
                "kinds": ", ".join(k.upper() for k in allowed),
            }
        )
    if kind not in allowed:
        raise forms.ValidationError(
            _("This kind of file is not accepted. Accepted: %(kinds)s.")
            % {"kinds": ", ".join(k.upper() for k in allowed)}
        )
    return kind


def check_document(upload) -> None:
    """A working regulation, a decision: PDF or Word."""
    check_upload(upload, allowed=DOCUMENT_KINDS)


def add_service_error(form, error) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else
    above the form. The form keeps what the user typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
