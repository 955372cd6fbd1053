"""Preparing reports: open one for a scope and period, keep its narrative as a draft, ask for a
rendering (a background job that the task in tasks.py runs)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Organization
from partybloc.jobs import services as jobs
from partybloc.jobs.models import Job
from partybloc.registry import services as registry
from partybloc.registry.choices import DocumentKind
from partybloc.registry.models import IssuedDocument
from partybloc.registry.services import Letterhead, Printed
from partybloc.types import User
from reports import outline
from reports.models import Report
from reports.rendering import render_report

# How the register names what an issued report was made from.
SOURCE_KIND = "report"

NARRATIVE_MAX_CHARS = 20000


def open_report(*, scope: Organization, period: str, by: User) -> Report:
    """The report of a scope for a period: the one already begun, else a new one."""
    report, _created = Report.objects.get_or_create(
        scope=scope, period=period, defaults={"created_by": by}
    )
    return report


def save_draft(report: Report, *, narrative: dict[str, str]) -> Report:
    """Keep the report's header fields (already set on it) and its narrative, section by
    section as the outline lists them; a section left out is kept empty."""
    report.narrative = {
        key: (narrative.get(key) or "")[:NARRATIVE_MAX_CHARS] for key in outline.NARRATIVE_KEYS
    }
    report.save()
    return report


def request_report(report: Report, *, by: User, wait: bool = False) -> Job:
    """Ask for a rendering of the report as it stands now: a job sent to a worker once this
    transaction commits or, with wait=True (the command line), run here and now."""
    with transaction.atomic():
        job = jobs.create_job(
            kind=Job.Kind.REPORT,
            by=by,
            organization=report.scope,
            params={"report_id": report.pk},
        )
        if not wait:
            return jobs.enqueue(job)
    return jobs.run_in_request(job)


def issued_versions(report: Report) -> list[IssuedDocument]:
    """The report as issued, every version, the latest first."""
    return list(
        IssuedDocument.objects.filter(source_kind=SOURCE_KIND, source_id=report.pk).order_by(
            "-version"
        )
    )


def issue_report(report: Report, *, by: User) -> IssuedDocument:
    """Issue the report as it stands: its number from the scope's register, its date and
    signer from the report, the PDF and .docx kept as printed. A report already issued is
    issued again as a new version of the same number (a correction); the issued version
    stays as it was."""
    errors = {}
    if report.issued_on is None:
        errors["issued_on"] = _("Set the date of the document before issuing it.")
    if not report.signed_by.strip():
        errors["signed_by"] = _("Name who signs the report before issuing it.")
    if errors:
        raise ValidationError(errors)

    def render(letterhead: Letterhead) -> Printed:
        rendered = render_report(report, letterhead=letterhead)
        return Printed(
            pdf=rendered.pdf,
            docx=rendered.docx,
            content={
                "period": report.period,
                "instruction": report.instruction,
                "narrative": report.narrative,
                "figures": rendered.figures,
            },
        )

    with transaction.atomic():
        latest = (
            IssuedDocument.objects.current()
            .filter(source_kind=SOURCE_KIND, source_id=report.pk)
            .first()
        )
        if latest is not None:
            if latest.issued_on != report.issued_on:
                raise ValidationError(
                    {
                        "issued_on": _(
                            "A correction keeps the number and date of the report as issued "
                            "(%(date)s)."
                        )
                        % {"date": latest.issued_on.strftime("%d/%m/%Y")}
                    }
                )
            document = registry.correct_document(
                latest,
                render=render,
                by=by,
                signer_name=report.signed_by,
                deputy=report.signer_is_deputy,
                recipients=report.recipient_list,
            )
        else:
            period = report.parsed_period
            kind = "Tổng kết" if period.is_annual else "Sơ kết"
            document = registry.issue_document(
                organization=report.scope,
                kind=DocumentKind.REPORT,
                issued_on=report.issued_on,
                place=report.place,
                subject=f"{kind} công tác xây dựng Đảng {period.label}",
                signer_name=report.signed_by,
                deputy=report.signer_is_deputy,
                recipients=report.recipient_list,
                render=render,
                by=by,
                source_kind=SOURCE_KIND,
                source_id=report.pk,
            )
        report.number = document.number
        report.save(update_fields=["number", "updated_at"])
    return document
