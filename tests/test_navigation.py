"""What each role's home page and menus offer: only what the role may open, asked of the same
access function its page enforces; an inspector's home lists their assignments."""

import re

import pytest
from django.urls import reverse

from inspections.models import Inspection

pytestmark = pytest.mark.django_db

ROLES = [
    "office",
    "leader",
    "finance_staff",
    "finance_office_secretary",
    "inspectorate_secretary",
    "inspector",
    "outsider",
]

# Pages the menus and tabs link to, without arguments.
MENU_PAGES = [
    "organizations:tree",
    "members:list",
    "meetings:list",
    "meetings:queue",
    "meetings:compliance",
    "year:admissions",
    "year:targets",
    "year:directives",
    "inspections:list",
    "inspections:plan_list",
    "inspections:complaint_list",
    "inspections:discipline_list",
    "reports:list",
    "dashboard:index",
]


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"?#]+)', html))


def _status(client, url) -> int:
    return client.get(url).status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_the_pages_a_role_is_shown_opens(world, iw, client, role):
    """From home, through every menu page it shows: each page the role is offered opens, and
    each page of the menus it is not offered refuses it (403)."""
    client.force_login(getattr(world, role))
    pages = {reverse(name): name for name in MENU_PAGES}
    shown = set()
    for url in [reverse("home"), *pages]:
        response = client.get(url)
        if response.status_code == 200:
            shown |= _links(response.content.decode()) & set(pages)
    opened = {url for url in pages if _status(client, url) == 200}
    # What the menus show is exactly what opens; nothing shown leads to 403 or 404.
    assert shown == opened, {
        "shown but refused": sorted(pages[u] for u in shown - opened),
        "opens but never shown": sorted(pages[u] for u in opened - shown),
    }
    for url in set(pages) - opened:
        assert _status(client, url) == 403, pages[url]


def test_the_targets_tab_is_not_offered_to_cells_and_committees(world, as_user):
    for role in ("finance_staff", "finance_office_secretary"):
        client = as_user(getattr(world, role))
        page = client.get(reverse("year:admissions")).content.decode()
        assert reverse("year:targets") not in page
        assert client.get(reverse("year:targets")).status_code == 403
    page = as_user(world.leader).get(reverse("year:admissions")).content.decode()
    assert reverse("year:targets") in page


def test_an_inspectors_home_lists_their_assignments_with_what_they_need(world, iw, as_user):
    response = as_user(world.inspector).get(reverse("home"))
    page = response.content.decode()
    assignments = response.context["assignments"]
    # Team one's open inspections, the team leader's; not team two's, nor a closed one.
    assert {inspection for inspection, _ in assignments} == {
        iw.finance_inspection,
        iw.office_inspection,
        iw.inspectorate_inspection,
    }
    needs = {inspection.organization_id: str(need) for inspection, need in assignments}
    assert needs[world.finance.pk] == "cần ghi kết quả kiểm tra, rồi chốt kết quả"
    assert needs[world.finance_office.pk] == "cần ban hành thông báo kết luận"
    assert needs[world.inspectorate.pk] == "theo dõi việc khắc phục"
    for inspection, _ in assignments:
        assert reverse("inspections:detail", args=[inspection.pk]) in page
    # The role's organization is named, not linked: the inspector may not open the bloc's page.
    assert reverse("organizations:detail", args=[world.bloc.pk]) not in page
    assert "Đảng bộ Khối các cơ quan tỉnh" in page


def test_a_team_member_is_told_what_waits_for_them(world, iw, as_user):
    Inspection.objects.filter(pk=iw.finance_inspection.pk).update(status="planned")
    assignments = dict(as_user(iw.team_member).get(reverse("home")).context["assignments"])
    finance = Inspection.objects.get(pk=iw.finance_inspection.pk)
    assert str(assignments[finance]) == "chờ bắt đầu"
    office = iw.office_inspection
    assert str(assignments[office]) == "chờ thông báo kết luận"  # the leader concludes


def test_an_inspector_without_assignments_is_told_so(world, as_user):
    page = as_user(world.inspector).get(reverse("home")).content.decode()
    assert "Hiện chưa có việc nào được giao cho đồng chí." in page


def test_home_links_a_role_holders_organization_when_they_may_open_it(world, as_user):
    page = as_user(world.finance_staff).get(reverse("home")).content.decode()
    url = reverse("organizations:detail", args=[world.finance.pk])
    assert url in page
    assert as_user(world.finance_staff).get(url).status_code == 200


def test_an_inspector_is_offered_the_inspection_pages_only(world, iw, as_user):
    client = as_user(world.inspector)
    page = client.get(reverse("inspections:list")).content.decode()
    offered = {name for name in MENU_PAGES if reverse(name) in page}
    assert offered == {"inspections:list", "inspections:plan_list"}
    for name in ("organizations:tree", "members:list", "meetings:list", "reports:list"):
        assert client.get(reverse(name)).status_code == 403, name


def test_a_user_without_a_role_is_offered_nothing_but_home(world, as_user):
    page = as_user(world.outsider).get(reverse("home")).content.decode()
    assert {name for name in MENU_PAGES if reverse(name) in page} == set()
