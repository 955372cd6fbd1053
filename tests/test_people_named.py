"""People who use the portal are named by their full name in Vietnamese order (family, middle,
given) wherever a page shows them, never by their login name or as "None"."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Meeting, MinutesVersion
from partybloc.jobs.models import Job
from partybloc.people import display_name
from tests.year.candidates import FULL_PATH, candidate, walk

pytestmark = pytest.mark.django_db


def test_a_name_reads_family_middle_given_and_falls_back_to_the_login(world):
    user = world.finance_office_secretary
    assert display_name(user) == "bithu_vanphong"
    user.first_name, user.last_name = "Hải", "Phan  Đức"
    assert display_name(user) == "Phan Đức Hải"
    assert display_name(None) == "—"


def test_the_meeting_page_names_who_submitted_and_reviewed_and_never_none(world, as_user):
    secretary, staff = world.finance_office_secretary, world.finance_staff
    secretary.first_name, secretary.last_name = "Hải", "Phan Đức"
    secretary.save()
    staff.first_name, staff.last_name = "Lan", "Trần Thị"
    staff.save()
    meeting = meeting_services.record_meeting(
        organization=world.finance_office,
        kind=Meeting.Kind.THEMATIC,
        held_on=datetime.date(2026, 10, 8),
        by=secretary,
    )
    MinutesVersion.objects.create(
        meeting=meeting,
        number=1,
        content=meeting.snapshot(),
        fingerprint="x",
        submitted_by=None,  # a version loaded without a submitter
        submitted_at=meeting.created_at,
    )
    MinutesVersion.objects.create(
        meeting=meeting,
        number=2,
        content=meeting.snapshot(),
        fingerprint="y",
        submitted_by=secretary,
        submitted_at=meeting.created_at,
        reviewed_by=staff,
        reviewed_at=meeting.created_at,
        outcome="returned",
    )
    html = as_user(staff).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Phan Đức Hải" in html and "Trần Thị Lan" in html
    assert "None" not in html
    assert "bithu_vanphong" not in html and "danguy_taichinh" not in html
    version = as_user(staff).get(reverse("meetings:version", args=[meeting.pk, 2]))
    assert "Phan Đức Hải" in version.content.decode()


def test_the_job_page_names_who_asked_in_vietnamese_order(world, as_user):
    world.office.first_name, world.office.last_name = "Hải", "Phan Đức"
    world.office.save()
    job = Job.objects.create(kind=Job.Kind.REPORT, created_by=world.office)
    html = as_user(world.office).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Phan Đức Hải" in html and "Hải Phan Đức" not in html


def test_no_template_shows_a_user_without_the_person_filter():
    """A user printed as such shows the login name (and "None" for nobody)."""
    shown_raw = re.compile(
        r"(\{\{|with \w+=)\s*[\w.]*(_by|\.by|\.user|created_by\.\w+)\b(?!\|person)(?!_)"
    )
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if template.parts[-2] in ("accounts", "registration", "audit"):  # accounts by login
            continue
        # A report's signer and the unit handling a letter are names typed by the office, not
        # accounts.
        typed = template.read_text().replace("{{ signed_by }}", "")
        typed = typed.replace('{{ complaint.handled_by|default:"—" }}', "")
        for line in typed.splitlines():
            assert not shown_raw.search(line), f"{template}: {line.strip()}"


def test_the_admission_steps_name_who_recorded_them_in_vietnamese_order(world, as_user):
    """Issue 10, item 11: the admission steps showed who recorded them by login name."""
    staff = world.finance_staff
    staff.first_name, staff.last_name = "Lan", "Trần Thị"
    staff.save()
    applicant = candidate(world)
    walk(applicant, staff, FULL_PATH[:2], datetime.date(2026, 3, 1))
    html = as_user(world.office).get(reverse("year:candidate", args=[applicant.pk]))
    html = html.content.decode()
    assert "Trần Thị Lan" in html
    assert staff.username not in html
