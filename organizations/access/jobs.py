"""Background jobs (imports, renderings): who sees them and who may send one again."""

from typing import TYPE_CHECKING

from django.db.models import Q

from organizations.access.reports import can_prepare_report
from organizations.access.scope import NOTHING, is_bloc_wide
from partybloc.types import Viewer

if TYPE_CHECKING:
    from partybloc.jobs.models import Job


def job_scope_q(user: Viewer) -> Q:
    """Their author sees them; the bloc sees them all."""
    if not user or not user.is_authenticated:
        return NOTHING
    if is_bloc_wide(user):
        return Q()
    return Q(created_by=user)


def can_retry_job(user: Viewer, job: "Job") -> bool:
    """Who may send a job again, on the job's page and on the report's page alike: its author,
    and for a report's rendering whoever may prepare that report. Whether the job may be sent
    again now (a failed one, or one stuck past its limit: Job.is_retryable) is the retry
    service's to say, with its message."""
    if not user or not user.is_authenticated:
        return False
    if job.created_by_id == user.pk:
        return True
    return (
        job.kind == job.Kind.REPORT
        and job.organization_id is not None
        and can_prepare_report(user, job.organization)
    )
