"""Words the portal itself writes into the register at the time of a change (the reason of a
status change, the note of a placement, why a copy in the history of changes was made) are
kept language-neutral: a code and its parameters, rendered in the reader's language when a
page shows them. Written as text, they would stay in the language of whoever made the change
(English when they had chosen it). What a user typed is kept as typed, and shown as is.

    note("transferred_out", destination="Đảng bộ tỉnh Khánh Hòa")   # what a service stores
    shown(stored)                     # what a page shows: {{ stored|note }} in a template
"""

import json

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Never typed by hand at the start of a reason or a note.
MARK = "\u2063note:"
TEXTS = {
    "admitted": _("Admitted to the Party"),
    "recognized": _("Recognized as an official member"),
    "transferred_out": _("Transferred out to %(destination)s"),
    "transferred_in": _("Transferred in from %(source)s"),
    "merged": _("%(name)s merged into %(successor)s"),
    "split": _("%(name)s split"),
    "dissolved": _("%(name)s dissolved"),
    "imported": _("Imported from an Excel file (job %(number)s)"),
    "expelled": _("Expelled from the Party: %(reason)s"),
    # What an access-log line says was downloaded (AccessRecord.detail).
    "marked_copy_of_job": _("the marked copy of import job %(number)s"),
    "marked_copy_of_refused_file": _("the marked copy of a refused file"),
    # Why a background job failed (Job.error), read on the job's page by whoever may see it.
    "job_unexpected_error": _(
        "The job stopped on an unexpected error. Try again later; if it fails "
        "again, tell the bloc office the job number %(number)s."
    ),
    "job_interrupted": _(
        "The job was interrupted %(count)s times (its worker stopped before it "
        "finished) and was not started again. Try again later or tell the office."
    ),
    "import_refused_while_saving": _(
        "The register refused the file while saving it: nothing was imported."
    ),
    # The first error's message is kept as the import's check wrote it.
    "import_refused": ngettext_lazy(
        "Nothing was imported: the file has %(count)s error. Row %(row)s, column “%(column)s”: "
        "%(message)s",
        "Nothing was imported: the file has %(count)s errors. The first: row %(row)s, column "
        "“%(column)s”: %(message)s",
        "count",
    ),
}


def note(code: str, *, limit: int | None = None, **params: object) -> str:
    """The stored form of one of TEXTS. With `limit` (the column's length) a note that would
    not fit is stored as its text in the portal's language, cut to fit, rather than broken."""
    if code not in TEXTS:
        raise KeyError(code)
    stored = MARK + json.dumps([code, params], ensure_ascii=False, separators=(",", ":"))
    if limit is not None and len(stored) > limit:
        with translation.override(settings.LANGUAGE_CODE):
            return shown(stored)[:limit]
    return stored


def shown(stored: str | None) -> str:
    """A stored reason or note in the reader's language: a note rendered, anything else (what
    a user typed, older rows written as text) as it is."""
    if not stored or not stored.startswith(MARK):
        return stored or ""
    try:
        code, params = json.loads(stored[len(MARK) :])
        return str(TEXTS[code] % params)
    except (ValueError, KeyError, TypeError):
        return stored[len(MARK) :]
