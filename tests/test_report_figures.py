"""The report's figures on fixed data equal what the register says, beside last year's, and a
past period counts the tree as it stood then, even after a restructuring."""

import datetime
from decimal import Decimal

import pytest

from inspections import counts as inspection_counts
from members.models import Status
from members.services import change_status, transfer_member, transfer_out
from members.year.models import Rating, RatingScale, Target, TargetGroup
from organizations import services as organization_services
from reports.figures import Period, compute_figures, format_number, format_percent
from tests.conftest import make_member
from tests.test_meeting_compliance import held

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def year(world):
    """A first half of 2026 with admissions, a recognition, a transfer, a member struck off and
    one moved out of the bloc; one member admitted in the first half of 2025."""
    world.hoa = make_member(
        world.finance_budget,
        "Đặng Thị Hoa",
        gender="female",
        born=D(1998, 4, 4),
        admitted=D(2025, 3, 1),
        official=None,
        youth_union_member=True,
    )
    world.lan = make_member(
        world.health_office,
        "Hồ Thị Lan",
        gender="female",
        born=D(1996, 2, 2),
        admitted=D(2026, 1, 10),
        official=None,
        youth_union_member=True,
    )
    world.nam = make_member(
        world.inspectorate, "Đinh Văn Nam", admitted=D(2026, 2, 15), official=None
    )
    change_status(world.hoa, to=Status.OFFICIAL, on=D(2026, 3, 2))
    change_status(world.binh, to=Status.STRUCK_OFF, on=D(2026, 4, 1), reason="Bỏ sinh hoạt")
    transfer_out(world.anh, destination="Đảng bộ tỉnh Khánh Hòa", on=D(2026, 5, 5))
    transfer_member(world.dao, to=world.health_office, on=D(2026, 2, 1))
    return world


def test_members_by_status_and_movements_of_the_bloc(year):
    figures = compute_figures(year.bloc, Period.parse("2026H1"))
    # As of 30/06/2026: An, Đào, Đức and Hoa official; Lan and Nam probationary.
    assert figures["members_official"].value == 4
    assert figures["members_probationary"].value == 2
    assert figures["members_active"].value == 6
    assert figures["members_admitted"].value == 2
    assert figures["members_admitted_youth"].value == 1
    assert figures["youth_share"].value == Decimal("50.0")
    assert figures["members_recognized"].value == 1
    assert figures["members_struck_off"].value == 1
    assert figures["members_transferred_out"].value == 1
    # A move between cells of the bloc is not a transfer for the bloc.
    assert figures["members_transferred_in"].value == 0
    assert figures["members_expelled"].value == figures["members_deceased"].value == 0


def test_each_figure_has_last_years_same_period_beside_it(year):
    figures = compute_figures(year.bloc, Period.parse("2026H1"))
    # As of 30/06/2025: the five of the world official, Hoa probationary.
    assert figures["members_active"].previous == 6
    assert figures["members_official"].previous == 5
    assert figures["members_probationary"].previous == 1
    assert figures["members_admitted"].previous == 1
    assert figures["youth_share"].previous == Decimal("100.0")
    assert figures["members_recognized"].previous == 0
    assert figures["members_official"].change == -1
    assert figures.period.previous() == Period(2025, 1)


def test_a_move_across_a_committees_edge_is_a_transfer_for_it(year):
    finance = compute_figures(year.finance, Period.parse("2026H1"))
    health = compute_figures(year.health, Period.parse("2026H1"))
    assert finance["members_transferred_out"].value == 1  # Đào left for the health office
    assert finance["members_transferred_in"].value == 0
    assert health["members_transferred_in"].value == 1
    assert finance["members_active"].value == 2  # An and Hoa; Bình struck off
    assert health["members_active"].value == 3  # Đức, Đào, Lan
    assert health["members_admitted"].value == 1


def test_organizations_by_kind_as_the_tree_stood_on_the_end_date(year):
    figures = compute_figures(year.bloc, Period.parse("2025"))
    assert figures["organizations_grassroots"].value == 3
    assert figures["organizations_committees"].value == 2
    assert figures["organizations_subordinate_cells"].value == 3
    assert figures["organizations_grassroots_cells"].value == 1


def test_a_past_year_reads_as_it_stood_after_a_restructuring(year):
    organization_services.carry_out(
        organization_services.plan_merge(year.health, into=year.finance, on=D(2026, 3, 1))
    )
    year.refresh()
    assert year.health_office.path.startswith(year.finance.path)  # the tree today

    bloc = compute_figures(year.bloc, Period.parse("2026"))
    assert bloc["organizations_committees"].value == 1
    assert bloc["organizations_committees"].previous == 2
    assert bloc["organizations_grassroots"].value == 2

    # 2025 for the finance committee: its own two cells and members, not the health office
    # that sits under it today.
    finance_2025 = compute_figures(year.finance, Period.parse("2025"))
    assert finance_2025["organizations_subordinate_cells"].value == 2
    assert finance_2025["members_active"].value == 4  # An, Đào, Bình, Hoa
    # The ended health committee still has its 2025.
    health_2025 = compute_figures(year.health, Period.parse("2025"))
    assert health_2025["organizations_subordinate_cells"].value == 1
    assert health_2025["members_active"].value == 1  # Đức
    # As of mid-2026 the health office counts under finance.
    finance_2026 = compute_figures(year.finance, Period.parse("2026H1"))
    assert finance_2026["organizations_subordinate_cells"].value == 3
    assert finance_2026["members_active"].value == 5  # An, Hoa, Đào, Đức, Lan


def test_ratings_by_level_for_a_year_and_not_for_a_half(world):
    member_scale = RatingScale.for_year(2024, RatingScale.Subject.MEMBER)
    organization_scale = RatingScale.for_year(2024, RatingScale.Subject.ORGANIZATION)
    best, good, done = list(member_scale.levels.order_by("order"))[:3]
    org_good = organization_scale.levels.filter(counts_as_good=True).first()
    org_plain = organization_scale.levels.filter(counts_as_good=False).first()
    approved = {
        "rated_by": world.office,
        "state": Rating.State.APPROVED,
        "approved_by": world.office,
        "approved_at": datetime.datetime(2024, 12, 20, 9, tzinfo=datetime.UTC),
    }
    for member, level in (
        (world.an, best),
        (world.dao, good),
        (world.binh, done),
        (world.duc, good),
    ):
        Rating.objects.create(year=2024, scale=member_scale, member=member, level=level, **approved)
    for organization, level in ((world.finance, org_good), (world.inspectorate, org_plain)):
        Rating.objects.create(
            year=2024,
            scale=organization_scale,
            organization=organization,
            level=level,
            **approved,
        )
    figures = compute_figures(world.bloc, Period.parse("2024"))
    assert figures["members_rated"].value == 4
    assert figures["members_rated_well_share"].value == Decimal("75.0")
    assert figures["members_rated_excellent"].value == 1
    assert figures["members_rated_excellent_share"].value == Decimal("25.0")
    assert figures["organizations_rated_well_share"].value == Decimal("50.0")
    assert [row["count"] for row in figures.member_ratings] == [1, 2, 1]
    # Ratings are annual: the first half has none to show.
    half = compute_figures(world.bloc, Period.parse("2024H1"))
    assert not half["members_rated_well_share"].applicable
    assert half["members_rated_well_share"].formatted == "—"


def test_admissions_against_the_years_target_and_the_groups_met(year):
    admissions = TargetGroup.objects.create(year=2026, order=1, name="Phát triển đảng viên")
    Target.objects.create(
        group=admissions,
        name="Kết nạp đảng viên mới",
        measure=Target.Measure.MEMBERS_ADMITTED,
        target_value=2,
    )
    youth = TargetGroup.objects.create(year=2026, order=2, name="Đoàn viên thanh niên")
    Target.objects.create(
        group=youth,
        name="Tỷ lệ đoàn viên",
        measure=Target.Measure.YOUTH_SHARE,
        target_value=60,
        is_percent=True,
    )
    figures = compute_figures(year.bloc, Period.parse("2026"))
    assert figures["admissions_target"].value == 2
    assert figures["admissions_target_share"].value == Decimal("100.0")
    assert figures["youth_share_target"].value == Decimal("60.0")
    # Admissions met, youth share (50%) not: 1 of 2 groups.
    assert figures["target_groups_met"].formatted == "1/2"


def test_meetings_held_skipped_and_thematic(world):
    for month in range(1, 7):
        held(world.finance_office, D(2026, month, 8), world.office)
    held(world.finance_office, D(2026, 2, 20), world.office, kind="thematic", topic="Chỉ thị 05")
    make_member(world.finance_budget, "Đỗ Văn Chí")  # chairs the meeting Bình misses
    held(world.finance_budget, D(2026, 1, 9), world.office, absent=[world.binh])
    figures = compute_figures(world.bloc, Period.parse("2026H1"))
    assert figures["regular_meetings"].value == 7
    assert figures["thematic_meetings"].value == 1
    assert figures["thematic_meetings_q1"].value == 1
    assert figures["thematic_meetings_q2"].value == 0
    # Every cell but the finance office skipped a month; all four lack a thematic meeting in
    # the second quarter, three in the first.
    assert figures["cells_watched"].value == 4
    assert figures["cells_skipped"].value == 3
    assert figures["thematic_quarters_missing"].value == 7
    # 2 present of 2 in each of the office's 7 meetings, 1 of 2 in the budget cell's.
    assert figures["attendance_rate"].formatted == "93,8%"
    assert "compliance" in figures["cells_skipped"].link


def test_inspection_figures_are_those_of_the_inspection_counts(iw, world):
    period = Period.parse("2026")
    figures = compute_figures(world.bloc, period)
    kwargs = {"start": period.start, "end": period.end}
    assert figures["grassroots_inspected"].value == inspection_counts.grassroots_inspected(
        world.bloc, **kwargs
    )
    assert figures["finance_inspected"].value == inspection_counts.finance_inspected(
        world.bloc, **kwargs
    )
    remediation = inspection_counts.remediation(world.bloc, **kwargs, on=period.end)
    assert figures["remediation_open"].value == remediation["open"]
    assert figures["grassroots_inspected"].value >= 1


def test_figures_link_to_the_records_behind_them(year):
    figures = compute_figures(year.finance, Period.parse("2026H1"))
    link = figures["members_probationary"].link
    assert link.startswith("/members/") and "status=probationary" in link
    assert f"organization={year.finance.pk}" in link
    assert "admitted_from=01%2F01%2F2026" in figures["members_admitted"].link


def test_periods_parse_and_read_in_vietnamese():
    assert Period.parse("2025H1") == Period(2025, 1)
    assert Period.parse("2025").end == D(2025, 12, 31)
    assert Period.parse("2026H1").label == "6 tháng đầu năm 2026"
    assert Period.parse("2026").label == "năm 2026"
    with pytest.raises(ValueError):
        Period.parse("2025H3")


def test_numbers_in_vietnamese_format():
    assert format_number(2305) == "2.305"
    assert format_number(Decimal("13.7")) == "13,7"
    assert format_percent(Decimal("93")) == "93,0%"
    assert format_percent(None) == "—"
