"""Issuing a document: its number from the register, its date, signer and content frozen with
the files as printed; a correction is a new version of it."""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Organization
from partybloc.documents import vietnamese_date_line
from partybloc.registry.choices import Body
from partybloc.registry.issuers import Issuer, issuer_of
from partybloc.registry.models import IssuedDocument, NumberCounter
from partybloc.types import User


@dataclass(frozen=True)
class Letterhead:
    """What the printed document says about its issuing: given to the renderer."""

    issuer: Issuer
    number: str  # "45-BC/ĐUK"
    issued_on: datetime.date
    place: str
    signer_name: str
    deputy: bool
    recipients: list[str] = field(default_factory=list)

    @property
    def printed_number(self) -> str:
        return f"Số {self.number}"

    @property
    def date_line(self) -> str:
        return vietnamese_date_line(self.place, self.issued_on)

    @property
    def signature(self) -> tuple[str, str]:
        return self.issuer.signature(deputy=self.deputy)


@dataclass
class Printed:
    # Empty for a document the portal registers but does not print (a plan, a decision).
    pdf: bytes
    docx: bytes | None = None
    content: dict = field(default_factory=dict)


Renderer = Callable[[Letterhead], Printed]


def unprinted(letterhead: Letterhead) -> Printed:
    """The renderer of a document written outside the portal: its number is registered here."""
    return Printed(pdf=b"")


def _store(document: IssuedDocument, printed: Printed, letterhead: Letterhead) -> None:
    stem = _stem(document)
    if printed.pdf:
        document.pdf.save(f"{stem}.pdf", ContentFile(printed.pdf), save=False)
        document.fingerprint = hashlib.sha256(printed.pdf).hexdigest()
    if printed.docx is not None:
        document.docx.save(f"{stem}.docx", ContentFile(printed.docx), save=False)
    document.content = {
        "place": letterhead.place,
        "signature": list(letterhead.signature),
        **printed.content,
    }


def _stem(document: IssuedDocument) -> str:
    return f"{document.year}-{document.kind}-{document.sequence:04d}-v{document.version}".replace(
        "Đ", "D"
    )


def issue_document(
    *,
    organization: Organization,
    body: str = Body.COMMITTEE,
    kind: str,
    issued_on: datetime.date,
    place: str,
    subject: str,
    signer_name: str,
    deputy: bool = False,
    recipients: list[str],
    render: Renderer,
    by: User,
    source_kind: str = "",
    source_id: int | None = None,
) -> IssuedDocument:
    """Give the document the next number of its body's register for the year and print it
    with that number. The counter row stays locked until this transaction ends, so documents
    issued at the same moment take consecutive numbers; if printing fails, nothing is taken."""
    if not signer_name.strip():
        raise ValidationError({"signer_name": _("Name who signs the document.")})
    issuer = issuer_of(organization, body=body, on=issued_on)
    year = issued_on.year
    with transaction.atomic():
        NumberCounter.objects.get_or_create(organization=organization, body=body, year=year)
        counter = NumberCounter.objects.select_for_update().get(
            organization=organization, body=body, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
        letterhead = Letterhead(
            issuer=issuer,
            number=issuer.number(kind, counter.last),
            issued_on=issued_on,
            place=place,
            signer_name=signer_name.strip(),
            deputy=deputy,
            recipients=recipients,
        )
        document = IssuedDocument(
            organization=organization,
            body=body,
            year=year,
            sequence=counter.last,
            kind=kind,
            number=letterhead.number,
            issued_on=issued_on,
            subject=subject[:500],
            issuer_name=issuer.name,
            signer_name=letterhead.signer_name,
            signer_post=letterhead.signature[1],
            recipients="\n".join(recipients),
            issued_by=by,
            source_kind=source_kind,
            source_id=source_id,
        )
        _store(document, render(letterhead), letterhead)
        document.save()
    return document


def correct_document(
    document: IssuedDocument,
    *,
    render: Renderer,
    by: User,
    signer_name: str | None = None,
    deputy: bool | None = None,
    recipients: list[str] | None = None,
) -> IssuedDocument:
    """A new version of an issued document, under the same number and date; the issued one is
    kept as it was (files included) and marked as corrected by the new one."""
    with transaction.atomic():
        current = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if IssuedDocument.objects.filter(supersedes=current).exists():
            raise ValidationError(_("This version was already corrected: correct the latest one."))
        deputy = current.signer_post.startswith("PHÓ") if deputy is None else deputy
        letterhead = Letterhead(
            issuer=issuer_of(current.organization, body=current.body, on=current.issued_on),
            number=current.number,
            issued_on=current.issued_on,
            place=current.content.get("place", ""),
            signer_name=(signer_name or current.signer_name).strip(),
            deputy=deputy,
            recipients=current.recipient_list if recipients is None else recipients,
        )
        new = IssuedDocument(
            organization=current.organization,
            body=current.body,
            year=current.year,
            sequence=current.sequence,
            version=current.version + 1,
            kind=current.kind,
            number=current.number,
            issued_on=current.issued_on,
            subject=current.subject,
            issuer_name=current.issuer_name,
            signer_name=letterhead.signer_name,
            signer_post=letterhead.signature[1],
            recipients="\n".join(letterhead.recipients),
            issued_by=by,
            source_kind=current.source_kind,
            source_id=current.source_id,
            supersedes=current,
        )
        _store(new, render(letterhead), letterhead)
        new.save()
    return new
