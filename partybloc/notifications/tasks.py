"""The daily run, started by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.utils import timezone

from partybloc.notifications import services


@shared_task
def daily_run() -> dict:
    """Reminders, escalations and emails of today (bloc time); safe to run again."""
    return services.run_daily(timezone.localdate()).as_dict()
