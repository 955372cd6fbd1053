"""The jobs' sweeper, run every minute by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""

import dataclasses

from celery import shared_task

from partybloc.jobs import services


@shared_task
def sweep_jobs() -> dict:
    return dataclasses.asdict(services.sweep_jobs())
