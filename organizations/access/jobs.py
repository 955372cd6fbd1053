"""Background jobs (imports, renderings): who sees them and who may send one again."""

from django.db.models import Q

from organizations.access.scope import NOTHING, is_bloc_wide


def job_scope_q(user) -> Q:
    """Their author sees them; the bloc sees them all."""
    if not user or not user.is_authenticated:
        return NOTHING
    if is_bloc_wide(user):
        return Q()
    return Q(created_by=user)


def can_retry_job(user, job) -> bool:
    """Only the author retries, and only a job that failed."""
    return job.state == job.State.FAILED and job.created_by_id == user.pk
