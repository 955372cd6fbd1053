import copy
import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import services
from meetings.models import Attendance, Meeting, Task
from members.dues import services as dues_services
from members.dues.forms import MAX_AMOUNT as MAX_DUES
from members.models import Member
from organizations import access
from organizations.forms import OrganizationChoiceField
from organizations.models import Organization
from partybloc.forms import (
    CapitalizedLabels,
    DateField,
    DateInput,
    KeyedRows,
    RefusesNullCharacters,
    RowForm,
    ShowsHiddenErrors,
    form_helper,
)

TEXT_SECTIONS = ("agenda", "news", "last_period_results", "discussion", "conclusion", "resolution")
# About twenty printed pages a section: more is a paste gone wrong, refused with its count.
MAX_SECTION = 50_000


class MeetingStartForm(
    ShowsHiddenErrors, RefusesNullCharacters, CapitalizedLabels, forms.ModelForm
):
    """The first screen: which meeting, when and where. The roll follows from the date."""

    class Meta:
        model = Meeting
        fields = ["organization", "kind", "held_on", "starts_at", "place"]
        field_classes = {"held_on": DateField, "organization": OrganizationChoiceField}
        widgets = {"held_on": DateInput(), "starts_at": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.recordable_by(user).order_by("path")
        self.fields["organization"].queryset = organizations
        self.fields["organization"].search_within(scope="recordable")
        only = list(organizations[:2])
        if len(only) == 1:
            # The one organization the user records for is the answer, whatever the page was
            # opened with or posts: the server decides it, nobody chooses it.
            self.initial["organization"] = only[0].pk
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].disabled = True
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        organization, kind, held_on = (cleaned.get(k) for k in ("organization", "kind", "held_on"))
        if organization and kind and held_on:
            try:
                services.check_kind_and_date(organization, kind, held_on)
            except forms.ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        if organization and kind == Meeting.Kind.REGULAR and "held_on" in cleaned:
            clash = services.regular_meeting_clash(organization, held_on)
            if clash:
                raise forms.ValidationError(clash_message(held_on, clash))
        return cleaned

    def validate_constraints(self, *args, **kwargs):
        # clean() above explains the one-regular-meeting-a-month rule with the clashing date.
        pass


def clash_message(held_on, clash: Meeting) -> str:
    return _(
        "This cell already has a regular meeting recorded for %(month)s (held on %(date)s)."
    ) % {"month": held_on.strftime("%m/%Y"), "date": clash.held_on.strftime("%d/%m/%Y")}


# The hidden revision comes back wrong only from a page cut short or tampered with.
STALE_PAGE = _("This page was sent incomplete: reload it (what you typed is kept in this browser).")


class MinutesForm(ShowsHiddenErrors, RefusesNullCharacters, CapitalizedLabels, forms.ModelForm):
    """The content of the minutes; the roll and the tasks are row forms beside it (MinutesEdit
    holds the three). Its instance is the minutes as typed: the view keeps the stored one."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput(),
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            code: STALE_PAGE for code in ("required", "invalid", "min_value", "max_value")
        },
    )

    class Meta:
        model = Meeting
        fields = [
            "held_on",
            "starts_at",
            "place",
            "chair",
            "clerk",
            "topic",
            "presenter",
            "dues_collected",
            "agenda",
            "news",
            "last_period_results",
            "discussion",
            "conclusion",
            "resolution",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "ends_at",
            "minutes_adopted",
        ]
        field_classes = {"held_on": DateField, "organization": OrganizationChoiceField}
        widgets = {
            "held_on": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in TEXT_SECTIONS},
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, instance=meeting, **kwargs)
        self.meeting = meeting
        self.fields["revision"].initial = meeting.revision
        # The chair and the clerk sign for a meeting they attended: members counted on the roll.
        counted = meeting.attendance.exclude(standing=Attendance.Standing.EXEMPT)
        roster = Member.objects.filter(pk__in=counted.values("member_id")).order_by("sort_key")
        for name in ("chair", "clerk"):
            self.fields[name].queryset = roster
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose a member counted on the roll of this meeting."
            )
        for name in TEXT_SECTIONS:
            self.fields[name].max_length = MAX_SECTION
            self.fields[name].validators.append(MaxLengthValidator(MAX_SECTION))
        if meeting.kind != Meeting.Kind.THEMATIC:
            del self.fields["topic"]
            del self.fields["presenter"]
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        held_on = cleaned.get("held_on")
        if held_on:
            meeting = self.meeting
            try:
                services.check_kind_and_date(meeting.organization, meeting.kind, held_on)
            except forms.ValidationError as error:
                for message in error.message_dict.get("held_on", []):
                    self.add_error("held_on", message)
            else:
                if meeting.kind == Meeting.Kind.REGULAR:
                    clash = services.regular_meeting_clash(
                        meeting.organization, held_on, besides=meeting
                    )
                    if clash:
                        self.add_error("held_on", clash_message(held_on, clash))
        return cleaned

    def validate_constraints(self, *args, **kwargs):
        # clean() puts the one-regular-meeting-a-month rule on the date, with the clashing one.
        pass

    def content_fields(self) -> dict:
        """The fields that passed their checks."""
        return {
            name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data
        }


class RollMarkForm(RowForm):
    """One member of the roll: present, or absent with or without a reason."""

    presence = forms.ChoiceField(label=_("presence"), choices=Attendance.Presence.choices)
    # Stored as typed (not stripped), as the roll always was: the same input gives the same
    # minutes and the same fingerprint.
    reason = forms.CharField(
        label=_("reason for absence"), max_length=255, required=False, strip=False
    )
    # What the member paid at the meeting, in đồng (blank: nothing). Offered on a cell's
    # roll only (RollForms drops it elsewhere).
    dues = forms.IntegerField(
        label=_("party dues paid (đ)"), min_value=0, max_value=MAX_DUES, required=False
    )

    def __init__(self, *args, row: Attendance, collects_dues: bool = False, owed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.label = row.member.full_name
        # None: no income basis; else what the member owes up to the meeting's month.
        self.owed = owed
        if not collects_dues:
            del self.fields["dues"]

    def mark(self) -> tuple[str, str]:
        """(presence, reason): what passed its checks, else what is stored."""
        cleaned = self.cleaned_data
        return cleaned.get("presence", self.row.presence), cleaned.get("reason", self.row.reason)


class RollForms(KeyedRows):
    """One form per counted member of the roll, named by member (roll-<member id>-presence,
    roll-<member id>-reason): the roll is the register on the meeting date, decided by the
    server, so a page opened before the date moved can only mark the member it names. Members
    exempt from meetings are listed apart, without a form. A member whose row was not posted
    keeps the stored mark."""

    form_class = RollMarkForm
    prefix = "roll"

    def __init__(self, data=None, *, rows: list[Attendance], meeting: Meeting | None = None):
        counted = [row for row in rows if row.standing != Attendance.Standing.EXEMPT]
        # A cell collects its members' party dues at the start of its meeting: its roll has a
        # dues column, filled with what was paid at this meeting and what each member owes.
        self.collects_dues = meeting is not None and meeting.organization.is_cell
        self.paid, self.owed = {}, {}
        if self.collects_dues:
            self.paid = dues_services.paid_at_meeting(meeting)
            owed = dues_services.owed_by([row.member_id for row in counted], meeting.held_on)
            # What this meeting's own payments cover is shown as still owed, so the hint
            # does not shrink as the secretary types.
            self.owed = {
                member_id: None if value is None else value + self.paid.get(member_id, 0)
                for member_id, value in owed.items()
            }
        super().__init__(data, objects=counted)

    def key(self, row: Attendance) -> int:
        return row.member_id

    def row_kwargs(self, row: Attendance) -> dict:
        initial = {"presence": row.presence, "reason": row.reason}
        if self.collects_dues:
            initial["dues"] = self.paid.get(row.member_id) or None
        return {
            "row": row,
            "initial": initial,
            "collects_dues": self.collects_dues,
            "owed": self.owed.get(row.member_id),
        }

    def dues(self) -> dict[int, int]:
        """member id -> the dues paid at the meeting, for each posted row whose amount passed
        its checks (blank is nothing paid)."""
        if not self.collects_dues:
            return {}
        self.is_valid()
        return {
            form.row.member_id: form.cleaned_data["dues"] or 0
            for form in self.posted()
            if form.prefix + "-dues" in form.data and "dues" in form.cleaned_data
        }

    def marks(self) -> dict[int, tuple[str, str]]:
        """member id -> (presence, reason) for each posted row; a field with an error keeps
        its stored value."""
        self.is_valid()
        return {form.row.member_id: form.mark() for form in self.posted()}


# Generous: a meeting hands out a handful of tasks. The page states the limit, and more is
# refused with that message, never cut off.
MAX_TASKS = 200


class TaskForm(RowForm):
    """One task for the next period: what, who (a member on the roll), by when."""

    description = forms.CharField(
        label=_("task"),
        max_length=500,
        required=False,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "placeholder": _("task"),
                "aria-label": _("task"),
            }
        ),
    )
    assignee = forms.TypedChoiceField(
        label=_("assigned to"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a member on the roll of this meeting.")},
        widget=forms.Select(
            attrs={"class": "form-select form-select-sm", "aria-label": _("assigned to")}
        ),
    )
    due_on = DateField(
        label=_("due on"),
        required=False,
        widget=DateInput(
            attrs={"class": "form-control form-control-sm", "aria-label": _("due on")}
        ),
    )

    def __init__(self, *args, assignees: list[tuple], number: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = assignees
        self.label = _("Task %(number)s") % {"number": number} if number else ""

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("description")
            and "description" not in self.errors
            and (self["assignee"].value() or self["due_on"].value())
        ):
            self.add_error("description", _("Say what the task is, or clear the row."))
        return cleaned


class BaseTaskFormSet(forms.BaseFormSet):
    """The tasks, one row each (tasks-<n>-description, tasks-<n>-assignee, tasks-<n>-due_on),
    in the order of the page; empty rows are no task."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("The minutes can hold at most %(num)d tasks."),
        "missing_management_form": _(
            "The list of tasks was sent incomplete: reload the page (what you typed is kept in "
            "this browser)."
        ),
    }

    def __init__(self, data=None, *, roster: list[Member], **kwargs):
        self.members = {member.pk: member for member in roster}
        assignees = [
            ("", _("— assigned to —")),
            *((member.pk, member.full_name) for member in roster),
        ]
        super().__init__(data, prefix="tasks", form_kwargs={"assignees": assignees}, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": None if index is None else index + 1}

    def clean(self):
        described = sum(1 for form in self.forms if form.cleaned_data.get("description"))
        if described > MAX_TASKS:
            raise forms.ValidationError(
                self.error_messages["too_many_forms"] % {"num": MAX_TASKS},
                code="too_many_forms",
            )

    def tasks(self) -> list[dict]:
        """The tasks in the order of the rows, as save_draft takes them. A row with an error
        keeps what of it passed its checks; a row without a description is no task."""
        self.is_valid()
        tasks = []
        for form in self.forms:
            cleaned = form.cleaned_data
            if cleaned.get("description"):
                tasks.append(
                    {
                        "description": cleaned["description"],
                        "assignee": self.members.get(cleaned.get("assignee")),
                        "due_on": cleaned.get("due_on"),
                    }
                )
        return tasks

    def problems(self) -> list[str]:
        self.is_valid()
        return [
            *self.non_form_errors(),
            *(problem for form in self.forms for problem in form.problems()),
        ]


TaskFormSet = forms.formset_factory(
    TaskForm,
    formset=BaseTaskFormSet,
    extra=2,
    max_num=MAX_TASKS,
    # Rows the server builds from one post at most: blank rows beside MAX_TASKS tasks.
    absolute_max=MAX_TASKS + 50,
)


TASK_FIELD = re.compile(r"tasks-([0-9]+)-(?:description|assignee|due_on)")


def task_rows_posted(data) -> int | None:
    """How many task rows a post holds (the highest row number posted, plus one), or None
    when it holds no tasks at all (the tasks then stay as stored)."""
    if data is None:
        return None
    numbers = [int(match[1]) for key in data if (match := TASK_FIELD.fullmatch(key))]
    if numbers:
        return max(numbers) + 1
    return 0 if "tasks-TOTAL_FORMS" in data else None


class MinutesEdit:
    """What the edit page posts, and the autosave with it: the content, the roll and the
    tasks, checked each on its own and then together (what the printed minutes would
    contradict themselves with shows on the field that says it). A part missing from a post
    (no roll rows, no tasks management form) stays as stored."""

    def __init__(self, data=None, *, meeting: Meeting):
        self.rows = list(meeting.attendance.select_related("member").order_by("member__sort_key"))
        # The form writes what was typed into its own copy: `meeting` stays as stored, so a
        # save can tell what changed (a new date refreshes the roll).
        self.form = MinutesForm(data, meeting=copy.deepcopy(meeting))
        self.roll = RollForms(data, rows=self.rows, meeting=meeting)
        self.exempt = [row for row in self.rows if row.standing == Attendance.Standing.EXEMPT]
        roster = [row.member for row in self.rows]
        rows_posted = task_rows_posted(data)
        self.tasks_posted = rows_posted is not None
        if self.tasks_posted:
            # The rows posted decide how many there are, not the formset's bookkeeping: a
            # bookkeeping field lost or mangled on the way must not drop what was typed.
            data = data.copy()
            data["tasks-TOTAL_FORMS"], data["tasks-INITIAL_FORMS"] = str(rows_posted), "0"
            self.tasks = TaskFormSet(data, roster=roster)
        else:
            self.tasks = TaskFormSet(
                roster=roster,
                initial=[
                    {"description": t.description, "assignee": t.assignee_id, "due_on": t.due_on}
                    for t in meeting.tasks.order_by("pk")
                ],
            )
        self._checked = False

    def _parts_valid(self) -> list[bool]:
        # A list, not a chain of `and`: every part is checked, so every part shows its errors.
        return [
            self.form.is_valid(),
            self.roll.is_valid(),
            not self.tasks_posted or self.tasks.is_valid(),
        ]

    def is_valid(self) -> bool:
        parts = self._parts_valid()
        if self.form.is_bound and not self._checked:
            self._checked = True
            self._check_together()
            parts = self._parts_valid()
        return all(parts)

    def _check_together(self) -> None:
        """The minutes as typed (stored where nothing valid was typed) must not contradict
        themselves; each contradiction is an error on a field that passed its own checks."""
        form = self.form
        marks = self.roll.marks()
        attendance = [
            Attendance(
                member=row.member,
                standing=row.standing,
                presence=marks.get(row.member_id, (row.presence, ""))[0],
            )
            for row in self.rows
        ]
        task_forms = []
        if self.tasks_posted:
            task_forms = [f for f in self.tasks.forms if f.cleaned_data.get("description")]
            tasks = [Task(due_on=f.cleaned_data.get("due_on")) for f in task_forms]
        else:
            tasks = None
        votes = ("votes_for", "votes_against", "votes_abstain")
        for field, message in form.instance.contradictions(attendance=attendance, tasks=tasks):
            if field.startswith("tasks-"):
                row = task_forms[int(field.split("-")[1])]
                if "due_on" in row.cleaned_data:
                    row.add_error("due_on", message)
            elif field in votes:
                if not any(name in form.errors for name in votes):
                    form.add_error(field, message)
            elif field in form.cleaned_data:
                form.add_error(field, message)

    def draft(self) -> dict:
        """The arguments of save_draft from what passed its checks (the revision must be
        valid): a field or a row with an error keeps what is stored, the rest is saved; tasks
        refused as a whole (too many) stay as stored."""
        self.is_valid()
        tasks = None
        if self.tasks_posted and not self.tasks.non_form_errors():
            tasks = self.tasks.tasks()
        return {
            "fields": self.form.content_fields(),
            "attendance": self.roll.marks(),
            "tasks": tasks,
            "revision": self.form.cleaned_data["revision"],
            "dues": self.roll.dues(),
        }

    def problems(self) -> list[str]:
        """What needs correcting, each naming its field or its row."""
        self.is_valid()
        form = self.form
        named = [
            _("%(field)s: %(error)s") % {"field": form[name].label, "error": message}
            for name, errors in form.errors.items()
            if name in form.fields and not form[name].is_hidden
            for message in errors
        ]
        return [
            *form.non_field_errors(),
            *named,
            *self.roll.problems(),
            *(self.tasks.problems() if self.tasks_posted else []),
        ]

    def rows_posted(self) -> list[RowForm]:
        """Every row form on the page (their errors are swapped in after an autosave)."""
        return [*self.roll.posted(), *(self.tasks.forms if self.tasks_posted else [])]


class ReviewForm(CapitalizedLabels, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("accept", _("Accept the minutes")), ("return", _("Return with a comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what must be corrected."))
        return cleaned


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("scan of the signed pages (PDF, JPG, PNG)"))


class ComplianceForm(CapitalizedLabels, forms.Form):
    organization = OrganizationChoiceField(label=_("organization"), required=False)
    start = forms.DateField(
        label=_("from month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%m/%Y"],
    )
    end = forms.DateField(
        label=_("to month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%m/%Y"],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user).active().order_by("path")
        )
        self.fields["organization"].empty_label = _("all in my scope")
        self.fields["organization"].widget.attrs["class"] = "form-select"
        self.fields["organization"].search_within(active="1", empty="all")

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        start = cleaned.get("start") or today.replace(month=1, day=1)
        end = cleaned.get("end") or today.replace(day=1)
        if end < start:
            raise forms.ValidationError(_("The period must end after it starts."))
        if (end.year - start.year) * 12 + end.month - start.month >= 24:
            raise forms.ValidationError(_("Choose a period of at most 24 months."))
        cleaned["start"], cleaned["end"] = start.replace(day=1), end.replace(day=1)
        return cleaned


class ExemptionForm(CapitalizedLabels, forms.Form):
    organization = OrganizationChoiceField(label=_("party cell"))
    period = forms.DateField(
        label=_("month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%m/%Y"],
    )
    reason = forms.CharField(label=_("reason"), max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user)
            .active()
            .filter(access.exemptable_q(user))
            .order_by("path")
        )
        self.fields["organization"].search_within(scope="exemptable")
        self.helper = form_helper()
