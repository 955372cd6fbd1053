"""Files leaving the portal: a stored file (an upload, a job's product) or bytes made for the
request (a PDF, a workbook), always through one of these two, so the type, the name (Vietnamese
letters included) and "download or show in the browser" are written in one place. Which user may
have the file is decided before, by the view's access door."""

import mimetypes

from django.core.files import File
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def stored_file_response(
    file: File, *, filename: str = "", inline: bool = False, content_type: str = ""
) -> FileResponse:
    """A file kept in the private storage, under `filename` (by default its stored name);
    404 when the field is empty."""
    if not file:
        raise Http404
    return FileResponse(
        file.open("rb"),
        as_attachment=not inline,
        filename=filename or file.name.rsplit("/", 1)[-1],
        **({"content_type": content_type} if content_type else {}),
    )


def file_response(
    content: bytes, filename: str, *, inline: bool = False, content_type: str = ""
) -> HttpResponse:
    """Bytes made for this request: a printed document (shown in the browser with
    inline=True) or a workbook to save."""
    guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type or guessed)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A printed document, shown in the browser (its viewer saves or prints it)."""
    return file_response(content, filename, inline=True, content_type=PDF)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, filename, content_type=XLSX)
