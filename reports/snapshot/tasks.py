"""Celery tasks of the month-end figures: thin, the work is services.refresh's."""

from celery import shared_task

from reports.snapshot import services


@shared_task
def refresh_month_end_figures() -> int:
    """Every five minutes (settings.CELERY_BEAT_SCHEDULE): the months computed."""
    return services.refresh()
