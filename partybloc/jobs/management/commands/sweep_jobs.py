from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partybloc.jobs import services


class Command(BaseCommand):
    help = (
        "Put jobs left behind by a fault back on their way: queue again the running jobs whose "
        "worker is gone (failing them after JOB_MAX_ATTEMPTS starts) and send again the queued "
        "jobs whose message was not sent or was lost. For cron, every minute, where no Celery "
        "beat runs."
    )

    def handle(self, *args, **options):
        sweep = services.sweep_jobs()
        self.stdout.write(
            f"{sweep.requeued} jobs whose worker was gone queued again, {sweep.failed} failed "
            f"after {settings.JOB_MAX_ATTEMPTS} attempts, {sweep.resent} queued jobs sent again."
        )
        if sweep.broker_down:
            raise CommandError("The broker is unreachable: the queued jobs wait for the next run.")
