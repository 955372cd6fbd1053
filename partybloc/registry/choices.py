"""The kinds of party document and the bodies that issue them, apart from the models so that the
access rules can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    # The value is the kind's letters in the number ("45-BC/ĐUK"), as Hướng dẫn 36-HD/VPTW.
    REPORT = "BC", _("report")
    NOTICE = "TB", _("notice")
    PLAN = "KH", _("plan")
    DECISION = "QĐ", _("decision")
    RESOLUTION = "NQ", _("resolution")
    MINUTES = "BB", _("minutes")


class Body(models.TextChoices):
    # The organization's own committee: the bloc's Ban Thường vụ, a Đảng ủy, a Chi bộ.
    COMMITTEE = "committee", _("party committee")
    # Its inspection committee (Ủy ban Kiểm tra), with its own symbol and head.
    INSPECTION_COMMITTEE = "inspection_committee", _("inspection committee")
