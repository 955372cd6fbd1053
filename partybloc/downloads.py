"""Files leaving the portal: a stored file (an upload, a job's product) or bytes made for the
request (a PDF, a workbook), always through one of these two, so the type, the name (Vietnamese
letters included) and "download or show in the browser" are written in one place. Which user may
have the file is decided before, by the view's access door.

A stored file's type is what its content is (`partybloc.filecheck`), never its name: a file
that is not what it claims goes out as bytes to save (application/octet-stream, attachment),
and only a PDF or an image checked as such may be shown in the browser. Every response says
`X-Content-Type-Options: nosniff`, so no browser guesses a page out of the bytes."""

import mimetypes

from django.core.files import File
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from partybloc import filecheck
from partybloc.filecheck import DOCX, PDF, XLSX

__all__ = [
    "DOCX",
    "PDF",
    "XLSX",
    "file_response",
    "pdf_response",
    "stored_file_response",
    "xlsx_response",
]


def stored_file_response(file: File, *, filename: str = "", inline: bool = False) -> FileResponse:
    """A file kept in the private storage, under `filename` (by default its stored name), typed
    by its checked content; shown in the browser only when `inline` is asked and the content is
    a PDF or an image. 404 when the field is empty."""
    if not file:
        raise Http404
    handle = file.open("rb")
    kind = filecheck.checked_kind(handle)
    response = FileResponse(
        handle,
        as_attachment=not (inline and kind in filecheck.SHOWN_INLINE),
        filename=filename or file.name.rsplit("/", 1)[-1],
        content_type=filecheck.content_type(kind),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_response(
    content: bytes, filename: str, *, inline: bool = False, content_type: str = ""
) -> HttpResponse:
    """Bytes made for this request: a printed document (shown in the browser with
    inline=True) or a workbook to save."""
    guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type or guessed)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A printed document, shown in the browser (its viewer saves or prints it)."""
    return file_response(content, filename, inline=True, content_type=PDF)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, filename, content_type=XLSX)
