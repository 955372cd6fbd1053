"""Preparing reports: open one for a scope and period, keep its narrative as a draft, ask for a
rendering (a background job that the task in tasks.py runs)."""

from django.db import transaction

from organizations.models import Organization
from partybloc.jobs import services as jobs
from partybloc.jobs.models import Job
from partybloc.types import User
from reports import outline
from reports.models import Report

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
