"""Cell meetings and their minutes: the content of a meeting in the order a real one runs,
the roll, the tasks it hands out, and the minutes workflow (draft → submitted → accepted or
returned). A submitted minute is locked and fingerprinted, like the seal across the page edges
of the paper book; a correction is a new version and every version stays readable."""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from organizations import access


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.organization_scope_q(user, prefix="organization__"))

    def in_subtree(self, organization):
        return self.filter(organization__path__startswith=organization.path)

    def between(self, start, end):
        return self.filter(held_on__gte=start, held_on__lte=end)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular monthly meeting")
        THEMATIC = "thematic", _("thematic meeting")
        EXTRAORDINARY = "extraordinary", _("extraordinary meeting")
        CONGRESS = "congress", _("congress")
        COMMITTEE_CONFERENCE = "committee_conference", _("committee conference")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    # The fields that make up the minutes' text, in the order of the meeting.
    CONTENT_FIELDS = (
        "kind", "held_on", "starts_at", "place", "chair_id", "clerk_id", "topic", "presenter",
        "dues_collected", "agenda", "news", "last_period_results", "discussion", "conclusion",
        "resolution", "votes_for", "votes_against", "votes_abstain", "ends_at",
        "minutes_adopted",
    )  # fmt: skip

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("kind of meeting"), max_length=24, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    # The month a regular meeting counts for: one per cell and month.
    period = models.DateField(editable=False)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    ends_at = models.TimeField(_("ended at"), null=True, blank=True)
    # The close of the meeting (Hướng dẫn 09-HD/BTCTW): the clerk read the minutes to the
    # meeting and the meeting adopted them; the printed minutes say so.
    minutes_adopted = models.BooleanField(
        _("the minutes were read to the meeting and adopted"), default=False
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.ForeignKey(
        "members.Member",
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    clerk = models.ForeignKey(
        "members.Member",
        verbose_name=_("clerk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    presenter = models.CharField(_("presenter"), max_length=255, blank=True)
    dues_collected = models.BooleanField(_("party dues collected"), default=False)
    agenda = models.TextField(_("agenda"), blank=True)
    news = models.TextField(_("news and current affairs"), blank=True)
    last_period_results = models.TextField(_("results of the last period"), blank=True)
    discussion = models.TextField(_("discussion"), blank=True)
    conclusion = models.TextField(_("conclusion of the chair"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)

    state = models.CharField(
        _("minutes"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    # Bumped by every save: a save carrying an older number is refused (two editors).
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "period"]),
            models.Index(fields=["state", "held_on"]),
            # The meeting list's order, newest first, a page at a time.
            models.Index(fields=["-held_on", "-id"], name="meeting_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period"],
                condition=Q(kind="regular"),
                name="meeting_one_regular_per_month",
                violation_error_message=_(
                    "This cell already has a regular meeting recorded for that month."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "returned", "accepted"]),
                name="meeting_known_state",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.organization} — {self.held_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.held_on:
            self.period = self.held_on.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def latest_version(self):
        return self.versions.order_by("-number").first()

    def days_overdue(self, *, due_days: int, today=None) -> int:
        """Days past the deadline for submitting the minutes (0 when not overdue)."""
        if not self.is_editable:
            return 0
        today = today or timezone.localdate()
        return max(0, (today - self.held_on).days - due_days)

    def roll_counts(self) -> dict:
        return count_roll(self.attendance.values("standing", "presence"))

    def contradictions(self, *, attendance=None, tasks=None) -> list[tuple[str, str]]:
        """What the printed minutes would contradict themselves with, as (field, message): the
        chair or the clerk not present, more votes than members present, a task due before the
        meeting (field tasks-<n>-due_on for the n-th task). The roll and
        the tasks as stored unless given: the edit page checks what was typed."""
        if attendance is None:
            attendance = list(self.attendance.select_related("member"))
        if tasks is None:
            tasks = list(self.tasks.order_by("pk"))
        counted = {
            row.member_id for row in attendance if row.standing != Attendance.Standing.EXEMPT
        }
        present = {
            row.member_id
            for row in attendance
            if row.member_id in counted and row.presence == Attendance.Presence.PRESENT
        }
        found = []
        absent = {
            "chair": gettext("%(name)s is marked absent on the roll: the chair must be present."),
            "clerk": gettext("%(name)s is marked absent on the roll: the clerk must be present."),
        }
        for field in ("chair", "clerk"):
            member_id = getattr(self, f"{field}_id")
            if member_id is None:
                continue
            name = getattr(self, field).full_name
            if member_id not in counted:
                message = gettext(
                    "%(name)s is not counted on the roll of this meeting: choose a member who "
                    "is present."
                )
                found.append((field, message % {"name": name}))
            elif member_id not in present:
                found.append((field, absent[field] % {"name": name}))
        votes = sum(v or 0 for v in (self.votes_for, self.votes_against, self.votes_abstain))
        if votes > len(present):
            message = ngettext(
                "For, against and abstaining add up to %(votes)s, more than the %(present)s "
                "member present.",
                "For, against and abstaining add up to %(votes)s, more than the %(present)s "
                "members present.",
                len(present),
            )
            found.append(("votes_for", message % {"votes": votes, "present": len(present)}))
        for index, task in enumerate(tasks):
            if task.due_on and self.held_on and task.due_on < self.held_on:
                message = gettext("This task is due before the meeting (%(date)s).")
                found.append(
                    (f"tasks-{index}-due_on", message % {"date": self.held_on.strftime("%d/%m/%Y")})
                )
        return found

    def snapshot(self, *, attendance=None, tasks=None) -> dict:
        """Everything the minutes say, as plain data: what a version stores and fingerprints.
        A caller already holding the roll and the tasks in order (the demo loader) passes them."""
        if attendance is None:
            attendance = self.attendance.select_related("member").order_by("member__sort_key")
        if tasks is None:
            tasks = self.tasks.select_related("assignee").order_by("pk")
        content = {}
        for name in self.CONTENT_FIELDS:
            value = getattr(self, name)
            content[name] = value.isoformat() if hasattr(value, "isoformat") else value
        content["organization"] = self.organization.name
        content["chair"] = self.chair.full_name if self.chair_id else ""
        content["clerk"] = self.clerk.full_name if self.clerk_id else ""
        content["attendance"] = [
            {
                "member": row.member.full_name,
                "standing": row.standing,
                "presence": row.presence,
                "reason": row.reason,
            }
            for row in attendance
        ]
        content["tasks"] = [
            {
                "assignee": task.assignee.full_name if task.assignee_id else "",
                "description": task.description,
                "due_on": task.due_on.isoformat() if task.due_on else None,
            }
            for task in tasks
        ]
        return content


def count_roll(rows) -> dict:
    """The roll computed from attendance rows (dicts of standing and presence), never typed:
    members exempt from meetings are listed apart and not counted as expected or absent."""
    counts = {
        "official": 0,
        "probationary": 0,
        "exempt": 0,
        "present": 0,
        "absent_excused": 0,
        "absent_unexcused": 0,
    }
    for row in rows:
        counts[row["standing"]] += 1
        if row["standing"] != "exempt":
            counts[row["presence"]] += 1
    counts["expected"] = counts["official"] + counts["probationary"]
    counts["absent"] = counts["absent_excused"] + counts["absent_unexcused"]
    counts["rate"] = counts["present"] / counts["expected"] if counts["expected"] else None
    return counts


def fingerprint(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Attendance(models.Model):
    class Standing(models.TextChoices):
        OFFICIAL = "official", _("official")
        PROBATIONARY = "probationary", _("probationary")
        EXEMPT = "exempt", _("exempt from meetings")

    class Presence(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT_EXCUSED = "absent_excused", _("absent with a reason")
        ABSENT_UNEXCUSED = "absent_unexcused", _("absent without a reason")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    # The member's standing on the meeting date, from the register: not typed.
    standing = models.CharField(max_length=12, choices=Standing.choices)
    presence = models.CharField(max_length=16, choices=Presence.choices, default=Presence.PRESENT)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("entry of the roll")
        verbose_name_plural = _("entries of the roll")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.member} — {self.get_presence_display()}"


class Task(models.Model):
    """A task for the next period, assigned to a named member."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    assignee = models.ForeignKey(
        "members.Member",
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("task"), max_length=500)
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.description


class MinutesVersion(models.Model):
    """One submission of the minutes, locked: its content and fingerprint never change."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        max_length=10,
        choices=[("accepted", _("accepted")), ("returned", _("returned"))],
        blank=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_once")
        ]

    def __str__(self):
        return f"{self.meeting} v{self.number}"


class MeetingEvent(models.Model):
    """Who did what to the minutes, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("recorded")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")
        ATTACHED = "attached", _("attached a scan")
        CONFLICT = "conflict", _("save refused: edited by someone else")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    version = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("step of the minutes")
        verbose_name_plural = _("steps of the minutes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.by}"


class RefusedDraft(models.Model):
    """A save refused because someone else saved first: its text is kept, not lost."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="refused_drafts")
    data = models.JSONField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("refused save")
        verbose_name_plural = _("refused saves")

    def __str__(self):
        return f"{self.meeting} — {self.by} — {self.at:%d/%m/%Y %H:%M}"

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The kept text as a person reads it, in sections of (label, text): each field under
        its label, dates as dd/mm/yyyy, members by name; then the roll and the tasks."""
        fields = self.data.get("fields") or {}
        marks = self.data.get("attendance") or {}
        tasks = self.data.get("tasks") or []
        member = Task._meta.get_field("assignee").related_model
        wanted = {fields.get("chair"), fields.get("clerk"), *(t.get("assignee") for t in tasks)}
        wanted |= {int(key) for key in marks if str(key).isdigit()}
        names = dict(
            member.objects.filter(pk__in=[pk for pk in wanted if isinstance(pk, int)]).values_list(
                "pk", "full_name"
            )
        )
        content = []
        for name in Meeting.CONTENT_FIELDS:
            name = name.removesuffix("_id")
            if name not in fields:
                continue
            text = _readable(Meeting._meta.get_field(name), fields[name], names)
            if text:
                content.append((capfirst(Meeting._meta.get_field(name).verbose_name), text))
        presences = dict(Attendance.Presence.choices)
        # Those marked away by name, with the reason; those present as a count.
        roll = [
            (
                names.get(int(key), "—"),
                " — ".join(str(part) for part in (presences.get(presence, ""), reason) if part),
            )
            for key, (presence, reason) in marks.items()
            if str(key).isdigit() and presence != Attendance.Presence.PRESENT
        ]
        present = sum(presence == Attendance.Presence.PRESENT for presence, _r in marks.values())
        if present:
            roll.insert(
                0,
                (
                    capfirst(presences[Attendance.Presence.PRESENT]),
                    ngettext("%(count)s member", "%(count)s members", present) % {"count": present},
                ),
            )
        listed = []
        for number, task in enumerate(tasks, start=1):
            parts = [task.get("description") or ""]
            if task.get("assignee"):
                parts.append(names.get(task["assignee"], "—"))
            if task.get("due_on"):
                parts.append(
                    gettext("by %(date)s")
                    % {"date": _readable(Task._meta.get_field("due_on"), task["due_on"], names)}
                )
            listed.append((gettext("Task %(number)s") % {"number": number}, " — ".join(parts)))
        return [
            (title, lines)
            for title, lines in (
                (gettext("Content"), content),
                (gettext("The roll"), roll),
                (gettext("Tasks for the next period"), listed),
            )
            if lines
        ]


def _readable(field, value, names: dict) -> str:
    """A kept value as the page shows it (kept as JSON: dates in ISO, members by id)."""
    if value is None or value == "":
        return ""
    try:
        if isinstance(field, models.DateField):
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        if isinstance(field, models.TimeField):
            return datetime.time.fromisoformat(value).strftime("%H:%M")
    except (TypeError, ValueError):
        return str(value)
    if isinstance(field, models.ForeignKey):
        return names.get(value, "—")
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    return str(value)


class Attachment(models.Model):
    """A scan of the signed pages (PDF, JPG, PNG), served only through a scoped view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="minutes/%Y/%m/")
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=4)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ComplianceExemption(models.Model):
    """A cell excused from its regular meeting for a month (merger, flood, congress…)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("party cell"),
        on_delete=models.PROTECT,
        related_name="meeting_exemptions",
    )
    period = models.DateField(_("month"))
    reason = models.CharField(_("reason"), max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("exemption from meetings")
        verbose_name_plural = _("exemptions from meetings")
        constraints = [
            models.UniqueConstraint(fields=["organization", "period"], name="exemption_once")
        ]

    def __str__(self):
        return f"{self.organization} — {self.period:%m/%Y}"
