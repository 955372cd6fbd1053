from django.conf import settings
from django.core.management.base import BaseCommand

from partybloc.audit import services


class Command(BaseCommand):
    help = (
        "Delete access-log records older than AUDIT_RETENTION_DAYS (for cron, where no Celery "
        "beat runs)."
    )

    def handle(self, *args, **options):
        deleted = services.prune_access_log()
        self.stdout.write(
            f"{deleted} access records older than {settings.AUDIT_RETENTION_DAYS} days deleted."
        )
