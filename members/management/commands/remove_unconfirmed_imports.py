from django.conf import settings
from django.core.management.base import BaseCommand

from members import import_files


class Command(BaseCommand):
    help = (
        "Delete member import files previewed but not confirmed within "
        "IMPORT_PREVIEW_KEEP_HOURS (for cron, where no Celery beat runs)."
    )

    def handle(self, *args, **options):
        removed = import_files.remove_unconfirmed()
        self.stdout.write(
            f"{removed} import files not confirmed within "
            f"{settings.IMPORT_PREVIEW_KEEP_HOURS} hours deleted."
        )
