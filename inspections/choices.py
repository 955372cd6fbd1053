"""The states of an inspection and of a remediation item, apart from the models so that the
access rules can name them without importing a model module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    FINDINGS_FINALIZED = "findings_finalized", _("findings finalized")
    CONCLUDED = "concluded", _("concluded")
    CLOSED = "closed", _("closed")


# Once concluded, an inspection is shown to the organizations it concerns.
PUBLISHED = (InspectionStatus.CONCLUDED, InspectionStatus.CLOSED)


class RemediationStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CARRIED_OVER = "carried_over", _("carried over")


PENDING = (RemediationStatus.OPEN, RemediationStatus.IN_PROGRESS)
# What lets an inspection close: every item is one of these.
SETTLED = (RemediationStatus.DONE, RemediationStatus.CARRIED_OVER)
