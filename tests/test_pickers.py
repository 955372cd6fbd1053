"""Pickers that search, in place of selects of thousands, and lists a page at a time: a page's
size and its query count stay the same as the bloc grows; the search endpoints answer only
within the user's scope; a form refused keeps the chosen organization with its label; without
JavaScript, a search sent with the form narrows the list."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import views as meetings_views
from members.forms import PositionForm
from members.year.models import Directive, Rating, RatingScale
from organizations.models import Organization
from partybloc import pickers
from tests.conftest import make_member, make_org
from tests.year.test_ratings import grid_data

pytestmark = pytest.mark.django_db
Kind = Organization.Kind
GROWN = pickers.SHOWN + 10


def _grow_the_bloc(world, count=GROWN):
    """More committees under the bloc, each with a cell and a member."""
    for index in range(count):
        committee = make_org(f"Đảng bộ Sở thêm {index:02d}", Kind.COMMITTEE, world.bloc)
        cell = make_org(f"Chi bộ Phòng thêm {index:02d}", Kind.SUBORDINATE_CELL, committee)
        make_member(cell, f"Hoàng Văn Thêm {index:02d}")


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def _pages(world):
    directive = Directive.objects.get_or_create(
        number="05-CT/TW", title="Học tập và làm theo", issued_on=datetime.date(2016, 5, 15)
    )[0]
    return [
        reverse("organizations:create"),
        reverse("members:list"),
        reverse("members:list") + "?gender=female&age=30-39&theory_level=intermediate",
        reverse("members:create"),
        reverse("meetings:compliance"),
        reverse("year:admissions"),
        reverse("year:organization_ratings", args=[world.bloc.pk]),
        reverse("year:directive", args=[directive.pk]) + f"?organization={world.bloc.pk}",
        reverse("inspections:plan_create"),
        reverse("reports:list"),
    ]


def test_pages_that_chose_among_the_whole_bloc_cost_the_same_as_it_grows(
    world, as_user, settings, monkeypatch
):
    # The organization ratings and the compliance grid come a page at a time at both sizes.
    settings.PAGE_SIZE = 2
    monkeypatch.setattr(meetings_views, "COMPLIANCE_PAGE_CELLS", 2)
    client = as_user(world.office)
    before = {url: _get(client, url)[0] for url in _pages(world)}
    _grow_the_bloc(world)
    for url in _pages(world):
        queries, html = _get(client, url)
        assert queries == before[url], url
        # The last committee added is neither an option nor a row: it is found by searching.
        assert "Đảng bộ Sở thêm 39" not in html, url
        assert "Chi bộ Phòng thêm 39" not in html, url


def test_a_long_choice_offers_a_search_box_and_a_short_one_does_not(world, as_user):
    client = as_user(world.office)
    url = reverse("organizations:create")
    assert 'name="parent__search"' not in client.get(url).content.decode()
    _grow_the_bloc(world)
    html = client.get(url).content.decode()
    assert 'name="parent__search"' in html
    assert f'hx-get="{reverse("organizations:pick")}?scope=kept' in html
    assert "Gõ để tìm…" in html and 'aria-label="Tìm: ' in html
    options = re.findall(
        r'<option value="(\d+)"', html.split('name="parent"')[1].split("</select>")[0]
    )
    assert len(options) == pickers.SHOWN


def test_the_organization_search_finds_within_the_scope_only(world, as_user):
    _grow_the_bloc(world)
    url = reverse("organizations:pick")
    office = as_user(world.office).get(url, {"q": "thêm 39"}).content.decode()
    assert "Đảng bộ Sở thêm 39 — Đảng bộ Khối các cơ quan tỉnh" in office
    assert "thêm 38" not in office

    client = as_user(world.finance_office_secretary)
    html = client.get(url, {"q": "chi bo"}).content.decode()
    assert "Chi bộ Văn phòng Sở Tài chính — Đảng bộ Sở Tài chính" in html
    assert "Thanh tra" not in html and "Phòng thêm" not in html and "Ngân sách" not in html
    # An organization outside the scope sent back as chosen is not shown either.
    html = client.get(url, {"name": "to", "to": world.inspectorate.pk}).content.decode()
    assert "Thanh tra" not in html
    # A subtree outside the scope does not exist for the secretary; a POST is no search.
    assert client.get(url, {"under": world.health.pk}).status_code == 404
    assert client.post(url, {"q": "chi bo"}).status_code == 405


def test_the_member_search_finds_within_the_scope_only(world, as_user, client):
    url = reverse("members:pick")
    secretary = as_user(world.finance_office_secretary)
    html = secretary.get(url, {"q": "nguyen van an"}).content.decode()
    assert "Nguyễn Văn An — Chi bộ Văn phòng Sở Tài chính" in html
    assert "Bình" not in secretary.get(url, {"q": "le van binh"}).content.decode()
    assert secretary.get(url, {"under": world.health.pk}).status_code == 404
    assert as_user(world.inspector).get(url, {"q": "an"}).status_code == 403
    client.logout()
    assert client.get(url, {"q": "an"}).status_code == 302


def test_a_refused_form_keeps_the_chosen_organization_with_its_label(world, as_user):
    _grow_the_bloc(world)
    chosen = Organization.objects.get(name="Đảng bộ Sở thêm 39")
    response = as_user(world.office).post(
        reverse("organizations:create"),
        {"name": "", "kind": "subordinate_cell", "parent": chosen.pk, "founded_on": "01/02/2026"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    html = response.content.decode()
    assert (
        f'<option value="{chosen.pk}" selected>Đảng bộ Sở thêm 39 — Đảng bộ Khối các cơ quan tỉnh'
        in html
    )


def test_a_posted_organization_outside_the_scope_is_an_error_on_the_field(world, as_user):
    response = as_user(world.finance_staff).post(
        reverse("organizations:create"),
        {"name": "Chi bộ lạc", "kind": "subordinate_cell", "parent": world.health.pk},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert "Select a valid choice" not in response.content.decode()
    assert not Organization.objects.filter(name="Chi bộ lạc").exists()


def test_without_javascript_a_search_sent_with_the_form_narrows_the_list(world, as_user):
    _grow_the_bloc(world)
    response = as_user(world.office).post(
        reverse("organizations:create"),
        {"name": "Chi bộ mới", "kind": "subordinate_cell", "parent__search": "thêm 39"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["parent"]
    assert "Đồng chí hãy chọn một tổ chức trong danh sách tìm được cho “thêm 39”." in errors
    html = response.content.decode()
    assert "Đảng bộ Sở thêm 39 — Đảng bộ Khối các cơ quan tỉnh" in html
    assert "Đảng bộ Sở thêm 38" not in html
    assert 'value="thêm 39"' in html


def test_the_member_picker_of_a_directive_page_posts_an_id_as_before(world, as_user):
    directive = Directive.objects.create(
        number="05-CT/TW", title="Học tập và làm theo", issued_on=datetime.date(2016, 5, 15)
    )
    client = as_user(world.finance_office_secretary)
    url = reverse("year:directive", args=[directive.pk])
    html = client.get(url).content.decode()
    assert f'hx-get="{reverse("members:pick")}' not in html  # two members: no search needed
    assert "Nguyễn Văn An — Chi bộ Văn phòng Sở Tài chính" in html
    response = client.post(url, {"member": world.duc.pk, "text": "Cam kết"})
    assert response.status_code == 200 and "member" in response.context["form"].errors
    response = client.post(url, {"member": world.an.pk, "text": "Cam kết học tập"})
    assert response.status_code == 302


def test_a_form_narrowing_its_search_leaves_other_forms_alone(world):
    first = PositionForm(organization=world.finance)
    second = PositionForm(organization=world.health)
    assert first.fields["member"].widget.params == {"under": world.finance.pk}
    assert second.fields["member"].widget.params == {"under": world.health.pk}
    assert PositionForm.base_fields["member"].widget.params == {}


def test_the_organization_ratings_of_a_committee_come_a_page_at_a_time(world, as_user, settings):
    """Saved a page at a time; submitting asks for every organization of the sheet, on every
    page."""
    settings.PAGE_SIZE = 1
    make_org("Chi bộ Phòng Giá", Kind.SUBORDINATE_CELL, world.finance)
    url = reverse("year:organization_ratings", args=[world.finance.pk]) + "?year=2024"
    good = RatingScale.for_year(2024, "organization").levels.get(code="tot").pk
    client = as_user(world.finance_staff)
    first = client.get(url)
    assert len(first.context["grid"].forms) == 1 and first.context["page"].paginator.num_pages == 3
    rated = first.context["grid"].forms[0].subject
    rows = {rated.pk: {"level": good}}
    assert client.post(url, grid_data(client, url, rows)).status_code == 302
    refused = client.post(url, {"year": 2024, "submit": "1"})
    assert refused.status_code == 200 and refused.context["problems"]
    for number in (2, 3):
        page_url = f"{url}&page={number}"
        subject = client.get(page_url).context["grid"].forms[0].subject
        response = client.post(page_url, grid_data(client, page_url, {subject.pk: {"level": good}}))
        assert response.status_code == 302 and response["Location"].endswith(f"page={number}")
    assert client.post(url, {"year": 2024, "submit": "1"}).status_code == 302
    assert Rating.objects.filter(organization__parent=world.finance, year=2024).count() == 3


def test_a_nul_in_a_search_is_a_space_not_a_server_error(world, as_user):
    """PostgreSQL refuses a NUL in a query: the walk's garbage POST found the restructure form
    answering 500 with one in its picker's search text."""
    _grow_the_bloc(world)
    client = as_user(world.office)
    response = client.post(
        reverse("organizations:create"),
        {"name": "Chi bộ mới", "kind": "subordinate_cell", "parent__search": "thêm\x0039"},
    )
    assert response.status_code == 200
    assert "Đảng bộ Sở thêm 39 — Đảng bộ Khối các cơ quan tỉnh" in response.content.decode()
    html = client.get(reverse("organizations:pick"), {"q": "thêm\x0039"}).content.decode()
    assert "Đảng bộ Sở thêm 39 — Đảng bộ Khối các cơ quan tỉnh" in html
    assert client.get(reverse("members:list"), {"q": "\x00"}, follow=True).status_code == 200
