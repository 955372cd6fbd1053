"""The access log's nightly pruning, run by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from partybloc.audit import services


@shared_task
def prune_access_log() -> int:
    return services.prune_access_log()
