"""The demo's year of inspection work: shaped like seeds 001 and 004, and the demo inspector
sees its team's assignments and nothing else."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from inspections import counts
from inspections.models import (
    Complaint,
    DisciplineDecision,
    Inspection,
    RemediationItem,
    TeamMember,
)
from organizations.models import Organization

Kind = Organization.Kind


@pytest.mark.django_db
def test_the_demo_holds_a_year_of_inspection_work():
    call_command("seed_demo", stdout=io.StringIO())
    today = timezone.localdate()
    bloc = Organization.objects.get(kind=Kind.BLOC)
    # This year's work (last year's is checked against seed 001 in test_demo_last_year).
    start, end = datetime.date(today.year, 1, 1), today

    assert counts.grassroots_inspected(bloc, start=start, end=end) == 10
    assert counts.supervised(bloc, start=start, end=end) == {
        Kind.SUBORDINATE_CELL: 1,
        Kind.COMMITTEE: 1,
    }
    assert counts.finance_inspected(bloc, start=start, end=end) == 14
    letters = counts.complaints(bloc, start=start, end=end)
    # Six of this year's letters, and last year's last one, resolved in January.
    assert letters[("denunciation", "member")]["resolved"] == 7
    assert Complaint.objects.filter(split_from__isnull=False).count() == 1

    # Every step of an inspection and every state of remediation is on show.
    assert set(Inspection.objects.values_list("status", flat=True)) == set(Inspection.Status)
    states = set(RemediationItem.objects.values_list("status", flat=True))
    assert states == set(RemediationItem.Status)
    assert RemediationItem.objects.overdue(today).exists()
    assert DisciplineDecision.objects.filter(form="expulsion").count() == 1

    inspector = get_user_model().objects.get(username="kiemtra")
    teams = TeamMember.objects.filter(user=inspector)  # one team led, one joined, each year
    assert teams.filter(is_leader=True).count() == 2 and teams.count() == 4
    seen = Inspection.objects.visible_to(inspector)
    assert seen.exists() and seen.count() < Inspection.objects.count()
    assert not seen.filter(kind=Inspection.Kind.PARTY_FINANCE).exists()
