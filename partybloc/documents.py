"""Party documents as PDF (Hướng dẫn 36-HD/VPTW layout): a plain function from a template and
its context to PDF bytes, easy to call from a view, a task or a test.

WeasyPrint fetches only our own static files (the shipped Noto Serif, the stylesheet): nothing
from the network and nothing from the disk outside the static folders."""

import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

# A base URL no request ever reaches: relative and {% static %} URLs resolve under it.
DOCUMENT_BASE_URL = "https://document.partybloc.invalid/"


def static_file(url: str) -> tuple[bytes, str]:
    """The body and type of one of our static files named by a URL under DOCUMENT_BASE_URL;
    anything else is refused."""
    prefix = DOCUMENT_BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        raise ValueError(f"Documents may only use the portal's static files: {url}")
    path = finders.find(url[len(prefix) :].split("?")[0].split("#")[0])
    if not path:
        raise ValueError(f"No such static file: {url}")
    with open(path, "rb") as handle:
        body = handle.read()
    return body, mimetypes.guess_type(path)[0] or "application/octet-stream"


def render_pdf(template_name: str, context: dict, *, language: str = "vi") -> bytes:
    """Render a document template (extending documents/party_document.html) to PDF bytes."""
    # WeasyPrint takes about half a second to import: only here, where a document is printed,
    # so that commands, workers and the web process start without it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            body, content_type = static_file(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    with translation.override(language):
        html = render_to_string(template_name, {"printed_at": timezone.localtime(), **context})
    return HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf()


def vietnamese_date_line(place: str, day) -> str:
    """'Ninh Thuận, ngày 15 tháng 7 năm 2017' — the place-and-date line of a party document."""
    with translation.override("vi"):
        return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
