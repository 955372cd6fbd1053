"""Import files waiting for their confirmation: an uploaded file (national IDs and all) is kept
in the private storage only between its preview and its confirmation, when it becomes the import
job's input. Cancelling removes it at once; one never confirmed is removed
IMPORT_PREVIEW_KEEP_HOURS after its upload (Celery beat each hour, or `manage.py
remove_unconfirmed_imports` from cron)."""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from partybloc.jobs.models import Job

FOLDER = "member-imports"


def folder_for_today() -> str:
    return f"{FOLDER}/{timezone.localdate():%Y/%m}"


def remove(*names: str) -> None:
    """Delete kept files (a previewed upload, its marked copy), unless a job took one."""
    taken = _taken()
    for name in names:
        if name and name not in taken:
            default_storage.delete(name)


def remove_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete the kept files older than IMPORT_PREVIEW_KEEP_HOURS that no job took; return
    how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.IMPORT_PREVIEW_KEEP_HOURS)
    taken = _taken()
    removed = 0
    for name in _files_under(FOLDER):
        if name not in taken and default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            removed += 1
    return removed


def _taken() -> set[str]:
    """Files in the folder that import jobs hold as their input or their marked copy."""
    names = Job.objects.filter(kind=Job.Kind.MEMBER_IMPORT).values_list("input_file", "output_file")
    return {name for pair in names for name in pair if name and name.startswith(FOLDER + "/")}


def _files_under(folder: str):
    if not default_storage.exists(folder):
        return
    folders, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files_under(f"{folder}/{sub}")
