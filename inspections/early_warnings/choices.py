"""The kinds and states of an early warning and the decisions that close one, apart from the
models so that the access rules can name them without importing a model module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningKind(models.TextChoices):
    # About a member: the Charter's three months in a year (Điều lệ Đảng, article 8).
    MEMBER_MEETINGS = "member_meetings", _("missed cell meetings without a reason")
    MEMBER_DUES = "member_dues", _("did not pay party dues")
    # About an organization at risk.
    MEETINGS_SKIPPED = "meetings_skipped", _("months without a regular meeting")
    MINUTES_OVERDUE = "minutes_overdue", _("minutes overdue")
    REMEDIATION_OVERDUE = "remediation_overdue", _("remediation overdue")
    DUES_UNPAID = "dues_unpaid", _("party dues unpaid")
    NO_CONGRESS = "no_congress", _("no congress this term")


MEMBER_KINDS = (WarningKind.MEMBER_MEETINGS, WarningKind.MEMBER_DUES)
ORGANIZATION_KINDS = tuple(kind for kind in WarningKind if kind not in MEMBER_KINDS)


class WarningState(models.TextChoices):
    OPEN = "open", _("awaiting a decision")
    # The condition no longer holds (minutes submitted, an absence excused): kept, not deleted.
    RESOLVED = "resolved", _("resolved by the data")
    # Closed by a decision recorded with its reason.
    CLOSED = "closed", _("closed by a decision")


class WarningDecision(models.TextChoices):
    GOOD_REASON = "good_reason", _("considered: there was a good reason")
    STRIKE_OFF = "strike_off", _("proposed for striking off")
    REMINDED = "reminded", _("reminded; to be followed up")
    OTHER = "other", _("other")
