"""Report figures are printed once rounded, and each one holds as of its period's end: a past
period read after later transfers, status changes, restructuring, remediation, ratings and
admissions shows what stood on its last day."""

import datetime

import pytest
from django.urls import reverse

from organizations.models import Organization
from partybloc.numbers import format_percent, share
from reports.figures import Period, compute_figures
from tests.conftest import make_member, make_org
from tests.test_meeting_compliance import held

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_share_is_rounded_once_when_printed():
    # The figure: 15,045 present of 16,726 expected is 89.9497…%.
    assert format_percent(share(15045, 16726)) == "89,9%"
    assert format_percent(share(1799, 2000)) == "90,0%"  # 89.95 exactly: half up
    assert format_percent(share(137, 1000)) == "13,7%"
    assert format_percent(share(1, 0)) == "—"


def test_attendance_prints_the_same_single_rounding_in_the_report_the_dashboard_and_the_grid(
    world, as_user
):
    # 170 present of 189 expected (89.947…%): rounded to 89.95 first, it printed 90,0%.
    cell = make_org("Chi bộ Sở Tư pháp", Organization.Kind.GRASSROOTS_CELL, world.bloc)
    members = [make_member(cell, f"Đảng viên Số {number}") for number in range(27)]
    for month in range(1, 8):
        absent = members[-3:] if month <= 5 else members[-2:]
        held(cell, D(2026, month, 9), world.office, absent=absent)
    figures = compute_figures(cell, Period.parse("2026"))
    assert figures["attendance_rate"].formatted == "89,9%"

    client = as_user(world.office)
    dashboard = client.get(
        reverse("dashboard:index"), {"organization": cell.pk, "period": "2026"}
    ).content.decode()
    grid = client.get(
        reverse("meetings:compliance"),
        {"organization": cell.pk, "start": "2026-01", "end": "2026-07"},
    ).content.decode()
    for page in (dashboard, grid):
        assert "89,9%" in page and "90,0%" not in page and "90%" not in page
