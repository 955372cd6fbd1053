"""The demo's year of meetings: no minutes contradict themselves, and what each submitted
version prints agrees with the meeting checked."""

import io

import pytest
from django.core.management import call_command

from inspections.early_warnings.models import EarlyWarning
from meetings.models import Meeting
from organizations.models import RoleAssignment

# What the printed minutes say about who was there, who signs and how they voted.
PRINTED = ("chair", "clerk", "presenter", "votes_for", "votes_against", "votes_abstain",
           "attendance")  # fmt: skip


@pytest.mark.django_db
def test_no_minutes_of_the_demo_contradict_themselves():
    call_command("seed_demo", stdout=io.StringIO())
    meetings = Meeting.objects.select_related("organization", "chair", "clerk").prefetch_related(
        "attendance__member", "tasks", "versions"
    )
    states = {state: 0 for state in Meeting.State.values}
    for meeting in meetings:
        rows = sorted(meeting.attendance.all(), key=lambda row: row.member.sort_key)
        tasks = list(meeting.tasks.all())
        assert meeting.contradictions(attendance=rows, tasks=tasks) == [], str(meeting)
        assert meeting.chair_id and meeting.clerk_id, str(meeting)
        content = meeting.snapshot(attendance=rows, tasks=tasks)
        for version in meeting.versions.all():
            assert {k: version.content[k] for k in PRINTED} == {k: content[k] for k in PRINTED}
        states[meeting.state] += 1
    assert states[Meeting.State.ACCEPTED] > 2000 and states[Meeting.State.SUBMITTED] > 10

    # The early warnings the demo opens on (computed at the end of seed_demo): each demo
    # secretary's cell has a member who stayed away without a reason three months of a year,
    # named with the meetings missed, each linking to its minutes.
    for username in ("chibo", "chibocs"):
        cell = RoleAssignment.objects.get(user__username=username).organization
        warnings = EarlyWarning.objects.open().filter(
            kind=EarlyWarning.Kind.MEMBER_MEETINGS, organization=cell
        )
        assert warnings.exists(), cell.name
        for warning in warnings:
            counted = [row for row in warning.evidence_rows() if row["counts"]]
            assert len(counted) >= 3 and all("/meetings/" in row["url"] for row in counted)
