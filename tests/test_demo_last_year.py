"""The demo holds two whole years of work, so last year's annual report reads like seed 001's
year as the article prints it, and this year's figures are those of a year under way."""

import datetime

import pytest

from organizations.models import Organization
from partybloc import demo
from reports.figures import Period, compute_figures

TODAY = datetime.date(2026, 11, 30)  # the day: last year is 2025


@pytest.mark.django_db
def test_the_demos_last_year_reads_like_seed_001_and_this_year_is_under_way():
    demo.load(demo.build(scale=1, today=TODAY))
    bloc = Organization.objects.get(parent__isnull=True)
    last_year = compute_figures(bloc, Period(TODAY.year - 1))
    last_years_report_gives_seed_001s_figures(last_year)
    last_year_was_a_whole_year_of_meetings(last_year)
    this_years_figures_are_those_of_a_year_under_way(compute_figures(bloc, Period(TODAY.year)))


def whole(figure) -> int:
    """A share at the article's precision (it prints 63%, 93%, 99%)."""
    return int(figure.value.quantize(1, rounding="ROUND_HALF_UP"))


def last_years_report_gives_seed_001s_figures(figures):
    # "kết nạp được 129 ĐV mới, vượt 12% chỉ tiêu …, trong đó có 63% ĐV mới là đoàn viên-thanh
    # niên, vượt 3% chỉ tiêu"
    assert figures["members_admitted"].value == 129
    assert whole(figures["admissions_target_share"]) - 100 == 12
    assert whole(figures["youth_share"]) == 63
    assert whole(figures["youth_share"]) - figures["youth_share_target"].value == 3
    # "93% TCCSĐ …, 99% ĐV hoàn thành tốt nhiệm vụ …, 13,7% ĐV hoàn thành xuất sắc nhiệm vụ"
    assert whole(figures["organizations_rated_well_share"]) == 93
    assert figures["members_rated_well_share"].formatted == "99,0%"
    assert figures["members_rated_excellent_share"].formatted == "13,7%"
    # "kiểm tra 10 TCCSĐ và giám sát 1 chi bộ trực thuộc cơ sở, 1 đảng bộ …; giải quyết 6 đơn
    # thư tố cáo ĐV; kiểm tra 14 chi, đảng bộ về … tài chính Đảng"
    assert figures["grassroots_inspected"].value == 10
    assert figures["organizations_supervised"].value == 2
    assert figures["denunciations_about_members_resolved"].value == 6
    assert figures["finance_inspected"].value == 14
    # "thực hiện đạt và vượt 8/8 nhóm chỉ tiêu đề ra"
    assert figures["target_groups_met"].formatted == "8/8"


def last_year_was_a_whole_year_of_meetings(figures):
    assert figures["cells_watched"].value == 193  # 162 subordinate cells before the merger
    assert figures["regular_meetings"].value > 193 * 11
    assert figures["thematic_meetings_q4"].value > 150
    assert figures["cells_skipped"].value < 40 and figures["minutes_overdue"].value == 0
    assert 85 < figures["attendance_rate"].value < 95


def this_years_figures_are_those_of_a_year_under_way(figures):
    assert figures["regular_meetings"].value > 193 * 9
    assert figures["thematic_meetings"].value > 500
    assert figures["members_admitted"].value > 100
    assert figures["grassroots_inspected"].value == 10
    assert figures["remediation_overdue"].value > 0  # this year's work is still being followed
    assert figures["target_groups_met"].value < 8  # most of the year's results are not in yet
    assert figures["members_rated"].value == 0  # rated in December
