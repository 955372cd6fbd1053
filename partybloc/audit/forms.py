import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from partybloc.audit.models import AccessRecord
from partybloc.forms import CapitalizedLabels, DateField


class AccessLogFilterForm(CapitalizedLabels, forms.Form):
    """Who, whom, what, when. The member ("whom") is a name or a national ID: it travels by
    POST and a token, like the register's search (partybloc.audit.search)."""

    who = forms.CharField(label=_("user"), required=False, max_length=150)
    whom = forms.CharField(
        label=_("party member"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("name, national ID, card")}),
    )
    member = forms.ModelChoiceField(
        queryset=Member.objects.all(), required=False, widget=forms.HiddenInput
    )
    action = forms.ChoiceField(label=_("action"), required=False)
    date_from = DateField(label=_("from"), required=False)
    date_to = DateField(label=_("to"), required=False)
    full_only = forms.BooleanField(label=_("only lists with full national IDs"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("all")), *AccessRecord.Action.choices]

    def filter(self, records):
        data = self.cleaned_data
        if data.get("who"):
            who = data["who"].strip()
            records = records.filter(
                Q(user__username__icontains=who)
                | Q(user__last_name__icontains=who)
                | Q(user__first_name__icontains=who)
            )
        if data.get("member"):
            records = records.filter(member=data["member"])
        if data.get("whom"):
            records = records.filter(member__in=Member.objects.search(data["whom"]))
        if data.get("action"):
            records = records.filter(action=data["action"])
        if data.get("date_from"):
            records = records.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            records = records.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(1)))
        if data.get("full_only"):
            records = records.filter(full_national_ids=True)
        return records


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
