"""The figures of inspection work on fixed data: seed 001's sentence comes out of the register,
and what lies outside the period, the scope or the work carried out does not count."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections import counts, services
from inspections.models import (
    Complaint,
    Decision,
    DisciplineDecision,
    DisciplineForm,
    Inspection,
    Plan,
    RemediationItem,
    Subject,
    Team,
)
from organizations.models import Organization
from tests.conftest import make_member, make_org

pytestmark = pytest.mark.django_db
Kind = Organization.Kind
IKind = Inspection.Kind
YEAR = (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31))
_numbers = itertools.count(1)


def _plan(world, number):
    plan = Plan.objects.create(
        number=number,
        issued_on=datetime.date(2016, 12, 20),
        superior_body="Đảng bộ tỉnh",
        issuing_body="Đảng ủy Khối",
        place="Ninh Thuận",
        title="Kiểm tra",
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2017, 12, 31),
        themes="NQTW4",
    )
    decision = Decision.objects.create(
        plan=plan, number=f"Q{number}", decided_on=plan.issued_on, issuing_body="ĐUK"
    )
    return plan, Team.objects.create(decision=decision, name="Tổ 1")


def _inspect(plan, team, organization, kind, *, on=datetime.date(2017, 5, 1), status="concluded"):
    concluded = status in Inspection.PUBLISHED
    return Inspection.objects.create(
        plan=plan,
        team=team,
        organization=organization,
        kind=kind,
        starts_on=on,
        ends_on=on,
        status=status,
        conclusion_number=f"{next(_numbers)}-TB" if concluded else "",
        concluded_on=on if concluded else None,
    )


@pytest.fixture
def year_2017(world):
    """Seed 001's year: 10 grassroots organizations inspected, 1 subordinate cell and 1
    committee supervised, 6 denunciations about members resolved, 14 inspected on finance."""
    plan, team = _plan(world, "1-KH/ĐUK")
    finance_plan, finance_team = _plan(world, "2-KH/ĐUK")
    committees = [world.finance, world.health] + [
        make_org(f"Đảng bộ Sở {index}", Kind.COMMITTEE, world.bloc) for index in range(4)
    ]
    cells = [world.inspectorate] + [
        make_org(f"Chi bộ cơ sở {index}", Kind.GRASSROOTS_CELL, world.bloc) for index in range(3)
    ]
    for index, organization in enumerate(committees + cells):
        kind = IKind.THEMATIC_INSPECTION if index % 2 else IKind.REGULAR_INSPECTION
        _inspect(plan, team, organization, kind)
    # A second visit to the same organization counts it once.
    _inspect(finance_plan, finance_team, world.finance, IKind.SIGNS_OF_VIOLATION)
    _inspect(plan, team, world.finance_office, IKind.THEMATIC_SUPERVISION)
    _inspect(plan, team, world.health, IKind.REGULAR_SUPERVISION)
    finance_targets = committees + cells + [world.finance_office, world.finance_budget]
    finance_targets += [make_org(f"Chi bộ trực thuộc {i}", Kind.SUBORDINATE_CELL, world.health)
                        for i in range(2)]  # fmt: skip
    for organization in finance_targets:
        _inspect(finance_plan, finance_team, organization, IKind.PARTY_FINANCE)
    # Not counted: a plan not yet carried out, last year's work.
    _inspect(plan, team, world.health_office, IKind.THEMATIC_INSPECTION, status="planned")
    _inspect(
        finance_plan,
        finance_team,
        world.health_office,
        IKind.REGULAR_INSPECTION,
        on=datetime.date(2016, 11, 1),
    )

    members = [make_member(world.health_office, f"Trần Văn Tố {i}") for i in range(7)]
    for index, member in enumerate(members):
        letter = services.receive_letter(
            kind=Complaint.Kind.DENUNCIATION,
            received_on=datetime.date(2017, 2, 1 + index),
            anonymous=True,
            about_member=member,
            content="Tố cáo",
        )[0]
        if index < 6:  # the seventh is still being handled
            letter.status, letter.resolved_on = "resolved", datetime.date(2017, 6, 1)
            letter.save()
    services.receive_letter(
        kind="mixed",
        received_on=datetime.date(2017, 3, 1),
        sender="A",
        about_organization=world.health_office,
        content="Khiếu nại và tố cáo",
    )
    return plan


def test_seed_001_sentence_comes_out_of_the_register(world, year_2017):
    start, end = YEAR
    inspected = counts.grassroots_inspected(world.bloc, start=start, end=end)
    supervised = counts.supervised(world.bloc, start=start, end=end)
    letters = counts.complaints(world.bloc, start=start, end=end)
    finance = counts.finance_inspected(world.bloc, start=start, end=end)
    sentence = (
        f"kiểm tra {inspected} TCCSĐ và giám sát {supervised[Kind.SUBORDINATE_CELL]} chi bộ "
        f"trực thuộc cơ sở, {supervised[Kind.COMMITTEE]} đảng bộ … giải quyết "
        f"{letters[('denunciation', 'member')]['resolved']} đơn thư tố cáo … kiểm tra "
        f"{finance} chi, đảng bộ về … tài chính Đảng"
    )
    assert sentence == (
        "kiểm tra 10 TCCSĐ và giám sát 1 chi bộ trực thuộc cơ sở, 1 đảng bộ … giải quyết 6 đơn "
        "thư tố cáo … kiểm tra 14 chi, đảng bộ về … tài chính Đảng"
    )


def test_inspections_by_kind_and_organization_kind(world, year_2017):
    start, end = YEAR
    by_kind = counts.inspections_by_kind(world.bloc, start=start, end=end)
    assert by_kind == {
        IKind.REGULAR_INSPECTION: 5,
        IKind.THEMATIC_INSPECTION: 5,
        IKind.SIGNS_OF_VIOLATION: 1,
        IKind.REGULAR_SUPERVISION: 1,
        IKind.THEMATIC_SUPERVISION: 1,
        IKind.PARTY_FINANCE: 14,
    }
    groups = counts.organizations_by_group(world.bloc, start=start, end=end)
    assert groups["inspection"] == {Kind.COMMITTEE: 6, Kind.GRASSROOTS_CELL: 4}
    assert groups["finance"] == {
        Kind.COMMITTEE: 6,
        Kind.GRASSROOTS_CELL: 4,
        Kind.SUBORDINATE_CELL: 4,
    }


def test_a_committee_counts_its_own_subtree_only(world, year_2017):
    start, end = YEAR
    assert counts.inspections_by_kind(world.finance, start=start, end=end) == {
        IKind.REGULAR_INSPECTION: 1,
        IKind.SIGNS_OF_VIOLATION: 1,
        IKind.THEMATIC_SUPERVISION: 1,
        IKind.PARTY_FINANCE: 3,
    }
    letters = counts.complaints(world.health, start=start, end=end)
    assert letters[("denunciation", "member")] == {"received": 7, "resolved": 6}
    assert letters[("complaint", "organization")] == {"received": 1, "resolved": 0}
    assert counts.complaints(world.finance, start=start, end=end) == {}


def test_discipline_by_form_and_remediation_states(world, year_2017):
    start, end = YEAR
    services.record_discipline(
        number="5-QĐ",
        decided_on=datetime.date(2017, 8, 1),
        issuing_body="UBKT",
        form=DisciplineForm.WARNING,
        reason="x",
        member=world.an,
    )
    services.record_discipline(
        number="6-QĐ",
        decided_on=datetime.date(2017, 9, 1),
        issuing_body="UBKT",
        form=DisciplineForm.REPRIMAND,
        reason="x",
        organization=world.finance_office,
    )
    assert counts.discipline_by_form(world.bloc, start=start, end=end) == {
        (Subject.OFFICIAL_MEMBER, DisciplineForm.WARNING): 1,
        (Subject.ORGANIZATION, DisciplineForm.REPRIMAND): 1,
    }
    assert DisciplineDecision.objects.count() == 2
    inspection = Inspection.objects.filter(organization=world.finance, kind="party_finance").get()
    deadlines = [datetime.date(2017, 7, 1), datetime.date(2017, 7, 1), datetime.date(2018, 3, 1)]
    states = ["done", "open", "in_progress"]
    for deadline, state in zip(deadlines, states, strict=True):
        RemediationItem.objects.create(
            inspection=inspection,
            owner=world.finance,
            description="x",
            deadline=deadline,
            status=state,
            done_on=deadline if state == "done" else None,
        )
    RemediationItem.objects.create(
        inspection=inspection,
        owner=world.finance,
        description="x",
        deadline=deadlines[0],
        status="carried_over",
        carry_over_note="Năm sau",
    )
    figures = counts.remediation(world.bloc, start=start, end=end, on=datetime.date(2017, 12, 31))
    assert figures == {"done": 1, "carried_over": 1, "open": 1, "overdue": 1}


# --- Query counts -----------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(world, iw, index):
    """One more plan with two concluded inspections and their items, a letter split in two, a
    discipline decision."""
    plan = Plan.objects.create(
        number=f"{20 + index}-KH/ĐUK",
        issued_on=iw.plan.issued_on,
        superior_body="x",
        issuing_body="x",
        place="x",
        title="x",
        period_start=iw.plan.period_start,
        period_end=iw.plan.period_end,
        themes="x",
    )
    plan.targets.set([world.finance, world.finance_office])
    decision = plan.decisions.create(
        number=f"{120 + index}-QĐ", decided_on=plan.issued_on, issuing_body="x"
    )
    services.form_team(
        decision,
        name="Tổ",
        leader=world.inspector,
        members=[iw.team_member],
        organizations=[world.finance, world.finance_office],
        kind=IKind.PARTY_FINANCE,
        starts_on=plan.period_start,
        ends_on=plan.period_start,
    )
    for inspection in plan.inspections.all():
        inspection.status = "concluded"
        inspection.conclusion_number = f"{index}-{inspection.pk}"
        inspection.concluded_on = inspection.starts_on
        inspection.save()
        RemediationItem.objects.create(
            inspection=inspection,
            owner=inspection.organization,
            description="x",
            deadline=datetime.date(2026, 8, 1),
        )
    services.receive_letter(
        kind="mixed", received_on=plan.issued_on, sender="A", about_member=world.an, content="x"
    )
    services.record_discipline(
        number=f"{index}-QĐ/UBKT",
        decided_on=datetime.date(2026, 9, 1 + index),
        issuing_body="x",
        form=DisciplineForm.REPRIMAND,
        reason="x",
        member=world.an if index % 2 else world.binh,
    )


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("inspections:list", "office"),
        ("inspections:list", "inspector"),
        ("inspections:list", "finance_staff"),
        ("inspections:plan_list", "office"),
        ("inspections:plan_list", "inspector"),
        ("inspections:complaint_list", "office"),
        ("inspections:discipline_list", "office"),
        ("inspections:discipline_list", "finance_staff"),
    ],
)
def test_list_pages_make_the_same_number_of_queries_as_data_grows(
    world, iw, client, url_name, role
):
    _grow(world, iw, 0)  # every list has a row to show before counting
    client.force_login(getattr(world, role))
    url = reverse(url_name)
    before = _queries(client, url)
    for index in range(1, 5):
        _grow(world, iw, index)
    assert _queries(client, url) == before


def test_the_inspection_page_queries_do_not_grow_with_findings_and_items(world, iw, client):
    client.force_login(world.office)
    url = reverse("inspections:detail", args=[iw.inspectorate_inspection.pk])
    before = _queries(client, url)
    for _index in range(5):
        iw.add_finding(iw.inspectorate_inspection, world.inspector)
        item = RemediationItem.objects.create(
            inspection=iw.inspectorate_inspection,
            owner=world.inspectorate,
            description="x",
            deadline=datetime.date(2026, 12, 1),
        )
        services.report_progress(
            item, text="x", status="in_progress", on=datetime.date(2026, 10, 1), by=world.office
        )
    assert _queries(client, url) == before
