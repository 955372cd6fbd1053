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
    assert response.context["met"] == 1 and len(response.context["groups"]) == 2
    assert "1/2" in response.content.decode()
    client.force_login(world.finance_office_secretary)
    assert client.get(reverse("year:targets")).status_code == 403
