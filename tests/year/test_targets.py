"""The year's targets against the register, and the page that says which groups are met."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from members.year import targets
from members.year.models import Target, TargetGroup
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_targets_computed_from_the_register(world):
    make_member(
        world.inspectorate,
        "Lò Văn Trẻ",
        born=datetime.date(2000, 1, 1),
        admitted=datetime.date(2026, 2, 1),
        official=None,
        youth_union_member=True,
    )
    make_member(
        world.inspectorate,
        "Lò Thị Hai",
        gender="female",
        born=datetime.date(1990, 1, 1),
        admitted=datetime.date(2026, 3, 1),
        official=None,
    )
    group = TargetGroup.objects.create(year=2026, order=1, name="Phát triển đảng viên")
    Target.objects.create(
        group=group, name="Kết nạp đảng viên mới", measure="members_admitted", target_value=2
    )
    Target.objects.create(
        group=group, name="Tỷ lệ đoàn viên", measure="youth_share", target_value=60, is_percent=True
    )
    other = TargetGroup.objects.create(year=2026, order=2, name="Cơ quan hoàn thành kế hoạch")
    Target.objects.create(
        group=other,
        name="Tỷ lệ cơ quan hoàn thành kế hoạch",
        measure="entered",
        target_value=95,
        is_percent=True,
        entered_value=Decimal("96"),
        entered_source="Báo cáo của UBND tỉnh",
    )
    results = targets.year_results(2026, scope=world.bloc, as_of=datetime.date(2026, 11, 1))
    admitted, youth = results[0].results
    assert admitted.actual == 2 and admitted.met
    assert youth.actual == Decimal("50.0") and youth.met is False
    assert results[0].met is False and results[1].met is True


def test_the_targets_page_says_which_groups_are_met(world, client):
    group = TargetGroup.objects.create(year=2025, order=1, name="Nhiệm vụ chính trị")
    Target.objects.create(
        group=group,
        name="Cơ quan hoàn thành kế hoạch",
        measure="entered",
        target_value=95,
        is_percent=True,
        entered_value=Decimal("96"),
    )
    other = TargetGroup.objects.create(year=2025, order=2, name="Phát triển đảng viên")
    Target.objects.create(group=other, name="Kết nạp", measure="members_admitted", target_value=5)
    client.force_login(world.leader)
    response = client.get(reverse("year:targets"), {"year": 2025})
    assert response.context["tally"].met == 1 and len(response.context["groups"]) == 2
    assert "1/2" in response.content.decode()
    client.force_login(world.finance_office_secretary)
    assert client.get(reverse("year:targets")).status_code == 403


def test_groups_without_figures_are_not_counted_as_missed(world, as_user):
    """ "Đạt 1/7 nhóm chỉ tiêu" counted the groups with no figure yet as missed."""
    entered = TargetGroup.objects.create(year=2026, order=1, name="Nhiệm vụ chính trị")
    Target.objects.create(
        group=entered, name="Cơ quan hoàn thành kế hoạch", measure="entered", target_value=95
    )
    rated = TargetGroup.objects.create(year=2026, order=2, name="Chất lượng đảng viên")
    Target.objects.create(
        group=rated, name="Hoàn thành tốt", measure="members_rated_well", target_value=95
    )
    admitted = TargetGroup.objects.create(year=2026, order=3, name="Phát triển đảng viên")
    Target.objects.create(
        group=admitted, name="Kết nạp", measure="members_admitted", target_value=0
    )
    page = as_user(world.office).get(reverse("year:targets"), {"year": 2026})
    tally = page.context["tally"]
    assert (tally.met, tally.with_data, tally.without_data) == (1, 1, 2)
    html = page.content.decode()
    assert "Đạt 1/1 nhóm chỉ tiêu có số liệu; 2 nhóm chưa có số liệu" in html
    assert html.count("chưa có số liệu") >= 2 + 2 + 1  # two badges, two figures, the summary
    assert "không đạt" not in html


def test_grassroots_inspected_comes_from_the_inspections(world, iw, as_user):
    """ "Số TCCSĐ được kiểm tra" showed "—" while the inspections held the count."""
    group = TargetGroup.objects.create(year=2026, order=1, name="Kiểm tra, giám sát")
    Target.objects.create(
        group=group,
        name="Số TCCSĐ được kiểm tra",
        measure="grassroots_inspected",
        target_value=2,
    )
    page = as_user(world.office).get(reverse("year:targets"), {"year": 2026})
    (result,) = page.context["groups"][0].results
    assert result.actual == 2 and result.met  # the finance committee and the inspectorate
    html = page.content.decode()
    assert "từ dữ liệu kiểm tra" in html and "Đạt 1/1" in html
    assert targets.year_results(2025, scope=world.bloc, as_of=datetime.date(2025, 12, 31)) == []
