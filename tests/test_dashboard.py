"""The leaders' dashboard: who may open it and for which scope, what it shows, and a query
count that stays the same as the bloc grows."""

import dataclasses
import datetime
import json
import pickle

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization
from reports.dashboard import current_period
from tests.conftest import make_member, make_org

pytestmark = pytest.mark.django_db
URL = "dashboard:index"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The dashboard keeps its counts for a few minutes: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "role, expected",
    [
        ("office", 200),
        ("leader", 200),
        ("finance_staff", 200),
        ("finance_office_secretary", 403),
        ("inspectorate_secretary", 403),
        ("inspector", 403),
        ("outsider", 403),
    ],
)
def test_the_dashboard_is_for_bloc_wide_users_and_committee_staff(world, client, role, expected):
    client.force_login(getattr(world, role))
    assert client.get(reverse(URL)).status_code == expected


def test_anonymous_users_are_sent_to_log_in(world, client):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_bloc_wide_users_see_the_bloc_and_may_choose_a_grassroots_organization(world, as_user):
    client = as_user(world.leader)
    response = client.get(reverse(URL))
    assert response.context["scope"] == world.bloc
    assert world.health in response.context["scopes"]
    response = client.get(reverse(URL), {"organization": world.health.pk})
    assert response.context["scope"] == world.health


def test_committee_staff_see_their_committee_and_nothing_else(world, as_user):
    client = as_user(world.finance_staff)
    response = client.get(reverse(URL))
    assert response.context["scope"] == world.finance
    assert response.context["scopes"] == [world.finance]
    assert client.get(reverse(URL), {"organization": world.health.pk}).status_code == 404
    assert client.get(reverse(URL), {"organization": world.bloc.pk}).status_code == 404


def test_the_nav_links_to_the_dashboard_only_for_those_who_may_open_it(world, as_user):
    link = f'href="{reverse(URL)}"'
    assert link in as_user(world.leader).get(reverse("home")).content.decode()
    assert link not in as_user(world.finance_office_secretary).get(reverse("home")).content.decode()


def test_it_shows_key_figures_against_last_year_and_chart_data(world, as_user):
    today = timezone.localdate()
    make_member(
        world.inspectorate,
        "Đinh Văn Nam",
        admitted=today.replace(day=1),
        official=None,
    )
    response = as_user(world.office).get(reverse(URL))
    assert response.context["period"] == current_period(today)
    cards = {card["figure"].key: card for card in response.context["cards"]}
    assert cards["members_active"]["figure"].value == 6
    assert cards["members_admitted"]["figure"].value == 1
    html = response.content.decode()
    assert "vendor/chartjs/chart.umd.js" in html
    data = json.loads(html.split('id="dashboard-data" type="application/json">')[1].split("<")[0])
    assert len(data["members"]["labels"]) == 12
    assert data["admissions"]["admitted"][-1] == 1


def test_a_past_period_can_be_chosen(world, as_user):
    response = as_user(world.office).get(reverse(URL), {"period": "2025H1"})
    assert response.context["period"].code == "2025H1"


def _queries(client, url, *, cached=False):
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_makes_the_same_number_of_queries_as_data_grows(world, client):
    client.force_login(world.office)
    url = reverse(URL)
    before = _queries(client, url)
    for index in range(30):
        cell = [world.finance_office, world.health_office, world.inspectorate][index % 3]
        make_member(
            cell, f"Hoàng Văn Thêm {index}", admitted=datetime.date(2025, 2, 1), official=None
        )
    for index in range(4):
        make_org(f"Chi bộ thêm {index}", Organization.Kind.GRASSROOTS_CELL, world.bloc)
    assert _queries(client, url) == before


def test_the_same_scope_and_period_reuse_the_counts_for_a_few_minutes(world, client):
    client.force_login(world.leader)
    url = reverse(URL)
    first = _queries(client, url)
    assert _queries(client, url, cached=True) < first / 3


def test_the_cached_counts_are_numbers_not_model_objects(world, client):
    """What a shared cache (Redis) stores and every worker reads back: small, and no rows."""
    client.force_login(world.leader)
    assert client.get(reverse(URL)).status_code == 200
    today = timezone.localdate()
    key = f"reports:dashboard:{world.bloc.pk}:{current_period(today).code}:{today.isoformat()}"
    entry = cache.get(key)
    assert entry is not None

    def walk(value):
        assert not isinstance(value, Model), value
        if isinstance(value, dict):
            for item in [*value.keys(), *value.values()]:
                walk(item)
        elif isinstance(value, list | tuple | set):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))

    walk(entry)
    assert len(pickle.dumps(entry)) < 20_000


def test_month_end_counts_equal_what_the_register_says_on_each_day(world):
    """The dashboard's fast count agrees with Member.objects.as_of on every day, through
    admissions, a transfer, an exemption, a transfer out and a death."""
    import datetime

    from django.db.models import Count

    from members import services
    from members.models import ACTIVE_STATUSES, Member
    from reports.dashboard import members_by_status_on
    from tests.conftest import make_member

    make_member(
        world.health_office,
        "Hồ Thị Lan",
        gender="female",
        born=datetime.date(1996, 2, 2),
        admitted=datetime.date(2025, 9, 10),
        official=None,
    )
    services.transfer_member(world.an, to=world.health_office, on=datetime.date(2025, 11, 5))
    services.change_status(world.dao, to="exempt", on=datetime.date(2025, 12, 1))
    services.transfer_out(
        world.binh, destination="Đảng bộ tỉnh Khánh Hòa", on=datetime.date(2026, 1, 20)
    )
    services.change_status(world.duc, to="deceased", on=datetime.date(2026, 2, 3))
    days = [datetime.date(2025, month, 28) for month in (8, 9, 10, 11, 12)] + [
        datetime.date(2026, month, 28) for month in (1, 2, 3)
    ]
    for scope in (world.bloc, world.health, world.finance):
        fast = members_by_status_on(days, scope)
        for day in days:
            members = Member.objects.as_of(day)
            if scope.parent_id is not None:
                members = members.filter(organization_on_path__startswith=scope.path)
            slow = dict(members.values_list("status_on").annotate(n=Count("pk")).order_by())
            assert fast[day] == {s: slow.get(s, 0) for s in ACTIVE_STATUSES}, (scope, day)
