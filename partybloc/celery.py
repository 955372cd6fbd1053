"""The Celery app. With no broker configured, tasks run in-process (see settings)."""

import logging
import os

from celery import Celery, signals

from partybloc.audit.masking import MaskNationalIds

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybloc.settings")

app = Celery("partybloc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def mask_national_ids(logger: logging.Logger, **kwargs: object) -> None:
    """A worker sets up its own log handlers, in place of the settings' ones: they mask
    national IDs too (a failed task's traceback may quote a database error)."""
    for handler in logger.handlers:
        handler.addFilter(MaskNationalIds())
