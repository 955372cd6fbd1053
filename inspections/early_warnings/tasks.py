"""Celery task of the early warnings: thin, the work is services.refresh_warnings'."""

from celery import shared_task
from django.utils import timezone

from inspections.early_warnings import services


@shared_task
def refresh_warnings() -> dict:
    """Recompute the early warnings as of today (the daily run calls it)."""
    return vars(services.refresh_warnings(timezone.localdate()))
