"""Recording meetings and moving their minutes through review. Each operation runs in a
transaction, writes an event (who, what, when), and raises ValidationError with a message the
page shows."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from meetings.models import (
    Attachment,
    Attendance,
    Meeting,
    MeetingEvent,
    MinutesVersion,
    RefusedDraft,
    Task,
    fingerprint,
)
from members.dues.services import record_meeting_dues
from members.models import ACTIVE_STATUSES, Member, Status
from organizations.models import Organization
from partybloc.forms import SCAN_KINDS, check_upload
from reports.snapshot.marks import mark_organizations_stale

_STANDING = {
    Status.OFFICIAL: Attendance.Standing.OFFICIAL,
    Status.PROBATIONARY: Attendance.Standing.PROBATIONARY,
    Status.EXEMPT: Attendance.Standing.EXEMPT,
}


class DraftConflict(Exception):
    """Someone saved the draft after this editor loaded it; their text was kept aside."""

    def __init__(self, refused: RefusedDraft):
        super().__init__("draft conflict")
        self.refused = refused


def roster_on(organization: Organization, day: datetime.date) -> list[tuple[Member, str]]:
    """The members of an organization's cells on a date, with their standing that day."""
    members = (
        Member.objects.as_of(day)
        .filter(organization_on_path__startswith=organization.path, status_on__in=ACTIVE_STATUSES)
        .order_by("sort_key")
    )
    return [(member, _STANDING[member.status_on]) for member in members]


def _refresh_roll(meeting: Meeting) -> None:
    """Make the attendance list match the roster of the meeting date, keeping what was marked."""
    roster = roster_on(meeting.organization, meeting.held_on)
    existing = {row.member_id: row for row in meeting.attendance.all()}
    wanted = {member.pk for member, _standing in roster}
    meeting.attendance.exclude(member_id__in=wanted).delete()
    new_rows, changed = [], []
    for member, standing in roster:
        row = existing.get(member.pk)
        if row is None:
            new_rows.append(Attendance(meeting=meeting, member=member, standing=standing))
        elif row.standing != standing:
            row.standing = standing
            changed.append(row)
    Attendance.objects.bulk_create(new_rows)
    Attendance.objects.bulk_update(changed, ["standing"])


def check_kind_and_date(organization: Organization, kind: str, held_on: datetime.date) -> None:
    """A meeting the organization can have held: raises ValidationError on the field at fault.
    The forms ask it before saving, so the user sees it on the field."""
    errors = {}
    if held_on > timezone.localdate() + datetime.timedelta(days=60):
        errors["held_on"] = _("The meeting date is too far in the future.")
    elif held_on < organization.founded_on:
        errors["held_on"] = _(
            "The organization was founded on %(date)s: the meeting cannot be earlier."
        ) % {"date": organization.founded_on.strftime("%d/%m/%Y")}
    if kind == Meeting.Kind.COMMITTEE_CONFERENCE and organization.is_cell:
        errors["kind"] = _("A committee conference is held by a grassroots committee, not a cell.")
    if errors:
        raise ValidationError(errors)


def regular_meeting_clash(
    organization: Organization, held_on: datetime.date, *, besides: Meeting | None = None
) -> Meeting | None:
    """The regular meeting the organization already has in that month, if any."""
    meetings = Meeting.objects.filter(
        organization=organization, kind=Meeting.Kind.REGULAR, period=held_on.replace(day=1)
    )
    if besides is not None:
        meetings = meetings.exclude(pk=besides.pk)
    return meetings.first()


@transaction.atomic
def record_meeting(
    *, organization: Organization, kind: str, held_on: datetime.date, by: User, **fields: object
) -> Meeting:
    """Open the minutes of a meeting, with the roll prefilled from the register."""
    check_kind_and_date(organization, kind, held_on)
    meeting = Meeting(
        organization=organization,
        kind=kind,
        held_on=held_on,
        created_by=by,
        updated_by=by,
        **fields,
    )
    meeting.period = held_on.replace(day=1)
    meeting.full_clean()
    meeting.save()
    _refresh_roll(meeting)
    MeetingEvent.objects.create(meeting=meeting, action=MeetingEvent.Action.CREATED, by=by)
    mark_organizations_stale([meeting.organization_id], since=meeting.held_on)
    return meeting


def save_draft(
    meeting: Meeting,
    *,
    fields: dict,
    attendance: dict[int, tuple[str, str]],
    tasks: list[dict] | None,
    revision: int,
    by: User,
    dues: dict[int, int] | None = None,
) -> Meeting:
    """Save the editable minutes if nobody saved them since `revision`; else keep this text
    aside as a RefusedDraft and raise DraftConflict.

    attendance maps member id -> (presence, reason), for the members whose mark changes;
    tasks are dicts of assignee, description, due_on, replacing the stored ones (None leaves
    them as they are); dues maps member id -> the party dues paid at the meeting (the roll's
    dues column), for the members posted.
    """
    with transaction.atomic():
        saved = _save_if_current(
            meeting, fields=fields, attendance=attendance, tasks=tasks, revision=revision, by=by
        )
        if saved and dues:
            record_meeting_dues(meeting, dues, by=by)
    if saved:
        return meeting
    # Outside the transaction above, so the refused text survives the refusal.
    refused = RefusedDraft.objects.create(
        meeting=meeting,
        by=by,
        data={
            "fields": {k: _plain(v) for k, v in fields.items()},
            "attendance": {str(k): list(v) for k, v in attendance.items()},
            "tasks": None
            if tasks is None
            else [{k: _plain(v) for k, v in task.items()} for task in tasks],
        },
    )
    MeetingEvent.objects.create(meeting=meeting, action=MeetingEvent.Action.CONFLICT, by=by)
    raise DraftConflict(refused)


def _save_if_current(
    meeting: Meeting,
    *,
    fields: dict,
    attendance: dict[int, tuple[str, str]],
    tasks: list[dict] | None,
    revision: int,
    by: User,
) -> bool:
    if not meeting.is_editable:
        raise ValidationError(_("These minutes are locked: they were submitted."))
    date_changed = "held_on" in fields and fields["held_on"] != meeting.held_on
    if "held_on" in fields or "kind" in fields:
        check_kind_and_date(
            meeting.organization,
            fields.get("kind", meeting.kind),
            fields.get("held_on", meeting.held_on),
        )
    # Compare-and-swap on the revision: the database decides who saved first.
    updated = Meeting.objects.filter(
        pk=meeting.pk, revision=revision, state__in=Meeting.EDITABLE_STATES
    ).update(revision=F("revision") + 1)
    if not updated:
        return False
    # The month-end figures count its meetings and roll, of the month it was and now is.
    mark_organizations_stale(
        [meeting.organization_id],
        since=min(meeting.held_on, fields.get("held_on", meeting.held_on)),
    )
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.revision, meeting.updated_by = revision + 1, by
    meeting.period = meeting.held_on.replace(day=1)
    meeting.full_clean(exclude=["revision"])
    meeting.save()
    if date_changed:
        _refresh_roll(meeting)
    rows = list(meeting.attendance.all())
    for row in rows:
        if row.member_id in attendance:
            row.presence, row.reason = attendance[row.member_id]
            if row.presence != Attendance.Presence.ABSENT_EXCUSED:
                row.reason = ""
    Attendance.objects.bulk_update(rows, ["presence", "reason"])
    if tasks is None:
        return True
    meeting.tasks.all().delete()
    Task.objects.bulk_create(
        Task(
            meeting=meeting,
            assignee=task.get("assignee"),
            description=task["description"],
            due_on=task.get("due_on"),
        )
        for task in tasks
        if task.get("description")
    )
    return True


def _plain(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def missing_for_submission(meeting: Meeting) -> list[str]:
    """What the minutes still lack before they can be submitted."""
    missing = []
    if not meeting.chair_id:
        missing.append(_("the chair"))
    if not meeting.clerk_id:
        missing.append(_("the clerk"))
    if meeting.kind == Meeting.Kind.THEMATIC and not meeting.topic:
        missing.append(_("the topic of the thematic meeting"))
    if not (meeting.conclusion or meeting.resolution):
        missing.append(_("the conclusion or the resolution"))
    return missing


def described_contradictions(meeting: Meeting) -> list[str]:
    """What the stored minutes contradict themselves with, each named by its field."""
    described = []
    for field, message in meeting.contradictions():
        if field.startswith("tasks-"):
            label = _("Task %(number)s") % {"number": int(field.split("-")[1]) + 1}
        else:
            label = capfirst(Meeting._meta.get_field(field).verbose_name)
        described.append(_("%(field)s: %(error)s") % {"field": label, "error": message})
    return described


@transaction.atomic
def submit_minutes(meeting: Meeting, *, by: User) -> MinutesVersion:
    """Lock the minutes and store a fingerprinted version for the level above to review."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_editable:
        raise ValidationError(_("These minutes were already submitted."))
    missing = missing_for_submission(meeting)
    if missing:
        raise ValidationError(
            _("The minutes cannot be submitted yet. Missing: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    contradictions = described_contradictions(meeting)
    if contradictions:
        raise ValidationError(
            _("The minutes contradict themselves; correct them before submitting: %(problems)s")
            % {"problems": " ".join(contradictions)}
        )
    content = meeting.snapshot()
    number = meeting.versions.count() + 1
    version = MinutesVersion.objects.create(
        meeting=meeting,
        number=number,
        content=content,
        fingerprint=fingerprint(content),
        submitted_by=by,
    )
    meeting.state = Meeting.State.SUBMITTED
    meeting.updated_by = by
    meeting.save(update_fields=["state", "updated_by", "updated_at"])
    MeetingEvent.objects.create(
        meeting=meeting, action=MeetingEvent.Action.SUBMITTED, by=by, version=number
    )
    mark_organizations_stale([meeting.organization_id], since=meeting.held_on)
    return version


def _review(meeting: Meeting, *, outcome: str, by: User, comment: str) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != Meeting.State.SUBMITTED:
        raise ValidationError(_("Only submitted minutes can be reviewed."))
    version = meeting.versions.order_by("-number").first()
    version.outcome, version.reviewed_by = outcome, by
    version.reviewed_at, version.review_comment = timezone.now(), comment
    version.save()
    meeting.state = outcome
    meeting.updated_by = by
    meeting.save(update_fields=["state", "updated_by", "updated_at"])
    MeetingEvent.objects.create(
        meeting=meeting, action=outcome, by=by, comment=comment, version=version.number
    )
    mark_organizations_stale([meeting.organization_id], since=meeting.held_on)
    return meeting


@transaction.atomic
def return_minutes(meeting: Meeting, *, by: User, comment: str) -> Meeting:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must be corrected.")})
    return _review(meeting, outcome=Meeting.State.RETURNED, by=by, comment=comment.strip())


@transaction.atomic
def accept_minutes(meeting: Meeting, *, by: User, comment: str = "") -> Meeting:
    return _review(meeting, outcome=Meeting.State.ACCEPTED, by=by, comment=comment.strip())


@transaction.atomic
def attach_scan(meeting: Meeting, *, upload: UploadedFile, by: User) -> Attachment:
    kind = check_upload(upload, allowed=SCAN_KINDS)
    attachment = Attachment(
        meeting=meeting,
        original_name=upload.name[:255],
        kind=kind,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(f"{meeting.pk}-{upload.name[-80:]}", upload, save=False)
    attachment.save()
    MeetingEvent.objects.create(
        meeting=meeting,
        action=MeetingEvent.Action.ATTACHED,
        by=by,
        comment=attachment.original_name,
    )
    return attachment
