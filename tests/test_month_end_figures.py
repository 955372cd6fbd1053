"""Month-end figures kept as data (reports.snapshot) give the numbers the register gives when
counted directly, on the demo bloc for several months and scopes; a change to the register
shows at once; and reading them costs the same queries whatever the size of the bloc."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import compliance
from meetings import services as meeting_services
from meetings.models import Meeting
from members import services
from members.models import (
    ACTIVE_STATUSES,
    Member,
    MemberPlacement,
    MemberStatusChange,
    Status,
    cell_on,
)
from organizations.models import Organization
from organizations.services import tree_as_of
from organizations.tree import member_counts_as_of
from partybloc import demo
from partybloc.numbers import share
from reports.dashboard import dashboard_data
from reports.figures import Period, compute_figures
from reports.figures import _meetings as figures_meetings
from reports.snapshot import reads
from reports.snapshot.models import FilledMonth, OrganizationMonth, StaleMark
from reports.snapshot.services import month_ends_between, refresh
from tests.conftest import make_member, make_org
from tests.test_meeting_compliance import held

D = datetime.date
TODAY = datetime.date(2026, 11, 30)


# The register counted directly, as the figures and the tree did before the snapshot --------


def by_status_counted(day, ids):
    members = Member.objects.as_of(day)
    if ids is not None:
        members = members.filter(organization_on_id__in=ids)
    counts = dict(members.values_list("status_on").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in ("probationary", "official", "exempt")}


def events_counted(start, end, ids):
    admitted = Member.objects.filter(admitted_on__gte=start, admitted_on__lte=end)
    changes = MemberStatusChange.objects.filter(effective_on__gte=start, effective_on__lte=end)
    if ids is not None:
        admitted = admitted.annotate(
            placed=cell_on(OuterRef("pk"), OuterRef("admitted_on"), end_day_counts=True)
        ).filter(placed__in=ids)
        changes = changes.annotate(
            placed=cell_on(OuterRef("member"), OuterRef("effective_on"), end_day_counts=True)
        ).filter(placed__in=ids)
    result = admitted.aggregate(
        admitted=Count("pk"), admitted_youth=Count("pk", filter=Q(youth_union_member=True))
    )
    result.update(
        changes.aggregate(
            recognized=Count(
                "pk",
                filter=Q(
                    status=Status.OFFICIAL,
                    effective_on=F("member__official_on"),
                    effective_on__gt=F("member__admitted_on"),
                ),
            ),
            **{
                name: Count("pk", filter=Q(status=name))
                for name in ("transferred_out", "struck_off", "expelled", "deceased", "left")
            },
        )
    )
    return result


def tree_counted(on, tree):
    parent_of = {org.pk: parent_id for org, parent_id, _depth in tree}
    status_then = (
        MemberStatusChange.objects.filter(member=OuterRef("member_id"), effective_on__lte=on)
        .order_by("-effective_on", "-pk")
        .values("status")[:1]
    )
    rows = (
        MemberPlacement.objects.on(on)
        .filter(organization_id__in=parent_of.keys())
        .annotate(status_on=Subquery(status_then))
        .filter(status_on__in=ACTIVE_STATUSES)
        .values("organization_id")
        .annotate(total=Count("member_id", distinct=True))
        .order_by()
    )
    totals = {}
    for row in rows:
        node = row["organization_id"]
        while node is not None and node in parent_of:
            totals[node] = totals.get(node, 0) + row["total"]
            node = parent_of[node]
    return totals


def meetings_counted(period, scope, within):
    """reports.figures._meetings as it counted from the meetings before the snapshot."""
    start, end = period.start, period.end
    today = timezone.localdate()
    cells = list(compliance.cells_in(scope, start, end, within=within).order_by("path"))
    rows = compliance.build_rows(cells, start, end, today=today) if cells else []
    months = compliance.month_starts(start, end)
    by_month = {state: [0] * len(months) for state in ("held", "exempt", "missing", "pending")}
    for row in rows:
        for index, cell in enumerate(row.months):
            if cell.state in by_month:
                by_month[cell.state][index] += 1
    meetings = Meeting.objects.between(start, end)
    meetings = (
        meetings.filter(organization__in=within) if within is not None
        else meetings.in_subtree(scope)
    )  # fmt: skip
    counts = meetings.aggregate(
        regular_meetings=Count("pk", filter=Q(kind=Meeting.Kind.REGULAR)),
        thematic_meetings=Count("pk", filter=Q(kind=Meeting.Kind.THEMATIC)),
    )
    present, expected = compliance.attendance_counts(scope, start, end, within=within)
    counts.update(
        cells_watched=len(cells),
        cells_skipped=sum(1 for row in rows if row.count("missing")),
        thematic_quarters_missing=sum(row.thematic_missing for row in rows),
        attendance_rate=share(present, expected),
    )
    skipped = [row.organization.pk for row in rows if row.count("missing")]
    return counts, skipped, by_month


def ids_on(scope, day):
    return {org.pk for org, _parent, _depth in tree_as_of(day, within=scope)}


@pytest.mark.django_db
def test_the_snapshot_gives_the_registers_numbers_on_the_demo_for_months_and_scopes():
    demo.load(demo.build(scale=1, today=TODAY))
    call_command("fill_month_end_figures", "--since", "2023-01", stdout=None)
    bloc = Organization.objects.get(parent__isnull=True)
    committee = (
        Organization.objects.filter(kind=Organization.Kind.COMMITTEE)
        .annotate(cells=Count("children"))
        .order_by("-cells")
        .first()
    )
    cell = Organization.objects.filter(kind=Organization.Kind.GRASSROOTS_CELL).first()
    month_ends = [D(2024, 12, 31), D(2025, 3, 31), D(2025, 6, 30), D(2025, 12, 31)]
    month_ends += [D(2026, 6, 30), D(2026, 10, 31)]
    for scope in (bloc, committee, cell):
        for day in month_ends:
            ids = None if scope is bloc else ids_on(scope, day)
            assert reads.members_by_status(day, organization_ids=ids) == by_status_counted(
                day, ids
            ), (scope, day)
        for start, end in ((D(2025, 1, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 6, 30))):
            ids = None if scope is bloc else ids_on(scope, start) | ids_on(scope, end)
            assert reads.events_between(
                month_ends_between(start, end), organization_ids=ids
            ) == events_counted(start, end, ids), (scope, start)
        for period in (Period(2025), Period(2026, 1), Period(2026)):
            within = (
                None if scope is bloc else ids_on(scope, period.start) | ids_on(scope, period.end)
            )
            counts, skipped, by_month = figures_meetings(period, scope, within)
            expected_counts, expected_skipped, expected_by_month = meetings_counted(
                period, scope, within
            )
            assert {key: counts[key] for key in expected_counts} == expected_counts, period
            assert [org.pk for org in skipped] == expected_skipped, period
            assert {key: by_month[key] for key in expected_by_month} == expected_by_month
        for day in (D(2026, 1, 1), D(2025, 7, 15), D(2026, 3, 31), D(2026, 11, 29)):
            tree = tree_as_of(day, within=scope)
            assert member_counts_as_of(day, tree) == tree_counted(day, tree), (scope, day)


# A change shows at once -------------------------------------------------------------------


def dashboard_value(scope, key, period="2026"):
    figures, _charts, _year = dashboard_data(scope, Period.parse(period), TODAY)
    return figures[key].value


@pytest.mark.django_db
def test_a_transfer_a_status_change_and_minutes_submitted_show_at_once(
    world, django_capture_on_commit_callbacks
):
    """Each change commits (its callbacks run, as after a request's transaction)."""

    def committed(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    refresh(today=TODAY)
    assert not StaleMark.objects.exists()
    finance = dashboard_value(world.finance, "members_active")
    health = dashboard_value(world.health, "members_active")
    bloc = dashboard_value(world.bloc, "members_active")
    committed(services.transfer_member, world.an, to=world.health_office, on=D(2026, 3, 2))
    assert StaleMark.objects.exists()  # marked in the change's transaction, computed on reading
    assert dashboard_value(world.finance, "members_active") == finance - 1
    assert dashboard_value(world.health, "members_active") == health + 1
    assert dashboard_value(world.bloc, "members_active") == bloc
    assert not StaleMark.objects.exists()
    assert (
        compute_figures(world.health, Period.parse("2026H1"))["members_transferred_in"].value == 1
    )

    committed(services.change_status, world.dao, to=Status.STRUCK_OFF, on=D(2026, 4, 1))
    assert dashboard_value(world.bloc, "members_struck_off") == 1
    assert dashboard_value(world.bloc, "members_active") == bloc - 1

    probationary = dashboard_value(world.bloc, "members_probationary")
    committed(
        make_member, world.inspectorate, "Đinh Văn Nam", admitted=D(2026, 2, 15), official=None
    )
    assert dashboard_value(world.bloc, "members_probationary") == probationary + 1
    assert dashboard_value(world.bloc, "members_admitted") == 1

    regular = dashboard_value(world.bloc, "regular_meetings")
    attendance = dashboard_value(world.bloc, "attendance_rate")
    meeting = committed(held, world.health_office, D(2026, 10, 5), world.office, state="draft")
    assert dashboard_value(world.bloc, "regular_meetings") == regular + 1
    assert dashboard_value(world.bloc, "attendance_rate") == attendance  # a draft does not count
    committed(meeting_services.submit_minutes, meeting, by=world.office)
    assert dashboard_value(world.bloc, "attendance_rate") != attendance
    assert dashboard_value(world.bloc, "attendance_rate") == (
        compute_figures(world.bloc, Period.parse("2026"))["attendance_rate"].value
    )


# Reading costs the same queries whatever the size ---------------------------------------------


def queries_of(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_dashboard_and_the_tree_of_a_past_date_cost_the_same_queries_at_a_larger_size(
    world, client
):
    refresh()
    client.force_login(world.office)
    pages = [
        reverse("dashboard:index"),
        reverse("dashboard:index") + f"?organization={world.finance.pk}",
        reverse("organizations:tree") + "?on=01/01/2026",
        reverse("organizations:tree") + f"?on=01/01/2026&within={world.finance.pk}",
    ]
    before = [queries_of(client, url) for url in pages]
    for index in range(40):
        cell = [world.finance_office, world.health_office, world.inspectorate][index % 3]
        make_member(cell, f"Hoàng Văn Thêm {index}", admitted=D(2024, 2, 1), official=None)
    extra = make_org("Đảng bộ thêm", Organization.Kind.COMMITTEE, world.bloc)
    for index in range(5):
        make_org(f"Chi bộ thêm {index}", Organization.Kind.SUBORDINATE_CELL, extra)
    services.transfer_member(world.an, to=world.health_office, on=D(2025, 12, 20))
    refresh()  # the scheduled task ran: the pages read rows only
    assert [queries_of(client, url) for url in pages] == before
    assert OrganizationMonth.objects.exists() and FilledMonth.objects.exists()
