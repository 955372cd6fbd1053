"""The kinds of party organization and the roles users hold on them.

Kept apart from the models so that the access rules (organizations.access), which the models'
`visible_to` doors call, can name them without importing any model module.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    BLOC = "bloc", _("party bloc")
    COMMITTEE = "committee", _("grassroots party committee")
    SUBORDINATE_CELL = "subordinate_cell", _("subordinate party cell")
    GRASSROOTS_CELL = "grassroots_cell", _("grassroots party cell")


CELL_KINDS = (OrganizationKind.SUBORDINATE_CELL, OrganizationKind.GRASSROOTS_CELL)
# Grassroots party organizations (tổ chức cơ sở đảng): the bloc's direct children.
GRASSROOTS_KINDS = (OrganizationKind.COMMITTEE, OrganizationKind.GRASSROOTS_CELL)


class Role(models.TextChoices):
    OFFICE_STAFF = "office_staff", _("bloc office staff")
    LEADER = "leader", _("bloc leader")
    COMMITTEE_STAFF = "committee_staff", _("grassroots committee staff")
    CELL_SECRETARY = "cell_secretary", _("cell secretary")
    INSPECTOR = "inspector", _("inspector")
