"""The access log: who viewed or exported personal data of the register, and when.

A record is written once and never changed or deleted one by one: save() refuses to update,
delete() refuses, and so do the queryset's update() and delete(); on PostgreSQL a trigger
refuses them too (migrations/0002). The only removal is pruning records older than the
retention period (services.prune_access_log)."""

import datetime

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access
from partybloc.types import Viewer

# The PostgreSQL trigger lets a DELETE through only while this is set in the transaction.
PRUNE_SETTING = "partybloc.audit_prune"


class RecordIsFinal(Exception):
    """An access record cannot be changed or deleted."""


class AccessRecordQuerySet(models.QuerySet):
    def visible_to(self, user: Viewer) -> "AccessRecordQuerySet":
        return self.filter(access.access_log_scope_q(user))

    def update(self, **kwargs):
        raise RecordIsFinal("Access records cannot be changed.")

    def delete(self):
        raise RecordIsFinal("Access records are removed only when older than the retention.")

    def prune(self, *, before: datetime.datetime) -> int:
        """Delete the records written before a time; the number deleted."""
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'on', true)", [PRUNE_SETTING])
            deleted, _by_model = models.QuerySet.delete(self.filter(at__lt=before))
        return deleted


class AccessRecord(models.Model):
    class Action(models.TextChoices):
        MEMBER_VIEWED = "member_viewed", _("viewed a member's record")
        MEMBER_OPENED_FOR_EDITING = "member_opened", _("opened a member's record for editing")
        MEMBERS_SEARCHED = "members_searched", _("searched the register")
        MEMBERS_EXPORTED = "members_exported", _("exported a member list")
        IMPORT_PREVIEWED = "import_previewed", _("previewed an import file")
        IMPORT_FILE_DOWNLOADED = "import_file_downloaded", _("downloaded an import file")

    at = models.DateTimeField(_("time"), default=timezone.now)
    # Protected: a user whose reading is on record is deactivated, not deleted, until the
    # record itself expires.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The member's cell for a record of one member; the organization a list was limited to.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    full_national_ids = models.BooleanField(_("full national IDs"), default=False)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    # What the list or file was (its filters in words, a job's number), national IDs masked.
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["at"]),
            models.Index(fields=["user", "at"]),
            models.Index(fields=["member", "at"]),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_id} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RecordIsFinal("Access records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordIsFinal("Access records are removed only when older than the retention.")
