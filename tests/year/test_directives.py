"""Directives: each organization's implementation plan, each member's commitment, who has not
submitted, and near-copied plans."""

import datetime

import pytest
from django.urls import reverse

from members.year import commitments
from members.year.models import Commitment, Directive
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

PLAN = (
    "Gương mẫu thực hiện nhiệm vụ chuyên môn, học tập và làm theo tư tưởng, đạo đức, phong "
    "cách Hồ Chí Minh; thực hành tiết kiệm, chống lãng phí; giữ gìn đoàn kết nội bộ cơ quan."
)


def test_near_copies_are_flagged_and_unrelated_plans_are_not(world):
    directive = Directive.objects.create(
        number="05-CT/TW",
        title="Đẩy mạnh học tập và làm theo",
        issued_on=datetime.date(2016, 5, 15),
    )

    def commit(member, text):
        return Commitment.objects.create(
            directive=directive, year=2026, member=member, text=text, recorded_by=world.office
        )

    commit(world.an, PLAN)
    commit(world.dao, PLAN.replace("giữ gìn", "Giữ gìn"))  # a copy, capital letter changed
    commit(world.binh, PLAN.replace("cơ quan.", "cơ quan, đơn vị."))  # lightly edited
    commit(
        world.duc,
        "Tham gia đầy đủ sinh hoạt chi bộ, hoàn thành chỉ tiêu nghiên cứu khoa học "
        "được giao và hướng dẫn hai đồng nghiệp trẻ.",
    )
    groups = commitments.near_copies(Commitment.objects.select_related("member__organization"))
    assert [{c.member.full_name for c in group.commitments} for group in groups] == [
        {"Nguyễn Văn An", "Trần Thị Đào", "Lê Văn Bình"}
    ]
    assert 80 <= groups[0].lowest < groups[0].highest == 100
    assert commitments.similarity(PLAN, PLAN) == 1.0


def test_four_identical_commitments_show_as_one_group_of_four_at_100_percent(world, as_user):
    """Four copies were six pairs, each shown twice with its score as a fraction."""
    directive = Directive.objects.create(
        number="05-CT/TW", title="Học tập và làm theo", issued_on=datetime.date(2016, 5, 15)
    )
    other = make_member(world.finance_office, "Hoàng Văn Cường")
    for member in (world.an, world.dao, world.binh, other):
        Commitment.objects.create(
            directive=directive, year=2026, member=member, text=PLAN, recorded_by=world.office
        )
    client = as_user(world.office)
    url = reverse("year:directive", args=[directive.pk])
    page = client.get(url, {"year": 2026, "organization": world.bloc.pk})
    groups = page.context["near_copies"]
    assert len(groups) == 1 and len(groups[0].commitments) == 4
    html = page.content.decode()
    assert "1 nhóm kế hoạch gần giống nhau" in html
    assert "4 kế hoạch, giống nhau 100%" in html and "1,00" not in html and "1.00" not in html


def test_the_directive_page_shows_who_has_not_submitted(world, as_user):
    directive = Directive.objects.create(
        number="05-CT/TW", title="Học tập và làm theo", issued_on=datetime.date(2016, 5, 15)
    )
    client = as_user(world.finance_office_secretary)
    url = reverse("year:directive", args=[directive.pk]) + "?year=2026"
    response = client.post(url, {"member": world.an.pk, "text": PLAN})
    assert response.status_code == 302
    page = client.get(url)
    assert [m.full_name for m in page.context["missing"]] == ["Trần Thị Đào"]


def test_each_organization_records_its_implementation_plan(world, client):
    directive = Directive.objects.create(
        number="05-CT/TW", title="Học tập và làm theo", issued_on=datetime.date(2016, 5, 15)
    )
    url = reverse("year:directive", args=[directive.pk]) + f"?organization={world.finance.pk}"
    client.force_login(world.finance_office_secretary)
    assert (
        client.post(
            url, {"plan": "1", "organization": world.finance.pk, "adopted_on": "10/02/2026"}
        ).status_code
        == 404
    )  # not its scope
    client.force_login(world.finance_staff)
    response = client.post(
        url,
        {
            "plan": "1",
            "organization": world.finance.pk,
            "adopted_on": "10/02/2026",
            "text": "Kế hoạch số 03-KH/ĐU",
        },
    )
    assert response.status_code == 302
    assert directive.plans.get().organization == world.finance
    refused = client.post(
        url, {"plan": "1", "organization": world.health.pk, "adopted_on": "10/02/2026"}
    )
    assert refused.status_code == 403  # nothing left it may plan for here
    client.force_login(world.leader)
    page = client.get(reverse("year:directive", args=[directive.pk]))
    assert "Đảng bộ Sở Tài chính" in page.content.decode()


def test_who_has_not_submitted_pages_instead_of_stopping(world, client, settings):
    settings.PAGE_SIZE = 2
    directive = Directive.objects.create(
        number="05-CT/TW", title="Học tập và làm theo", issued_on=datetime.date(2016, 5, 15)
    )
    client.force_login(world.office)
    url = reverse("year:directive", args=[directive.pk])
    first = client.get(url, {"year": 2026})
    assert first.context["missing_count"] == 5 and len(first.context["missing"]) == 2
    last = client.get(url, {"year": 2026, "page": 3})
    assert len(last.context["missing"]) == 1
    seen = {
        m.full_name
        for page in (1, 2, 3)
        for m in client.get(url, {"year": 2026, "page": page}).context["missing"]
    }
    assert len(seen) == 5
