"""Who hears about an open item (the level) and which notice of it this is (the stage), apart
from the models so that the access rules can name them without importing a model module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """Who hears, in order: the keepers of the organization itself, the grassroots committee
    above it, the bloc office."""

    RESPONSIBLE = 0, _("the person responsible")
    COMMITTEE = 1, _("the grassroots party committee")
    BLOC = 2, _("the bloc office")


class Stage(models.TextChoices):
    """A notice of an item: a reminder before it falls due, one when it is overdue, then one to
    each level above while it stays open."""

    SOON = "soon", _("falls due soon")
    OVERDUE = "overdue", _("overdue")
    COMMITTEE = "committee", _("escalated to the grassroots committee")
    BLOC = "bloc", _("escalated to the bloc office")


class Delivery(models.TextChoices):
    """How a user wants notices by email."""

    NONE = "none", _("no email")
    INSTANT = "instant", _("one email per notice")
    DIGEST = "digest", _("one email a day with all new notices")
