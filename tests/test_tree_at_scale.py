"""The organization tree at province scale: a level at a time, a page of children at a time,
and the tree of a past date read only under the organization asked about. Query counts stay
the same as the bloc grows (speed itself is measured by `manage.py benchmark`)."""

import contextlib

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations import views
from organizations.models import Organization
from organizations.tree import subtree_member_counts
from tests.conftest import make_member, make_org

pytestmark = pytest.mark.django_db
Kind = Organization.Kind
PAST = "2026-01-01"


def _queries(client, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
        assert response.status_code == 200
    return len(captured), response


@contextlib.contextmanager
def organizations_loaded():
    """Counts the Organization rows read from the database while inside."""
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Organization)
    try:
        yield loaded
    finally:
        post_init.disconnect(count, sender=Organization)


def _grow_the_bloc(world, count):
    """More committees with cells and members, outside the finance committee."""
    for index in range(count):
        committee = make_org(f"Đảng bộ Sở thêm {index}", Kind.COMMITTEE, world.bloc)
        cell = make_org(f"Chi bộ Phòng thêm {index}", Kind.SUBORDINATE_CELL, committee)
        make_member(cell, f"Hoàng Văn Thêm {index}")


def test_the_children_of_a_node_come_a_page_at_a_time(world, client, monkeypatch):
    monkeypatch.setattr(views, "TREE_PAGE_SIZE", 2)
    client.force_login(world.office)
    url = reverse("organizations:children", args=[world.bloc.pk])
    first = client.get(url).content.decode()
    # The bloc holds finance, health and the inspectorate: two, then the button for the rest.
    assert first.count('class="leaf"><i') + first.count("<details") == 2
    assert "Xem thêm" in first and f"{url}?page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Chi bộ Thanh tra tỉnh" in second and "Xem thêm" not in second
    assert "Chi bộ Thanh tra tỉnh" not in first


def test_the_tree_page_shows_the_first_page_of_children_and_the_way_to_more(
    world, client, monkeypatch
):
    monkeypatch.setattr(views, "TREE_PAGE_SIZE", 2)
    client.force_login(world.office)
    page = client.get(reverse("organizations:tree")).content.decode()
    assert "Xem thêm" in page and "Chi bộ Thanh tra tỉnh" not in page


def test_the_tree_and_a_page_of_children_cost_the_same_queries_as_the_bloc_grows(world, client):
    client.force_login(world.office)
    tree = reverse("organizations:tree")
    children = reverse("organizations:children", args=[world.bloc.pk])
    before = [_queries(client, tree)[0], _queries(client, children)[0]]
    _grow_the_bloc(world, 6)
    assert [_queries(client, tree)[0], _queries(client, children)[0]] == before


def test_the_past_tree_shows_one_level_under_the_organization_asked_about(world, client):
    client.force_login(world.office)
    _count, response = _queries(
        client, reverse("organizations:tree"), {"on": PAST, "within": world.finance.pk}
    )
    names = [(org.name, depth) for org, depth, _count in response.context["rows"]]
    assert names[0] == ("Đảng bộ Sở Tài chính", 0)
    assert {depth for _name, depth in names[1:]} == {1}
    assert "Chi bộ Thanh tra tỉnh" not in {name for name, _depth in names}
    # The way back up to the bloc, as it stood then.
    assert response.context["up"] == world.bloc


def test_a_committees_past_tree_costs_the_same_queries_whatever_the_bloc_holds(world, client):
    client.force_login(world.finance_staff)
    url = reverse("organizations:tree")
    with organizations_loaded() as loaded_before:
        before, response = _queries(client, url, {"on": PAST})
    counts = {org.pk: count for org, _depth, count in response.context["rows"]}
    _grow_the_bloc(world, 6)
    with organizations_loaded() as loaded_after:
        after, response = _queries(client, url, {"on": PAST})
    assert after == before
    # Only the committee's own subtree is read, not the bloc's new committees.
    assert len(loaded_after) == len(loaded_before)
    assert {org.pk: count for org, _depth, count in response.context["rows"]} == counts


def test_the_past_tree_of_an_organization_outside_the_scope_is_not_found(world, client):
    client.force_login(world.finance_staff)
    response = client.get(reverse("organizations:tree"), {"on": PAST, "within": world.health.pk})
    assert response.status_code == 404


def test_an_organizations_page_lists_what_is_under_it_a_page_at_a_time(world, client, monkeypatch):
    monkeypatch.setattr(views, "TREE_PAGE_SIZE", 2)
    client.force_login(world.office)
    url = reverse("organizations:detail", args=[world.bloc.pk])
    first = client.get(url)
    assert len(first.context["children"]) == 2
    assert "?children=2" in first.content.decode()
    second = client.get(url, {"children": 2})
    assert len(second.context["children"]) == 1
    before = _queries(client, url)[0]
    _grow_the_bloc(world, 4)
    assert _queries(client, url)[0] == before


def test_counting_a_committees_cells_reads_only_under_that_committee(world):
    second = make_org("Chi bộ Phòng Ngân sách", Kind.SUBORDINATE_CELL, world.finance)
    with CaptureQueriesContext(connection) as captured:
        counts = subtree_member_counts([world.finance_office, second])
    (query,) = captured.captured_queries
    assert world.finance.path in query["sql"]
    assert counts[world.finance_office.pk] == world.finance_office.members.active().count()
