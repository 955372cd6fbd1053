import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Attendance, Meeting
from members.models import Member
from organizations import access
from organizations.models import Organization
from partybloc.forms import CapitalizedLabels, DateField, DateInput, form_helper


class MeetingStartForm(CapitalizedLabels, forms.ModelForm):
    """The first screen: which meeting, when and where. The roll follows from the date."""

    class Meta:
        model = Meeting
        fields = ["organization", "kind", "held_on", "starts_at", "place"]
        widgets = {"held_on": DateInput(), "starts_at": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].input_formats = DateField().input_formats
        organizations = list(Organization.objects.recordable_by(user).order_by("path"))
        self.fields["organization"].queryset = Organization.objects.recordable_by(user).order_by(
            "path"
        )
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
            self.fields["organization"].widget = forms.HiddenInput()
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        organization, kind, held_on = (cleaned.get(k) for k in ("organization", "kind", "held_on"))
        if organization and kind == Meeting.Kind.REGULAR and held_on:
            clash = Meeting.objects.filter(
                organization=organization,
                kind=Meeting.Kind.REGULAR,
                period=held_on.replace(day=1),
            ).first()
            if clash:
                raise forms.ValidationError(
                    _(
                        "This cell already has a regular meeting recorded for %(month)s "
                        "(held on %(date)s)."
                    )
                    % {
                        "month": held_on.strftime("%m/%Y"),
                        "date": clash.held_on.strftime("%d/%m/%Y"),
                    }
                )
        return cleaned

    def validate_constraints(self, *args, **kwargs):
        # clean() above explains the one-regular-meeting-a-month rule with the clashing date.
        pass


class MinutesForm(CapitalizedLabels, forms.ModelForm):
    """The content of the minutes. The roll and the tasks are read from the POST beside it."""

    revision = forms.IntegerField(widget=forms.HiddenInput())

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
        ]
        widgets = {
            "held_on": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "agenda",
                    "news",
                    "last_period_results",
                    "discussion",
                    "conclusion",
                    "resolution",
                )
            },
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, instance=meeting, **kwargs)
        self.meeting = meeting
        self.fields["held_on"].input_formats = DateField().input_formats
        self.fields["revision"].initial = meeting.revision
        roster = Member.objects.filter(pk__in=meeting.attendance.values("member_id")).order_by(
            "sort_key"
        )
        for name in ("chair", "clerk"):
            self.fields[name].queryset = roster
        if meeting.kind != Meeting.Kind.THEMATIC:
            del self.fields["topic"]
            del self.fields["presenter"]
        self.helper = form_helper()

    def content_fields(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data
        }

    def attendance(self, rows) -> dict:
        """member id -> (presence, reason) for each row of the roll posted with the form."""
        marked = {}
        valid = set(Attendance.Presence.values)
        for row in rows:
            presence = self.data.get(f"presence_{row.member_id}", row.presence)
            if presence not in valid:
                presence = row.presence
            reason = self.data.get(f"reason_{row.member_id}", "")[:255]
            marked[row.member_id] = (presence, reason)
        return marked

    def tasks(self) -> list[dict]:
        """Rows task_description_N / task_assignee_N / task_due_N, empty ones dropped."""
        roster = {str(pk): pk for pk in self.fields["chair"].queryset.values_list("pk", flat=True)}
        members = Member.objects.in_bulk(list(roster.values()))
        tasks = []
        for index in range(50):
            description = self.data.get(f"task_description_{index}", "").strip()
            if not description:
                continue
            assignee_id = roster.get(self.data.get(f"task_assignee_{index}", ""))
            due = self.data.get(f"task_due_{index}", "")
            try:
                due_on = datetime.date.fromisoformat(due) if due else None
            except ValueError:
                due_on = None
            tasks.append(
                {
                    "description": description[:500],
                    "assignee": members.get(assignee_id),
                    "due_on": due_on,
                }
            )
        return tasks


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
    organization = forms.ModelChoiceField(
        label=_("organization"), queryset=Organization.objects.none(), required=False
    )
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
    organization = forms.ModelChoiceField(
        label=_("party cell"), queryset=Organization.objects.none()
    )
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
        self.helper = form_helper()
