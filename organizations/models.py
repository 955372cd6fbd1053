"""The tree of party organizations, kept as a materialized path so a subtree is one indexed
filter, with the parent history that lets the tree be read as it stood on a past date."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations import access
from organizations.choices import CELL_KINDS, GRASSROOTS_KINDS, OrganizationKind, Role
from partybloc.text import collation_key, fold
from partybloc.text_search import words_q

PATH_SEGMENT_WIDTH = 7


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}/"


class HostAgency(models.Model):
    """The agency or unit (cơ quan, đơn vị) an organization sits in, with its workforce."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    workforce = models.PositiveIntegerField(
        _("workforce"),
        default=0,
        help_text=_("Civil servants, public employees and workers of the agency."),
    )

    class Meta:
        verbose_name = _("host agency")
        verbose_name_plural = _("host agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.organization_scope_q(user))

    def kept_by(self, user):
        """Organizations whose records, children and members the user keeps."""
        return self.filter(access.keeping_q(user))

    def recordable_by(self, user):
        """Active organizations whose meetings the user records."""
        return self.filter(access.recordable_q(user))

    def member_destinations_for(self, user):
        """Active cells the user may place a member in (register, transfer)."""
        return self.filter(access.member_destination_q(user)).active()

    def scope_roots(self, user) -> list["Organization"]:
        """The highest organizations a user may see, shallowest first: where their tree starts."""
        held = list(
            self.filter(access.scope_root_q(user))
            .filter(access.organization_scope_q(user))
            .order_by("depth", "path")
        )
        paths = [org.path for org in held]
        return [
            org for org in held if not any(org.path.startswith(p) and org.path != p for p in paths)
        ]

    def subtree_of(self, organization, *, include_self=True):
        qs = self.filter(path__startswith=organization.path)
        return qs if include_self else qs.exclude(pk=organization.pk)

    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(founded_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def cells(self):
        return self.filter(kind__in=Organization.CELL_KINDS)

    def grassroots(self):
        return self.filter(kind__in=Organization.GRASSROOTS_KINDS)

    def search(self, text: str):
        return self.filter(words_q("name_folded", text))

    def in_tree_order(self):
        return self.order_by("depth", "sort_key")


class Organization(models.Model):
    Kind = OrganizationKind

    class EndKind(models.TextChoices):
        DISSOLVED = "dissolved", _("dissolved")
        MERGED = "merged", _("merged")
        SPLIT = "split", _("split")

    # Which kinds may sit directly under which: the whole shape of the tree in one table.
    ALLOWED_PARENT_KINDS = {
        Kind.BLOC: (),
        Kind.COMMITTEE: (Kind.BLOC,),
        Kind.GRASSROOTS_CELL: (Kind.BLOC,),
        Kind.SUBORDINATE_CELL: (Kind.COMMITTEE,),
    }
    CELL_KINDS = CELL_KINDS
    GRASSROOTS_KINDS = GRASSROOTS_KINDS

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(
        max_length=255,
        db_index=True,
        editable=False,
        default="",
        verbose_name=_("path in the tree"),
    )
    depth = models.PositiveSmallIntegerField(
        editable=False, default=0, verbose_name=_("depth in the tree")
    )
    host_agency = models.ForeignKey(
        HostAgency,
        verbose_name=_("host agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )
    founded_on = models.DateField(_("founded on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_kind = models.CharField(
        _("how it ended"), max_length=12, choices=EndKind.choices, blank=True
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    end_decision = models.CharField(_("decision"), max_length=100, blank=True)
    term_start_year = models.PositiveSmallIntegerField(_("term from (year)"), null=True, blank=True)
    term_end_year = models.PositiveSmallIntegerField(_("term to (year)"), null=True, blank=True)
    congress_held_on = models.DateField(_("congress held on"), null=True, blank=True)
    regulation_adopted_on = models.DateField(
        _("working regulation adopted on"), null=True, blank=True
    )
    regulation_revised_on = models.DateField(
        _("working regulation last revised on"), null=True, blank=True
    )
    regulation_file = models.FileField(
        _("working regulation file"), upload_to="regulations/%Y/", blank=True
    )
    name_folded = models.CharField(
        max_length=255, db_index=True, editable=False, default="", verbose_name=_("name folded")
    )
    sort_key = models.CharField(
        max_length=600, editable=False, default="", verbose_name=_("sort key")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = OrganizationQuerySet.as_manager()
    # Every change, with who made it and when. The path and depth follow the parent (whose
    # change is recorded); the other left-out fields are derived or time stamps.
    history = HistoricalRecords(
        excluded_fields=["path", "depth", "name_folded", "sort_key", "created_at", "updated_at"],
        verbose_name=_("history of a party organization"),
        verbose_name_plural=_("history of party organizations"),
    )

    class Meta:
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="bloc", parent__isnull=True)
                | (~Q(kind="bloc") & Q(parent__isnull=False)),
                name="organization_only_bloc_is_root",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("founded_on")),
                name="organization_ends_after_founding",
            ),
            models.CheckConstraint(
                condition=Q(term_end_year__isnull=True)
                | Q(term_start_year__isnull=True)
                | Q(term_end_year__gt=models.F("term_start_year")),
                name="organization_term_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)
        if self.refresh_path():
            # A new row learns its own id only on insert; moves rewrite the subtree in services.
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def refresh_derived(self) -> None:
        """The search and sort forms of the name (also for writers that skip save())."""
        self.name_folded = fold(self.name)
        self.sort_key = collation_key(self.name)[:600]

    def refresh_path(self) -> bool:
        """Path and depth from the parent's path and this row's id; True when they changed."""
        expected = (self.parent.path if self.parent_id else "") + path_segment(self.pk)
        if self.path == expected:
            return False
        self.path, self.depth = expected, expected.count("/") - 1
        return True

    def clean(self):
        errors = self.placement_errors(self.parent)
        if self.ended_on and self.founded_on and self.ended_on < self.founded_on:
            errors["ended_on"] = _("An organization cannot end before it was founded.")
        if (
            self.term_start_year
            and self.term_end_year
            and self.term_end_year <= self.term_start_year
        ):
            errors["term_end_year"] = _("The term must end after it starts.")
        if (
            self.regulation_adopted_on
            and self.regulation_revised_on
            and self.regulation_revised_on < self.regulation_adopted_on
        ):
            errors["regulation_revised_on"] = _(
                "The working regulation cannot be revised before it was adopted."
            )
        if errors:
            raise ValidationError(errors)

    def placement_errors(self, parent) -> dict:
        """Why this organization may not sit under parent (empty when it may)."""
        allowed = self.ALLOWED_PARENT_KINDS.get(self.kind, ())
        if parent is None:
            if allowed:
                return {"parent": _("This kind of organization must sit under another one.")}
            return {}
        if self.pk and (parent.pk == self.pk or parent.path.startswith(self.path)):
            return {"parent": _("An organization cannot be placed under itself or its own cells.")}
        if not allowed:
            return {"parent": _("A party bloc is the top of the tree and has no parent.")}
        if parent.kind not in allowed:
            if self.kind == self.Kind.SUBORDINATE_CELL:
                message = _(
                    "A subordinate party cell can only sit under a grassroots party committee."
                )
            elif parent.kind in self.CELL_KINDS:
                message = _("A party cell cannot have organizations under it.")
            else:
                message = _("A grassroots party organization sits directly under the party bloc.")
            return {"parent": message}
        if parent.ended_on:
            return {"parent": _("The parent organization has ended.")}
        return {}

    @property
    def is_cell(self) -> bool:
        return self.kind in self.CELL_KINDS

    @property
    def is_active(self) -> bool:
        return self.ended_on is None or self.ended_on > timezone.localdate()

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(segment) for segment in self.path.split("/")[:-2] if segment]

    def ancestors(self):
        return Organization.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def is_within(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)

    @property
    def term_label(self) -> str:
        if self.term_start_year and self.term_end_year:
            return f"{self.term_start_year}–{self.term_end_year}"
        return ""

    def flags(self, on: datetime.date | None = None) -> list[str]:
        """Warnings the bloc watches: a missing congress, a stale working regulation."""
        on = on or timezone.localdate()
        flags = []
        term_started = self.term_start_year and self.term_start_year <= on.year
        if term_started and (
            not self.congress_held_on or self.congress_held_on.year < self.term_start_year
        ):
            flags.append(_("No congress held this term (%(term)s).") % {"term": self.term_label})
        if not self.regulation_adopted_on:
            flags.append(_("No working regulation recorded."))
        elif self.regulation_behind_congress:
            flags.append(_("Working regulation not revised since the congress."))
        return flags

    @property
    def regulation_behind_congress(self) -> bool:
        """A congress was held and no working regulation was adopted or revised since."""
        if not self.congress_held_on:
            return False
        last = self.regulation_revised_on or self.regulation_adopted_on
        return last is None or last < self.congress_held_on


class ParentLink(models.Model):
    """Which organization sat under which, and from when: the tree of any past date."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="parent_links",
        verbose_name=_("organization"),
    )
    parent = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="child_links",
        null=True,
        verbose_name=_("parent"),
    )
    valid_from = models.DateField(verbose_name=_("valid from"))
    valid_to = models.DateField(null=True, blank=True, verbose_name=_("valid to"))

    class Meta:
        verbose_name = _("parent link")
        verbose_name_plural = _("parent links")
        indexes = [models.Index(fields=["organization", "valid_from"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(valid_to__isnull=True),
                name="parentlink_one_open_per_organization",
            )
        ]

    def __str__(self):
        if self.parent is None:  # a root of the tree
            return f"{self.organization} ({self.valid_from:%d/%m/%Y})"
        return f"{self.organization} ← {self.parent} ({self.valid_from:%d/%m/%Y})"


class RoleAssignment(models.Model):
    """A user's role on an organization: what it decides is in organizations.access."""

    Role = Role

    ROLE_ORGANIZATION_KINDS = {
        Role.OFFICE_STAFF: (Organization.Kind.BLOC,),
        Role.LEADER: (Organization.Kind.BLOC,),
        Role.COMMITTEE_STAFF: (Organization.Kind.COMMITTEE,),
        Role.CELL_SECRETARY: Organization.CELL_KINDS,
        Role.INSPECTOR: (Organization.Kind.BLOC,),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="roleassignment_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

    def clean(self):
        kinds = self.ROLE_ORGANIZATION_KINDS.get(self.role, ())
        if self.organization_id and self.organization.kind not in kinds:
            raise ValidationError(
                {"organization": _("This role cannot be held on this kind of organization.")}
            )
