"""Early warnings: the Charter's three months in a year, with the evidence; the organizations at
risk; a refresh that can run any number of times; a decision that closes a warning (never a
deletion); who sees and who closes; the count on the dashboard and the office's home page."""

import datetime
import io

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.early_warnings import services, tasks
from inspections.early_warnings.models import EarlyWarning
from meetings.models import Attendance, Meeting
from members.dues.services import record_payment, record_remittance, set_income_basis
from organizations import access
from organizations.models import RoleAssignment
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 20)
Kind = EarlyWarning.Kind
State = EarlyWarning.State


def roll(cell, day, *, absent=(), excused=(), state=Meeting.State.ACCEPTED, kind="regular"):
    """A meeting of the cell on that day with its roll: everyone present but the absent
    (without a reason) and the excused (with one)."""
    meeting = Meeting.objects.create(organization=cell, kind=kind, held_on=day, state=state)
    for member in cell.members.all():
        if member in absent:
            presence, reason = Attendance.Presence.ABSENT_UNEXCUSED, ""
        elif member in excused:
            presence, reason = Attendance.Presence.ABSENT_EXCUSED, "Đi công tác"
        else:
            presence, reason = Attendance.Presence.PRESENT, ""
        Attendance.objects.create(
            meeting=meeting, member=member, standing="official", presence=presence, reason=reason
        )
    return meeting


def months(year, *numbers):
    return [datetime.date(year, number, 10) for number in numbers]


def warnings_about(member):
    return EarlyWarning.objects.filter(member=member, kind=Kind.MEMBER_MEETINGS)


# The three-months rule ------------------------------------------------------------------------


def test_two_months_without_a_reason_raise_no_warning(world):
    for day in months(2026, 3, 5):
        roll(world.finance_office, day, absent=[world.an])
    services.refresh_warnings(TODAY)
    assert not warnings_about(world.an).exists()


def test_three_months_without_a_reason_raise_a_warning_with_the_meetings_as_evidence(world):
    meetings = [roll(world.finance_office, day, absent=[world.an]) for day in months(2026, 2, 3, 6)]
    roll(world.finance_office, datetime.date(2026, 7, 8), excused=[world.an])
    services.refresh_warnings(TODAY)
    warning = warnings_about(world.an).get()
    assert (warning.year, warning.weight, warning.state) == (2026, 3, State.OPEN)
    assert warning.organization == world.finance_office
    rows = warning.evidence_rows()
    counted = [row for row in rows if row.get("counts")]
    assert [row["url"] for row in counted] == [
        reverse("meetings:detail", args=[meeting.pk]) for meeting in meetings
    ]
    # The absence with a reason is listed with its reason, and does not count.
    excused = [row for row in rows if not row["counts"]]
    assert [row["note"] for row in excused] == ["Đi công tác"]
    assert not warnings_about(world.dao).exists()


def test_three_months_absent_with_accepted_reasons_raise_no_warning(world):
    for day in months(2026, 2, 3, 4):
        roll(world.finance_office, day, excused=[world.an])
    services.refresh_warnings(TODAY)
    assert not warnings_about(world.an).exists()


def test_three_months_count_within_one_year(world):
    roll(world.finance_office, datetime.date(2025, 11, 10), absent=[world.an])
    roll(world.finance_office, datetime.date(2025, 12, 10), absent=[world.an])
    roll(world.finance_office, datetime.date(2026, 1, 10), absent=[world.an])
    services.refresh_warnings(TODAY)
    assert not warnings_about(world.an).exists()


def test_a_draft_roll_does_not_count_yet(world):
    for day in months(2026, 2, 3):
        roll(world.finance_office, day, absent=[world.an])
    roll(world.finance_office, datetime.date(2026, 9, 10), absent=[world.an], state="draft")
    services.refresh_warnings(TODAY)
    assert not warnings_about(world.an).exists()


# Organizations at risk ----------------------------------------------------------------------


def test_organizations_at_risk_each_with_its_records(world, iw):
    # The budget cell met every month of 2026 but September; the office cell's July minutes are
    # still a draft; the inspectorate's remediation item is past its deadline; the health
    # committee's term started without a congress.
    for month in range(1, 10):
        if month != 9:
            roll(world.finance_budget, datetime.date(2026, month, 5))
    draft = roll(world.finance_office, datetime.date(2026, 7, 5), state=Meeting.State.DRAFT)
    world.health.term_start_year, world.health.term_end_year = 2025, 2030
    world.health.save()
    services.refresh_warnings(TODAY)
    at_risk = EarlyWarning.objects.about_organizations().open()

    skipped = at_risk.get(kind=Kind.MEETINGS_SKIPPED, organization=world.finance_budget, year=2026)
    assert [row["on"] for row in skipped.evidence_rows()] == [datetime.date(2026, 9, 1)]
    assert f"organization={world.finance_budget.pk}" in skipped.evidence_rows()[0]["url"]

    overdue = at_risk.get(kind=Kind.MINUTES_OVERDUE, organization=world.finance_office)
    assert [row["url"] for row in overdue.evidence_rows()] == [
        reverse("meetings:detail", args=[draft.pk])
    ]

    remediation = at_risk.get(kind=Kind.REMEDIATION_OVERDUE)
    assert remediation.organization == world.inspectorate
    assert remediation.evidence_rows()[0]["url"] == reverse(
        "inspections:detail", args=[iw.inspectorate_inspection.pk]
    )

    congress = at_risk.get(kind=Kind.NO_CONGRESS)
    assert (congress.organization, congress.year) == (world.health, 2025)
    # The finance committee held its congress for the term.
    assert not at_risk.filter(kind=Kind.NO_CONGRESS, organization=world.finance).exists()


def test_a_remediation_item_done_resolves_its_warning(world, iw):
    services.refresh_warnings(TODAY)
    warning = EarlyWarning.objects.get(kind=Kind.REMEDIATION_OVERDUE)
    iw.item.status, iw.item.done_on = iw.item.Status.DONE, TODAY
    iw.item.save()
    services.refresh_warnings(TODAY + datetime.timedelta(days=1))
    warning.refresh_from_db()
    assert (warning.state, warning.resolved_on) == (State.RESOLVED, TODAY + datetime.timedelta(1))


# Refreshing -------------------------------------------------------------------------------------


def test_refreshing_twice_creates_nothing_new(world, iw):
    for day in months(2026, 2, 3, 4):
        roll(world.finance_office, day, absent=[world.an])
    first = services.refresh_warnings(TODAY)
    rows = list(EarlyWarning.objects.order_by("pk").values())
    second = services.refresh_warnings(TODAY)
    assert first.raised > 0
    assert (second.raised, second.updated, second.reopened, second.resolved) == (0, 0, 0, 0)
    assert list(EarlyWarning.objects.order_by("pk").values()) == rows


def test_a_warning_whose_condition_no_longer_holds_is_resolved_not_deleted(world):
    meetings = [roll(world.finance_office, day, absent=[world.an]) for day in months(2026, 2, 3, 4)]
    services.refresh_warnings(TODAY)
    warning = warnings_about(world.an).get()
    # The cell accepts the reason for April after all.
    meetings[2].attendance.filter(member=world.an).update(
        presence=Attendance.Presence.ABSENT_EXCUSED, reason="Ốm, có giấy của bệnh viện"
    )
    summary = services.refresh_warnings(TODAY)
    warning.refresh_from_db()
    assert summary.resolved >= 1
    assert (warning.state, warning.resolved_on) == (State.RESOLVED, TODAY)
    # And raised again (the same row) if the data changes back.
    meetings[2].attendance.filter(member=world.an).update(
        presence=Attendance.Presence.ABSENT_UNEXCUSED
    )
    services.refresh_warnings(TODAY)
    assert warnings_about(world.an).get().state == State.OPEN
    assert warnings_about(world.an).count() == 1


def test_the_command_and_the_task_refresh(world):
    for day in months(timezone.localdate().year - 1, 2, 3, 4):
        roll(world.finance_office, day, absent=[world.an])
    call_command("refresh_warnings", "--on", "20/10/2026", stdout=io.StringIO())
    assert tasks.refresh_warnings.delay().get(timeout=30)["raised"] >= 0
    assert warnings_about(world.an).count() == 1


# Closing ----------------------------------------------------------------------------------------


@pytest.fixture
def an_warned(world):
    """An, who missed three months last year (the page's refresh runs on today's date)."""
    for day in months(timezone.localdate().year - 1, 2, 3, 4):
        roll(world.finance_office, day, absent=[world.an])
    services.refresh_warnings(timezone.localdate())
    return warnings_about(world.an).get()


def test_closing_needs_a_decision_and_its_reason(world, an_warned, as_user):
    client = as_user(world.finance_office_secretary)
    url = reverse("early_warnings:detail", args=[an_warned.pk])
    response = client.post(url, {"decision": "good_reason", "decision_reason": "  "})
    assert response.status_code == 200
    assert "Đồng chí hãy ghi lý do của quyết định." in response.content.decode()
    an_warned.refresh_from_db()
    assert an_warned.state == State.OPEN

    response = client.post(
        url, {"decision": "good_reason", "decision_reason": "Đồng chí An ốm dài ngày"}
    )
    assert response.status_code == 302
    an_warned.refresh_from_db()
    assert an_warned.state == State.CLOSED
    assert an_warned.decided_by == world.finance_office_secretary
    assert an_warned.decision_reason == "Đồng chí An ốm dài ngày"
    # It stays listed, under "Handled", with its decision.
    page = client.get(reverse("early_warnings:list") + "?tab=settled").content.decode()
    assert "Đồng chí An ốm dài ngày" in page and world.an.full_name in page
    # A refresh does not open it again.
    services.refresh_warnings(timezone.localdate())
    an_warned.refresh_from_db()
    assert an_warned.state == State.CLOSED


def test_a_closed_warning_cannot_be_closed_twice(world, an_warned):
    services.close_warning(an_warned, decision="strike_off", reason="Đề nghị", by=world.office)
    with pytest.raises(ValidationError):
        services.close_warning(an_warned, decision="other", reason="Lại", by=world.office)


def test_a_warning_cannot_be_deleted(world, an_warned, as_user):
    model_admin = admin.site._registry[EarlyWarning]
    request = type("Request", (), {"user": world.office})()
    assert not model_admin.has_delete_permission(request, an_warned)
    assert not model_admin.has_change_permission(request, an_warned)
    client = as_user(world.office)
    delete_url = reverse("admin:early_warnings_earlywarning_delete", args=[an_warned.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert EarlyWarning.objects.filter(pk=an_warned.pk).exists()


# Scope and rights -----------------------------------------------------------------------------


def test_a_cell_secretary_sees_only_their_cells_members(world, as_user):
    for day in months(timezone.localdate().year - 1, 2, 3, 4):
        roll(world.finance_office, day, absent=[world.an])
        roll(world.health_office, day, absent=[world.duc])
    services.refresh_warnings(timezone.localdate())
    duc_warning = warnings_about(world.duc).get()
    client = as_user(world.finance_office_secretary)
    page = client.get(reverse("early_warnings:list")).content.decode()
    assert world.an.full_name in page
    assert world.duc.full_name not in page
    assert client.get(reverse("early_warnings:detail", args=[duc_warning.pk])).status_code == 404
    assert (
        client.get(
            reverse("early_warnings:list") + f"?organization={world.health_office.pk}"
        ).status_code
        == 404
    )
    # The committee sees its cells' members, the bloc everyone.
    committee_page = as_user(world.finance_staff).get(reverse("early_warnings:list")).content
    assert world.an.full_name in committee_page.decode()
    assert world.duc.full_name not in committee_page.decode()
    leader_page = as_user(world.leader).get(reverse("early_warnings:list")).content.decode()
    assert world.an.full_name in leader_page and world.duc.full_name in leader_page


def test_who_may_close(world, an_warned, as_user):
    url = reverse("early_warnings:detail", args=[an_warned.pk])
    data = {"decision": "other", "decision_reason": "Nhắc nhở"}
    # Inside the scope without the right: the leader (read-only).
    assert as_user(world.leader).post(url, data).status_code == 403
    assert as_user(world.inspectorate_secretary).post(url, data).status_code == 404
    assert as_user(world.outsider).get(url).status_code == 404  # in no scope at all
    an_warned.refresh_from_db()
    assert an_warned.state == State.OPEN
    assert as_user(world.finance_staff).post(url, data).status_code == 302


def test_an_organizations_warning_is_closed_by_the_level_above(world, as_user):
    services.refresh_warnings(TODAY)
    skipped = EarlyWarning.objects.get(
        kind=Kind.MEETINGS_SKIPPED, organization=world.finance_office, year=2026
    )
    assert not access.can_close_early_warning(world.finance_office_secretary, skipped)
    assert access.can_close_early_warning(world.finance_staff, skipped)
    assert access.can_close_early_warning(world.office, skipped)
    grassroots = EarlyWarning.objects.get(
        kind=Kind.MEETINGS_SKIPPED, organization=world.inspectorate, year=2026
    )
    assert not access.can_close_early_warning(world.inspectorate_secretary, grassroots)
    assert access.can_close_early_warning(world.office, grassroots)


def test_an_inspector_sees_the_organizations_their_team_inspects(world, iw, as_user):
    services.refresh_warnings(TODAY)
    visible = EarlyWarning.objects.visible_to(world.inspector)
    organizations = set(visible.values_list("organization", flat=True))
    assert world.inspectorate.pk in organizations
    assert world.health_office.pk not in organizations
    assert not visible.about_members().exists()
    assert as_user(world.other_leader).get(reverse("early_warnings:list")).status_code == 200


def test_only_the_office_refreshes_by_hand(world, as_user):
    url = reverse("early_warnings:refresh")
    assert as_user(world.leader).post(url).status_code == 403
    assert as_user(world.finance_staff).post(url).status_code == 403
    assert as_user(world.office).post(url).status_code == 302


def test_the_menu_offers_the_page_only_to_those_who_may_open_it(world, as_user):
    link = reverse("early_warnings:list")
    assert link in as_user(world.finance_office_secretary).get("/").content.decode()
    assert link not in as_user(world.outsider).get("/").content.decode()
    assert as_user(world.outsider).get(link).status_code == 403


def test_the_page_computes_the_warnings_when_none_were_computed_today(world, as_user):
    for day in months(timezone.localdate().year - 1, 2, 3, 4):
        roll(world.finance_office, day, absent=[world.an])
    page = as_user(world.finance_office_secretary).get(reverse("early_warnings:list"))
    assert world.an.full_name in page.content.decode()
    assert services.refreshed_today(timezone.localdate())


# Counts -----------------------------------------------------------------------------------------


def test_the_dashboard_and_the_office_home_show_the_count(world, an_warned, as_user):
    open_count = EarlyWarning.objects.open().count()
    dashboard = as_user(world.leader).get(reverse("dashboard:index"))
    assert dashboard.context["early_warnings"]["total"] == open_count
    assert reverse("early_warnings:list") in dashboard.content.decode()
    home = as_user(world.office).get("/")
    assert home.context["early_warnings_open"] == open_count
    assert reverse("early_warnings:list") in home.content.decode()


def test_a_closed_warning_leaves_the_counts(world, an_warned, as_user):
    before = as_user(world.leader).get(reverse("dashboard:index")).context["early_warnings"]
    services.close_warning(an_warned, decision="other", reason="Đã nhắc nhở", by=world.office)
    after = as_user(world.leader).get(reverse("dashboard:index")).context["early_warnings"]
    assert after["total"] == before["total"] - 1
    assert after["members"] == before["members"] - 1


def test_a_role_moved_away_loses_the_warnings(world, an_warned, as_user):
    RoleAssignment.objects.filter(user=world.finance_office_secretary).delete()
    url = reverse("early_warnings:detail", args=[an_warned.pk])
    assert as_user(world.finance_office_secretary).get(url).status_code in (403, 404)


def test_an_excused_member_is_not_counted_whatever_the_roll_says(world):
    # A member exempt from meetings (miễn sinh hoạt) is on the roll but never counted.
    member = make_member(world.finance_office, "Hoàng Văn Giang")
    for day in months(2026, 2, 3, 4):
        meeting = roll(world.finance_office, day)
        meeting.attendance.filter(member=member).update(
            standing=Attendance.Standing.EXEMPT, presence=Attendance.Presence.ABSENT_UNEXCUSED
        )
    services.refresh_warnings(TODAY)
    assert not warnings_about(member).exists()


# Party dues (the ledger of members.dues) -----------------------------------------------------


def _salaried_from(member, day):
    set_income_basis(
        member, category="salaried", monthly_income=8_000_000, effective_from=day, by=None
    )


def _pay(member, months_count, *, on, cell):
    # 1% of 8,000,000: the oldest months are paid first.
    record_payment(member, amount=80_000 * months_count, paid_on=on, cell=cell, by=None)


def test_three_unpaid_months_raise_a_dues_warning_with_the_months(world):
    _salaried_from(world.an, datetime.date(2026, 1, 1))
    _salaried_from(world.dao, datetime.date(2026, 1, 1))
    _pay(world.an, 6, on=datetime.date(2026, 6, 10), cell=world.finance_office)  # owes 07–09
    _pay(world.dao, 7, on=datetime.date(2026, 7, 10), cell=world.finance_office)  # owes 08–09
    services.refresh_warnings(TODAY)
    warning = EarlyWarning.objects.get(kind=Kind.MEMBER_DUES)
    assert (warning.member, warning.year, warning.weight) == (world.an, 2026, 3)
    rows = warning.evidence_rows()
    assert [row["on"] for row in rows] == [datetime.date(2026, m, 1) for m in (7, 8, 9)]
    assert rows[0]["url"] == reverse("dues:member", args=[world.an.pk])
    # Paying them off resolves it.
    _pay(world.an, 3, on=datetime.date(2026, 10, 15), cell=world.finance_office)
    services.refresh_warnings(TODAY)
    warning.refresh_from_db()
    assert warning.state == State.RESOLVED


def test_a_cell_with_members_in_arrears_or_no_remittance_is_at_risk(world):
    _salaried_from(world.an, datetime.date(2026, 1, 1))
    _pay(world.an, 5, on=datetime.date(2026, 6, 10), cell=world.finance_office)  # owes 06–09
    services.refresh_warnings(TODAY)
    warning = EarlyWarning.objects.get(kind=Kind.DUES_UNPAID)
    assert warning.organization == world.finance_office
    kinds = [entry["kind"] for entry in warning.evidence]
    assert kinds == ["arrears", "remittance_missing"]
    assert warning.evidence[0]["members"] == 1 and warning.evidence[0]["months"] == 4
    assert warning.evidence[1]["on"] == "2026-06-01"
    assert all(
        row["url"] == reverse("dues:book", args=[world.finance_office.pk])
        for row in warning.evidence_rows()
    )
    # The June collection remitted: only the arrears remain, on the same warning.
    record_remittance(
        world.finance_office,
        month=datetime.date(2026, 6, 1),
        amount=400_000,
        remitted_on=datetime.date(2026, 6, 20),
        by=None,
    )
    services.refresh_warnings(TODAY)
    warning.refresh_from_db()
    assert [entry["kind"] for entry in warning.evidence] == ["arrears"]
    assert EarlyWarning.objects.filter(kind=Kind.DUES_UNPAID).count() == 1


def test_a_member_exempt_from_dues_is_never_warned(world):
    set_income_basis(
        world.an,
        category="exempt",
        monthly_income=0,
        effective_from=datetime.date(2026, 1, 1),
        by=None,
    )
    services.refresh_warnings(TODAY)
    assert not EarlyWarning.objects.filter(kind__in=[Kind.MEMBER_DUES, Kind.DUES_UNPAID]).exists()


def test_the_list_makes_the_same_number_of_queries_as_warnings_grow(world, as_user):
    year = timezone.localdate().year - 1
    for day in months(year, 2, 3, 4):
        roll(world.finance_office, day, absent=[world.an])
    services.refresh_warnings(timezone.localdate())
    first = EarlyWarning.objects.open().about_organizations().first()
    services.close_warning(first, decision="other", reason="Đã nhắc nhở", by=world.office)
    client = as_user(world.office)

    def queries(tab):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("early_warnings:list") + f"?tab={tab}").status_code == 200
        return len(captured)

    before = {tab: queries(tab) for tab in ("members", "organizations", "settled")}
    others = [make_member(world.finance_office, f"Hoàng Văn Thêm {n}") for n in range(4)]
    for day in months(year, 5, 6, 7):
        roll(world.finance_office, day, absent=others)
    services.refresh_warnings(timezone.localdate())
    for warning in EarlyWarning.objects.open().about_organizations()[:3]:
        services.close_warning(warning, decision="other", reason="Đã nhắc nhở", by=world.office)
    assert EarlyWarning.objects.open().about_members().count() == 5
    assert {tab: queries(tab) for tab in before} == before
