"""The register of documents issued (sổ đăng ký văn bản đi): the list a party office keeps, its
Excel copy, and each document's files exactly as issued."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from organizations import access
from partybloc.downloads import stored_file_response
from partybloc.registry.choices import DocumentKind
from partybloc.registry.models import IssuedDocument
from partybloc.xlsx import table_workbook, xlsx_response

PAGE_SIZE = 50


def _filtered(request: HttpRequest):
    access.require(access.keeps_document_register(request.user))
    documents = IssuedDocument.objects.visible_to(request.user).select_related(
        "organization", "superseded_by"
    )
    year = request.GET.get("year", "")
    if year.isdigit():
        documents = documents.filter(year=int(year))
    kind = request.GET.get("kind", "")
    if kind in DocumentKind.values:
        documents = documents.filter(kind=kind)
    return documents.order_by("-year", "organization__path", "body", "-sequence", "-version")


def register(request: HttpRequest) -> HttpResponse:
    documents = _filtered(request)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    years = (
        IssuedDocument.objects.visible_to(request.user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return render(
        request,
        "registry/register.html",
        {
            "page": page,
            "years": list(years),
            "kinds": DocumentKind.choices,
            "chosen_year": request.GET.get("year", ""),
            "chosen_kind": request.GET.get("kind", ""),
            "query": urlencode(
                {"year": request.GET.get("year", ""), "kind": request.GET.get("kind", "")}
            ),
        },
    )


def register_export(request: HttpRequest) -> HttpResponse:
    documents = _filtered(request)
    headers = [
        _("Number and symbol"),
        _("Date"),
        _("Subject"),
        _("Issued by"),
        _("Signed by"),
        _("Recipients"),
        _("Version"),
        _("Fingerprint (SHA-256)"),
    ]
    rows = (
        (
            document.number,
            document.issued_on,
            document.subject,
            document.issuer_name,
            f"{document.signer_post.capitalize()} {document.signer_name}",
            "; ".join(document.recipient_list),
            document.version,
            document.fingerprint,
        )
        for document in documents.iterator()
    )
    content = table_workbook(
        _("Documents issued"), headers, rows, widths=[16, 12, 50, 36, 30, 40, 8, 66]
    )
    return xlsx_response(content, "so-dang-ky-van-ban-di.xlsx")


def document_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The PDF or the .docx exactly as issued, to anyone whose register holds it."""
    # Loaded first: a document outside the user's register does not exist for them (404).
    document = get_object_or_404(IssuedDocument.objects.visible_to(request.user), pk=pk)
    access.require(access.keeps_document_register(request.user))
    file = document.pdf if kind == "pdf" else document.docx
    stem = document.number.replace("/", "-")
    suffix = f"-v{document.version}" if document.version > 1 else ""
    return stored_file_response(file, filename=f"{stem}{suffix}.{kind}", inline=kind == "pdf")
