from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TemporaryPassword(models.Model):
    """A password the bloc office set for a user who forgot theirs. While this row exists the
    user must choose a new password before anything else; choosing one removes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="temporary_password",
        verbose_name=_("user"),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        verbose_name = _("temporary password")
        verbose_name_plural = _("temporary passwords")

    def __str__(self):
        return str(self.user)
