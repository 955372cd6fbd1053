"""Form pieces shared by the apps: dd/mm/yyyy date inputs and checked uploads."""

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


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


class DateInput(forms.DateInput):
    """A native date picker on phones; the server accepts dd/mm/yyyy typed by hand too."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


# Magic numbers of the files we accept: the content decides, not the name.
DOCUMENT_SIGNATURES = {
    b"%PDF-": "pdf",
    b"PK\x03\x04": "docx",
    b"\xd0\xcf\x11\xe0": "doc",
}


def check_document(upload) -> None:
    """Refuse uploads that are too big or are not PDF/Word files by their content."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is too large (at most %(size)s MB).")
            % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES):
        raise forms.ValidationError(_("Only PDF or Word files are accepted."))
