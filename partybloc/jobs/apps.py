from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "partybloc.jobs"
    label = "jobs"
    verbose_name = _("background jobs")

    def ready(self):
        # Each kind's Celery task declares itself in its app's tasks module (see
        # jobs.services.runs_kind): import them all, so that any process (web, worker,
        # command) can queue or retry a job of any kind.
        autodiscover_modules("tasks")
