"""Report figures are printed once rounded, and each one holds as of its period's end: a past
period read after later transfers, status changes, restructuring, remediation, ratings and
admissions shows what stood on its last day."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from inspections import services as inspection_services
from inspections.models import (
    Complaint,
    DisciplineDecision,
    DisciplineForm,
    Inspection,
    RemediationItem,
    Subject,
)
from members.models import Status
from members.services import change_status, transfer_member
from members.year.models import Rating, RatingScale
from organizations import services as organization_services
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


def test_remediation_counts_the_state_on_the_periods_end(iw, world):
    """Items finished or carried over after 30/06 count as not done in the first half."""
    inspection = Inspection.objects.create(
        plan=iw.plan,
        team=iw.team_one,
        organization=world.health,
        kind=Inspection.Kind.PARTY_FINANCE,
        starts_on=D(2026, 3, 10),
        ends_on=D(2026, 3, 12),
        status=Inspection.Status.CONCLUDED,
        finalized_by=world.inspector,
        conclusion_number="31-TB/ĐUK",
        concluded_on=D(2026, 4, 1),
    )

    def item(deadline):
        return RemediationItem.objects.create(
            inspection=inspection, owner=world.health, description="Khắc phục", deadline=deadline
        )

    done_in_may, done_in_august = item(D(2026, 6, 15)), item(D(2026, 6, 15))
    carried_in_september, never_done = item(D(2026, 8, 30)), item(D(2026, 5, 30))
    for done, on in ((done_in_may, D(2026, 5, 10)), (done_in_august, D(2026, 8, 10))):
        inspection_services.report_progress(
            done, text="Đã khắc phục", status="done", on=on, by=world.office
        )
    inspection_services.carry_over(
        carried_in_september, note="Chờ kiện toàn", by=world.office, on=D(2026, 9, 1)
    )
    assert never_done.status == RemediationItem.Status.OPEN

    half = compute_figures(world.bloc, Period.parse("2026H1"))
    # On 30/06: one done; the one done in August was overdue then, as was the May deadline;
    # the one carried over in September was still open.
    assert half["remediation_done"].value == 1
    assert half["remediation_overdue"].value == 2
    assert half["remediation_open"].value == 1
    year = compute_figures(world.bloc, Period.parse("2026"))
    assert year["remediation_done"].value == 2
    # On 31/12 the May deadline is still overdue, and so is the July inspection's item (iw).
    assert year["remediation_overdue"].value == 2
    assert year["remediation_open"].value == 0


def approved_rating(subject, level, on):
    scale = RatingScale.for_year(2025, RatingScale.Subject.MEMBER)
    return Rating.objects.create(
        year=2025,
        scale=scale,
        member=subject,
        level=scale.levels.get(order=level),
        rated_by=User.objects.get(username="vanphong"),
        state=Rating.State.APPROVED,
        approved_by=User.objects.get(username="vanphong"),
        approved_at=datetime.datetime.combine(on, datetime.time(9), tzinfo=datetime.UTC),
    )


@pytest.fixture
def year_2025(iw, world):
    """2025 in the health committee and the finance committee, then 2026 changes them all:
    Đức moves to the finance office, the health committee merges into finance, Đào is struck
    off, a remediation item is done, minutes are handed in late and a rating approved late."""
    for cell, day, handed_in in (
        (world.finance_office, D(2025, 3, 10), D(2025, 3, 12)),
        (world.health_office, D(2025, 3, 12), D(2025, 3, 14)),
        (world.health_office, D(2025, 11, 5), D(2026, 1, 10)),  # late
    ):
        held(cell, day, world.office).versions.update(
            submitted_at=datetime.datetime.combine(handed_in, datetime.time(9), datetime.UTC)
        )
    inspection = Inspection.objects.create(
        plan=iw.plan,
        team=iw.team_two,
        organization=world.health_office,
        kind=Inspection.Kind.PARTY_FINANCE,
        starts_on=D(2025, 5, 10),
        ends_on=D(2025, 5, 12),
        status=Inspection.Status.CONCLUDED,
        finalized_by=world.inspector,
        conclusion_number="12-TB/ĐUK",
        concluded_on=D(2025, 6, 1),
    )
    item = RemediationItem.objects.create(
        inspection=inspection,
        owner=world.health_office,
        description="Nộp đủ đảng phí",
        deadline=D(2025, 9, 30),
    )
    letter = Complaint.objects.create(
        received_on=D(2025, 4, 1),
        sender="Công dân ở Phan Rang",
        kind=Complaint.Kind.DENUNCIATION,
        about_member=world.duc,
        content="Tố cáo đảng viên",
        handled_by="Ủy ban Kiểm tra Đảng ủy Khối",
        status=Complaint.Status.RESOLVED,
        result="Đúng một phần",
        resolved_on=D(2025, 5, 1),
        recorded_by=world.office,
    )
    DisciplineDecision.objects.create(
        number="3-QĐ/UBKTĐUK",
        decided_on=D(2025, 6, 1),
        issuing_body="Ủy ban Kiểm tra Đảng ủy Khối",
        form=DisciplineForm.REPRIMAND,
        member=world.duc,
        subject=Subject.OFFICIAL_MEMBER,
        reason="Vi phạm",
        complaint=letter,
        recorded_by=world.office,
    )
    approved_rating(world.an, 1, D(2025, 12, 20))
    approved_rating(world.duc, 2, D(2025, 12, 20))
    approved_rating(world.dao, 2, D(2026, 1, 15))  # approved after the year ended

    # 2026.
    transfer_member(world.duc, to=world.finance_office, on=D(2026, 2, 1))
    organization_services.carry_out(
        organization_services.plan_merge(world.health, into=world.finance, on=D(2026, 3, 1))
    )
    change_status(world.dao, to=Status.STRUCK_OFF, on=D(2026, 4, 1), reason="Bỏ sinh hoạt")
    inspection_services.report_progress(
        item, text="Đã nộp", status="done", on=D(2026, 2, 1), by=world.office
    )
    world.refresh()
    return world


def test_a_past_years_meetings_count_the_cells_under_the_scope_then(year_2025):
    world = year_2025
    assert world.health_office.path.startswith(world.finance.path)  # today's tree
    health = compute_figures(world.health, Period(2025))
    finance = compute_figures(world.finance, Period(2025))
    assert health["cells_watched"].value == 1 and finance["cells_watched"].value == 2
    assert health["regular_meetings"].value == 2 and finance["regular_meetings"].value == 1
    # Đức present at both health meetings; An and Đào at the finance office's one.
    assert health["attendance_rate"].formatted == "100,0%"
    # The November minutes were handed in only in January: overdue on 31/12/2025.
    assert health["minutes_overdue"].value == 1 and finance["minutes_overdue"].value == 0
    assert compute_figures(world.bloc, Period(2025))["minutes_overdue"].value == 1
    assert compute_figures(world.bloc, Period(2026))["minutes_overdue"].value == 0


def test_a_past_years_inspection_work_stays_with_the_scope_and_state_of_then(year_2025):
    world = year_2025
    health = compute_figures(world.health, Period(2025))
    finance = compute_figures(world.finance, Period(2025))
    assert health["finance_inspected"].value == 1 and finance["finance_inspected"].value == 0
    # Done in February 2026: overdue on 31/12/2025.
    assert health["remediation_done"].value == 0 and health["remediation_overdue"].value == 1
    # Đức was in the health office when the letter came and the decision was made.
    assert health["letters_received"].value == 1
    assert health["denunciations_about_members_resolved"].value == 1
    assert health["members_disciplined"].value == 1
    assert finance["letters_received"].value == 0
    assert finance["members_disciplined"].value == 0


def test_a_past_years_members_and_ratings_are_those_of_its_last_day(year_2025):
    world = year_2025
    health = compute_figures(world.health, Period(2025))
    finance = compute_figures(world.finance, Period(2025))
    assert health["members_active"].value == 1  # Đức, in the finance office today
    assert finance["members_active"].value == 3  # An, Đào (struck off in 2026), Bình
    bloc = compute_figures(world.bloc, Period(2025))
    # Đào's rating was approved in January 2026: not in the 2025 report.
    assert bloc["members_rated"].value == 2
    assert bloc["members_rated_excellent_share"].formatted == "50,0%"
    assert finance["members_rated"].value == 1 and health["members_rated"].value == 1
