"""The members' year: admission steps under the rule in force, ratings on the year's scale with
its rules, targets against the register, and near-copied commitments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import admissions, commitments, ratings, targets
from members.models import (
    AdmissionRule,
    Candidate,
    Commitment,
    Directive,
    Rating,
    RatingScale,
    Status,
    Target,
    TargetGroup,
)
from tests.conftest import make_member, national_id_for

pytestmark = pytest.mark.django_db


def candidate(world, *, born=datetime.date(1998, 3, 3), youth=True, cell=None, **fields):
    return Candidate.objects.create(
        full_name=fields.pop("full_name", "Lương Thị Mai"),
        gender="female",
        date_of_birth=born,
        national_id=national_id_for("female", born),
        organization=cell or world.finance_office,
        youth_union_member=youth,
        **fields,
    )


def walk(c, by, steps, start):
    day = start
    for code, gap in steps:
        day += datetime.timedelta(days=gap)
        admissions.record_step(c, step_code=code, done_on=day, by=by)
    return day


FULL_PATH = [
    ("course", 0),
    ("helper", 5),
    ("application", 95),
    ("verification", 30),
    ("cell_resolution", 10),
    ("committee_resolution", 10),
    ("decision", 10),
]


# Admissions ---------------------------------------------------------------------------------


def test_the_rule_in_force_when_the_candidate_started_applies(world):
    early = candidate(world)
    walk(early, world.office, FULL_PATH[:1], datetime.date(2024, 3, 1))
    late = candidate(world, full_name="Lương Văn Tâm", born=datetime.date(1999, 1, 1))
    walk(late, world.office, FULL_PATH[:1], datetime.date(2025, 7, 1))
    assert early.rule().name.startswith("Hướng dẫn 01-HD/TW")
    assert late.rule().name.startswith("Hướng dẫn 06-HD/TW")
    assert AdmissionRule.in_force(datetime.date(2025, 6, 8)).name.startswith("Hướng dẫn 01")


def test_steps_come_in_order_and_respect_intervals(world):
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:2], datetime.date(2025, 8, 1))
    with pytest.raises(ValidationError) as error:
        admissions.record_step(
            c, step_code="decision", done_on=datetime.date(2025, 12, 1), by=world.office
        )
    assert "hồ sơ" in " ".join(error.value.messages).lower() or error.value.messages
    with pytest.raises(ValidationError):  # the application comes 90 days after the helper
        admissions.record_step(
            c, step_code="application", done_on=datetime.date(2025, 9, 1), by=world.office
        )


def test_an_applicant_outside_the_age_rule_is_refused_at_the_cell(world):
    c = candidate(world, born=datetime.date(1963, 1, 1), youth=True)
    with pytest.raises(ValidationError) as error:
        walk(c, world.office, FULL_PATH[:5], datetime.date(2025, 7, 1))
    assert "60" in " ".join(error.value.messages)


def test_an_application_needs_two_introducers_unless_a_youth_member(world):
    c = candidate(world, youth=False)
    walk(c, world.office, FULL_PATH[:2], datetime.date(2025, 7, 1))
    with pytest.raises(ValidationError):
        admissions.record_step(
            c, step_code="application", done_on=datetime.date(2025, 10, 20), by=world.office
        )
    c.introducers.set([world.an, world.dao])
    admissions.record_step(
        c, step_code="application", done_on=datetime.date(2025, 10, 20), by=world.office
    )


def test_the_board_warns_of_an_expiring_certificate_and_an_overdue_step(world):
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:3], datetime.date(2021, 10, 1))
    found = [w.message for w in admissions.warnings_for(c, today=datetime.date(2026, 9, 1))]
    assert any("01/10/2026" in message for message in found)  # certificate: five years
    assert any("quá hạn" in message or "overdue" in message for message in found)


def test_admission_creates_a_probationary_member_due_in_twelve_months(world):
    c = candidate(world)
    decided = walk(c, world.office, FULL_PATH, datetime.date(2025, 7, 1))
    member = admissions.admit_candidate(c, by=world.office)
    assert member.status == Status.PROBATIONARY and member.admitted_on == decided
    assert member.youth_union_member and member.organization == world.finance_office
    assert member.recognition_due_on == decided.replace(year=decided.year + 1)
    assert member.status_changes.get().status == Status.PROBATIONARY
    c.refresh_from_db()
    assert c.state == Candidate.State.ADMITTED


def test_the_admissions_pages_by_role(world, client):
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:1], datetime.date(2025, 8, 1))
    pages = {
        reverse("year:admissions"): dict(
            office=200, leader=200, finance_staff=200, finance_office_secretary=200, outsider=404
        ),
        reverse("year:candidate", args=[c.pk]): dict(
            office=200,
            finance_staff=200,
            finance_office_secretary=200,
            inspectorate_secretary=404,
            outsider=404,
        ),
        reverse("year:candidate_create"): dict(
            office=200, leader=403, finance_staff=200, finance_office_secretary=200, outsider=403
        ),
    }
    for url, expected in pages.items():
        for role, status in expected.items():
            client.force_login(getattr(world, role))
            assert client.get(url).status_code == status, (url, role)
    step = reverse("year:candidate_step", args=[c.pk])
    for role, status in [("leader", 403), ("outsider", 404), ("inspectorate_secretary", 404)]:
        client.force_login(getattr(world, role))
        assert client.post(step, {"done_on": "01/09/2025"}).status_code == status, role
    client.force_login(world.finance_office_secretary)
    admit = reverse("year:candidate_admit", args=[c.pk])
    assert client.post(admit).status_code == 403  # the committee or the bloc decides


# Ratings --------------------------------------------------------------------------------------


def test_each_year_has_its_own_scale():
    assert RatingScale.for_year(2017, "organization").levels.first().label == (
        "Trong sạch, vững mạnh"
    )
    assert RatingScale.for_year(2020, "member").uses_points is False
    scale = RatingScale.for_year(2025, "member")
    assert scale.uses_points and scale.level_for_points(75).label == "Hoàn thành tốt nhiệm vụ"
    assert scale.level_for_points(90).code == "xuat-sac"


def _grid(world, year, codes):
    scale = RatingScale.for_year(year, "member")
    levels = {level.code: level for level in scale.levels.all()}
    members = [world.an, world.dao]
    return scale, [
        ratings.Entry(member=m, level=levels[code]) for m, code in zip(members, codes, strict=True)
    ]


def test_too_many_excellent_ratings_are_refused_with_the_rule_message(world):
    scale, entries = _grid(world, 2024, ["xuat-sac", "tot"])
    with pytest.raises(ValidationError) as error:
        ratings.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)
    message = " ".join(error.value.messages)
    assert "không được vượt quá 20%" in message and "1" in message
    assert not Rating.objects.exists()


def test_a_disciplined_member_cannot_be_rated_above_the_cap(world):
    from inspections.models import DisciplineDecision

    DisciplineDecision.objects.create(
        number="12-QĐ/ĐUK",
        decided_on=datetime.date(2024, 5, 2),
        issuing_body="Đảng ủy Khối",
        form="reprimand",
        member=world.an,
        subject="official_member",
        reason="Vi phạm quy chế",
    )
    scale, entries = _grid(world, 2024, ["tot", "hoan-thanh"])
    with pytest.raises(ValidationError) as error:
        ratings.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)
    assert "Nguyễn Văn An" in " ".join(error.value.messages)
    scale, entries = _grid(world, 2024, ["hoan-thanh", "tot"])
    assert len(ratings.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)) == 2


def test_approved_ratings_are_locked(world):
    scale, entries = _grid(world, 2024, ["tot", "hoan-thanh"])
    ratings.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)
    assert ratings.approve_ratings(Rating.objects.all(), by=world.finance_staff) == 2
    with pytest.raises(ValidationError):
        ratings.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)


def test_the_grid_page_rates_approves_and_locks(world, client):
    url = reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2024"
    scale = RatingScale.for_year(2024, "member")
    good = scale.levels.get(code="tot").pk
    client.force_login(world.finance_office_secretary)
    response = client.post(
        url, {"year": 2024, f"level_{world.an.pk}": good, f"not_rated_{world.dao.pk}": "leave"}
    )
    assert response.status_code == 302
    assert Rating.objects.get(member=world.dao).not_rated == "leave"
    assert client.post(url, {"year": 2024, "approve": "1"}).status_code == 403
    client.force_login(world.finance_staff)
    client.post(url, {"year": 2024, "approve": "1"})
    assert set(Rating.objects.values_list("state", flat=True)) == {"approved"}
    client.force_login(world.leader)
    assert client.get(url).status_code == 200
    assert client.post(url, {"year": 2024, "save": "1"}).status_code == 403
    client.force_login(world.inspectorate_secretary)
    assert client.get(url).status_code == 404


# Targets ---------------------------------------------------------------------------------------


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


# Commitments -----------------------------------------------------------------------------------

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
    pairs = commitments.near_copies(Commitment.objects.select_related("member__organization"))
    names = {frozenset((p.first.member.full_name, p.second.member.full_name)) for p in pairs}
    assert names == {
        frozenset({"Nguyễn Văn An", "Trần Thị Đào"}),
        frozenset({"Nguyễn Văn An", "Lê Văn Bình"}),
        frozenset({"Trần Thị Đào", "Lê Văn Bình"}),
    }
    assert commitments.similarity(PLAN, PLAN) == 1.0


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


def test_the_bloc_rates_grassroots_organizations_and_committees_their_cells(world, client):
    bloc_grid = reverse("year:organization_ratings", args=[world.bloc.pk]) + "?year=2024"
    committee_grid = reverse("year:organization_ratings", args=[world.finance.pk]) + "?year=2024"
    scale = RatingScale.for_year(2024, "organization")
    good = scale.levels.get(code="tot").pk
    client.force_login(world.finance_staff)
    assert (
        client.post(
            committee_grid,
            {
                "year": 2024,
                f"level_{world.finance_office.pk}": good,
                f"level_{world.finance_budget.pk}": good,
            },
        ).status_code
        == 302
    )
    assert client.get(bloc_grid).status_code == 404  # the bloc's grid is outside its scope
    client.force_login(world.leader)
    assert client.post(bloc_grid, {"year": 2024}).status_code == 403
    client.force_login(world.office)
    response = client.post(
        bloc_grid,
        {
            "year": 2024,
            f"level_{world.finance.pk}": good,
            f"level_{world.health.pk}": good,
            f"level_{world.inspectorate.pk}": good,
        },
    )
    assert response.status_code == 302
    assert Rating.objects.filter(year=2024, organization__isnull=False).count() == 5
    client.post(bloc_grid, {"year": 2024, "approve": "1"})
    assert Rating.objects.get(organization=world.finance).state == "approved"


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_rating_grid_and_admissions_board_queries_stay_fixed(world, client):
    client.force_login(world.office)
    grid = reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2025"
    board = reverse("year:admissions")
    first = candidate(world)  # with none at all, Django skips the prefetch query
    walk(first, world.office, FULL_PATH[:1], datetime.date(2025, 8, 1))
    before = (_count_queries(client, grid), _count_queries(client, board))
    for index in range(5):
        make_member(
            world.finance_office,
            f"Phan Văn Thêm {index}",
            admitted=datetime.date(2015, 1, 1),
            official=datetime.date(2016, 1, 1),
        )
    assert _count_queries(client, grid) == before[0]
    for index in range(3):
        c = candidate(world, full_name=f"Ứng Viên {index}", born=datetime.date(1995 + index, 1, 1))
        walk(c, world.office, FULL_PATH[:2], datetime.date(2025, 8, 1))
    # Each candidate's next step and warnings come from rows read once for the whole board.
    assert _count_queries(client, board) == before[1]


def test_rating_and_admission_lists_export_to_excel(world, client):
    import io

    import openpyxl

    scale, entries = _grid(world, 2024, ["tot", "hoan-thanh"])
    ratings.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:2], datetime.date(2025, 8, 1))
    client.force_login(world.finance_staff)
    url = reverse("year:member_ratings_export", args=[world.finance_office.pk]) + "?year=2024"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên" and len(rows[0]) == 6
    assert [row[0] for row in rows[1:]] == ["Nguyễn Văn An", "Trần Thị Đào"]
    assert rows[1][1] == "Hoàn thành tốt nhiệm vụ"
    board = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("year:admissions_export")).content)
    ).active
    assert [row[0] for row in board.iter_rows(min_row=2, values_only=True)] == ["Lương Thị Mai"]
    client.force_login(world.inspectorate_secretary)
    assert client.get(url).status_code == 404


def test_a_candidate_walks_from_the_course_to_admission_through_the_pages(world, client):
    """Issue 5's journey: every step recorded through its form, then the admission."""
    client.force_login(world.finance_office_secretary)
    response = client.post(
        reverse("year:candidate_create"),
        {
            "full_name": "Lương Thị Mai",
            "gender": "female",
            "date_of_birth": "03/03/1998",
            "national_id": national_id_for("female", datetime.date(1998, 3, 3)),
            "organization": world.finance_office.pk,
            "job": "Chuyên viên",
            "course_on": "01/02/2025",
        },
    )
    c = Candidate.objects.get()
    assert response.status_code == 302 and c.youth_union_member is False
    step_url = reverse("year:candidate_step", args=[c.pk])
    client.post(step_url, {"done_on": "10/02/2025", "helper_member": world.an.pk})
    client.post(
        step_url,
        {
            "done_on": "20/05/2025",
            "introducers": [world.an.pk, world.dao.pk],
            "document_number": "1-KNĐ",
        },
    )
    for day in ("10/06/2025", "20/06/2025"):  # verification, cell resolution
        assert client.post(step_url, {"done_on": day}).status_code == 302
    assert len(c.steps_done.all()) == 5
    # The committee resolution and the decision belong to the level above.
    assert client.post(step_url, {"done_on": "30/06/2025"}).status_code == 403
    client.force_login(world.finance_staff)
    client.post(step_url, {"done_on": "30/06/2025"})
    client.post(step_url, {"done_on": "10/07/2025", "document_number": "25-QĐ/ĐU"})
    response = client.post(reverse("year:candidate_admit", args=[c.pk]))
    member = c.organization.members.get(full_name="Lương Thị Mai")
    assert response["Location"] == reverse("members:detail", args=[member.pk])
    assert member.status == Status.PROBATIONARY
    assert member.recognition_due_on == datetime.date(2026, 7, 10)
    page = client.get(reverse("organizations:detail", args=[world.finance_office.pk]))
    assert "Lương Thị Mai" in page.content.decode()


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


def test_the_board_names_each_candidates_next_step(world, client):
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:1], datetime.date(2025, 8, 1))
    client.force_login(world.office)
    page = client.get(reverse("year:admissions")).content.decode()
    assert "Bước tiếp theo: Đảng viên được phân công giúp đỡ" in page
