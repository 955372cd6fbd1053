"""The compliance figures on a fixed quarter: what the bloc watches and reports repeat."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import compliance, services
from meetings.models import ComplianceExemption, Meeting
from tests.conftest import make_member, make_org

pytestmark = pytest.mark.django_db
JULY, SEPTEMBER = datetime.date(2026, 7, 1), datetime.date(2026, 9, 1)
TODAY = datetime.date(2026, 10, 20)


def held(cell, day, by, *, kind="regular", state="accepted", absent=(), topic=""):
    meeting = services.record_meeting(organization=cell, kind=kind, held_on=day, by=by, topic=topic)
    rows = list(meeting.attendance.all())
    present = [row.member for row in rows if row.member not in absent]
    assert present, "minutes need a member present to chair the meeting"
    chair = present[0]
    services.save_draft(
        meeting,
        fields={"chair": chair, "clerk": chair, "resolution": "Nghị quyết"},
        attendance={
            row.member_id: ("absent_unexcused" if row.member in absent else "present", "")
            for row in rows
        },
        tasks=[],
        revision=meeting.revision,
        by=by,
    )
    if state != "draft":
        services.submit_minutes(meeting, by=by)
        # Handed in two days after the meeting, as a secretary would (a figure as of a past
        # day asks when the minutes were submitted).
        meeting.versions.update(
            submitted_at=datetime.datetime.combine(
                day + datetime.timedelta(days=2), datetime.time(9), datetime.UTC
            )
        )
    if state == "accepted":
        services.accept_minutes(meeting, by=by)
    if state == "returned":
        services.return_minutes(meeting, by=by, comment="Bổ sung")
    return meeting


@pytest.fixture
def quarter(world):
    by = world.office
    make_member(world.finance_budget, "Đỗ Văn Chí")  # chairs the meeting Bình misses
    for month in (7, 8):
        held(world.finance_office, datetime.date(2026, month, 10), by)
    held(world.finance_office, datetime.date(2026, 9, 5), by, state="draft")  # overdue
    held(
        world.finance_budget, datetime.date(2026, 7, 12), by, state="returned", absent=[world.binh]
    )
    ComplianceExemption.objects.create(
        organization=world.finance_budget,
        period=datetime.date(2026, 8, 1),
        reason="Sáp nhập",
        recorded_by=by,
    )
    for month in (7, 8, 9):
        held(world.inspectorate, datetime.date(2026, month, 3), by)
    held(
        world.inspectorate,
        datetime.date(2026, 8, 20),
        by,
        kind="thematic",
        topic="Chỉ thị 05-CT/TW",
    )
    return world


def test_cells_that_skipped_a_month(quarter):
    world = quarter
    skipped = compliance.cells_that_skipped(world.bloc, JULY, SEPTEMBER, today=TODAY)
    assert [(cell.name, [m.month for m in months]) for cell, months in skipped] == [
        ("Chi bộ Phòng Ngân sách", [9]),
        ("Chi bộ Văn phòng Sở Y tế", [7, 8, 9]),
    ]
    only_finance = compliance.cells_that_skipped(world.finance, JULY, SEPTEMBER, today=TODAY)
    assert [cell.name for cell, _months in only_finance] == ["Chi bộ Phòng Ngân sách"]


def test_the_grid_shows_each_month_and_quarter(quarter):
    world = quarter
    cells = list(compliance.cells_in(world.bloc, JULY, SEPTEMBER).order_by("path"))
    rows = {
        row.organization.name: row
        for row in compliance.build_rows(cells, JULY, SEPTEMBER, today=TODAY)
    }
    office = rows["Chi bộ Văn phòng Sở Tài chính"]
    assert [cell.state for cell in office.months] == ["held", "held", "held"]
    assert [cell.overdue for cell in office.months] == [False, False, True]
    budget = rows["Chi bộ Phòng Ngân sách"]
    assert [cell.state for cell in budget.months] == ["held", "exempt", "missing"]
    assert budget.returned == 1 and budget.months[1].exemption_reason == "Sáp nhập"
    assert rows["Chi bộ Thanh tra tỉnh"].quarters == [((2026, 3), "held")]
    assert office.quarters == [((2026, 3), "missing")]
    groups = compliance.group_rows(list(rows.values()))
    finance = next(g for g in groups if g.organization == world.finance)
    assert finance.totals["held"] == 4 and finance.totals["missing"] == 1
    # The September draft and the July minutes returned and never corrected are both late.
    assert finance.totals["overdue"] == 2 and finance.totals["exempt"] == 1


def test_attendance_counts_submitted_minutes_only(quarter):
    world = quarter
    # Finance office: 2 accepted meetings, both present (4/4); the September draft does not
    # count. Budget: 1 returned meeting, Bình absent, Chí present (1/2). Inspectorate: 4
    # meetings, 1 each.
    assert compliance.attendance_counts(world.finance, JULY, datetime.date(2026, 9, 30)) == (5, 6)
    assert compliance.attendance_counts(world.bloc, JULY, datetime.date(2026, 9, 30)) == (9, 10)


def test_overdue_minutes(quarter):
    world = quarter
    overdue = compliance.overdue_minutes(world.bloc, today=TODAY)
    # A draft never submitted, and a returned minute never corrected, are both overdue.
    assert [m.held_on for m in overdue] == [datetime.date(2026, 9, 5), datetime.date(2026, 7, 12)]
    early = compliance.overdue_minutes(world.bloc, today=datetime.date(2026, 9, 10))
    assert [m.held_on for m in early] == [datetime.date(2026, 7, 12)]  # September not yet due


def test_a_cell_founded_later_is_not_counted_before(world):
    late = make_org(
        "Chi bộ mới", "subordinate_cell", world.finance, founded=datetime.date(2026, 8, 15)
    )
    make_member(late, "Lâm Văn Tư")
    rows = compliance.build_rows([late], JULY, SEPTEMBER, today=TODAY)
    assert [cell.state for cell in rows[0].months] == ["not_applicable", "missing", "missing"]


def test_the_grid_page_queries_do_not_grow_with_cells(quarter, client):
    world = quarter
    client.force_login(world.office)
    url = reverse("meetings:compliance") + "?start=2026-07&end=2026-09"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for index in range(5):
        cell = make_org(f"Chi bộ cơ sở {index}", "grassroots_cell", world.bloc)
        make_member(cell, f"Đinh Văn Năm {index}")
        held(cell, datetime.date(2026, 7, 9), world.office)
    assert count() == before


def test_excusing_a_cell_shows_in_the_grid(world, as_user):
    client = as_user(world.finance_staff)
    response = client.post(
        reverse("meetings:exemption_create"),
        {
            "organization": world.finance_budget.pk,
            "period": "2026-08",
            "reason": "Lũ lụt",
        },
    )
    assert response.status_code == 302
    assert ComplianceExemption.objects.get().period == datetime.date(2026, 8, 1)
    refused = client.post(
        reverse("meetings:exemption_create"),
        {
            "organization": world.inspectorate.pk,
            "period": "2026-08",
            "reason": "Không thuộc",
        },
    )
    assert refused.status_code == 200 and refused.context["form"].errors["organization"]
    assert Meeting.objects.count() == 0
