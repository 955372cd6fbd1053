"""The register of documents issued (sổ đăng ký văn bản đi): one numbering per issuing body and
year, and each document as issued, frozen with its files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations import access
from partybloc.registry.choices import Body, DocumentKind
from partybloc.types import Viewer


class NumberCounter(models.Model):
    """The last number a body gave in a year. Issuing locks this row (select_for_update) for
    the length of its transaction, so that numbers are consecutive, with no gap and no double."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    body = models.CharField(max_length=24, choices=Body.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "body", "year"], name="numbercounter_once_per_body_year"
            )
        ]

    def __str__(self):
        return f"{self.organization_id}/{self.body}/{self.year}: {self.last}"


class IssuedDocumentQuerySet(models.QuerySet):
    def visible_to(self, user: Viewer) -> "IssuedDocumentQuerySet":
        return self.filter(access.document_register_q(user, prefix="organization__"))

    def current(self) -> "IssuedDocumentQuerySet":
        """The latest version of each document."""
        return self.filter(superseded_by__isnull=True)


class IssuedDocument(models.Model):
    """A document as issued: its number, date, signer, content and files never change. A
    correction is a new version (same number, the next version) that supersedes it."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    body = models.CharField(_("issuing body"), max_length=24, choices=Body.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=2, choices=DocumentKind.choices)
    number = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=500)
    issuer_name = models.CharField(_("issued by"), max_length=255)
    signer_name = models.CharField(_("signed by"), max_length=120)
    signer_post = models.CharField(_("post of the signer"), max_length=60)
    recipients = models.TextField(_("recipients"), blank=True)
    # What was printed, as it was: the context the files were made from.
    content = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="issued/%Y/", blank=True)
    docx = models.FileField(_("Word file"), upload_to="issued/%Y/", blank=True)
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64, blank=True)
    # What the document was made from: "report", "inspection", "plan", "decision" and its id.
    source_kind = models.CharField(max_length=24, blank=True)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-year", "-sequence", "-version"]
        indexes = [models.Index(fields=["source_kind", "source_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "body", "year", "sequence", "version"],
                name="issueddocument_one_number_per_version",
            ),
            models.CheckConstraint(
                condition=Q(version=1, supersedes__isnull=True)
                | Q(version__gt=1, supersedes__isnull=False),
                name="issueddocument_version_follows",
            ),
        ]

    def __str__(self):
        return f"Số {self.number}"

    @property
    def printed_number(self) -> str:
        return f"Số {self.number}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
