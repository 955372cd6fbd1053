"""Ratings on the year's scale with its rules, the two grids (a cell's members, the
organizations under a committee or the bloc), approval that locks them, and the exports."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import DisciplineDecision
from members.year import services
from members.year.models import Rating, RatingScale
from tests.conftest import make_member
from tests.year.candidates import FULL_PATH, candidate, walk

pytestmark = pytest.mark.django_db


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
        services.Entry(member=m, level=levels[code]) for m, code in zip(members, codes, strict=True)
    ]


def test_too_many_excellent_ratings_are_refused_with_the_rule_message(world):
    scale, entries = _grid(world, 2024, ["xuat-sac", "tot"])
    with pytest.raises(ValidationError) as error:
        services.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)
    message = " ".join(error.value.messages)
    assert "không được vượt quá 20%" in message and "1" in message
    assert not Rating.objects.exists()


def test_a_disciplined_member_cannot_be_rated_above_the_cap(world):
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
        services.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)
    assert "Nguyễn Văn An" in " ".join(error.value.messages)
    scale, entries = _grid(world, 2024, ["hoan-thanh", "tot"])
    assert len(services.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)) == 2


def test_approved_ratings_are_locked(world):
    scale, entries = _grid(world, 2024, ["tot", "hoan-thanh"])
    sheet = services.sheet_of(world.finance_office, year=2024, subject="member")
    services.save_ratings(year=2024, scale=scale, entries=entries, by=world.office, sheet=sheet)
    members = [world.an, world.dao]
    services.submit_ratings(sheet, subjects=members, by=world.finance_office_secretary)
    assert services.approve_ratings(sheet, subjects=members, by=world.finance_staff) == 2
    with pytest.raises(ValidationError):
        services.save_ratings(year=2024, scale=scale, entries=entries, by=world.office, sheet=sheet)
    with pytest.raises(ValidationError):  # an approved rating is locked, whatever the sheet
        services.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)


def grid_data(client, url, rows, **extra):
    """What the grid's form posts: every row as the page shows it, with `rows` (by the pk of the
    member or organization) filled in."""
    grid = client.get(url).context["grid"]
    data = {"year": 2024, f"{grid.prefix}-subjects": grid.subject_list, **extra}
    data.update(
        {f"{grid.prefix}-{name}": value for name, value in grid.management_form.initial.items()}
    )
    for form in grid:
        row = {**form.initial, **rows.get(form.subject.pk, {})}
        data.update({form.add_prefix(name): value for name, value in row.items() if value})
    return data


def test_the_grid_page_rates_approves_and_locks(world, client):
    url = reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2024"
    scale = RatingScale.for_year(2024, "member")
    good = scale.levels.get(code="tot").pk
    client.force_login(world.finance_office_secretary)
    response = client.post(
        url,
        grid_data(
            client, url, {world.an.pk: {"level": good}, world.dao.pk: {"not_rated": "leave"}}
        ),
    )
    assert response.status_code == 302
    assert Rating.objects.get(member=world.dao).not_rated == "leave"
    assert client.post(url, {"year": 2024, "approve": "1"}).status_code == 403
    assert client.post(url, {"year": 2024, "submit": "1"}).status_code == 302
    client.force_login(world.finance_staff)
    client.post(url, {"year": 2024, "approve": "1"})
    assert set(Rating.objects.values_list("state", flat=True)) == {"approved"}
    client.force_login(world.leader)
    assert client.get(url).status_code == 200
    assert client.post(url, {"year": 2024, "save": "1"}).status_code == 403
    client.force_login(world.inspectorate_secretary)
    assert client.get(url).status_code == 404


def test_the_bloc_rates_grassroots_organizations_and_committees_their_cells(world, client):
    bloc_grid = reverse("year:organization_ratings", args=[world.bloc.pk]) + "?year=2024"
    committee_grid = reverse("year:organization_ratings", args=[world.finance.pk]) + "?year=2024"
    scale = RatingScale.for_year(2024, "organization")
    good = scale.levels.get(code="tot").pk
    client.force_login(world.finance_staff)
    assert (
        client.post(
            committee_grid,
            grid_data(
                client,
                committee_grid,
                {
                    world.finance_office.pk: {"level": good},
                    world.finance_budget.pk: {"level": good},
                },
            ),
        ).status_code
        == 302
    )
    assert client.get(bloc_grid).status_code == 404  # the bloc's grid is outside its scope
    client.force_login(world.leader)
    assert client.post(bloc_grid, {"year": 2024}).status_code == 403
    client.force_login(world.office)
    response = client.post(
        bloc_grid,
        grid_data(
            client,
            bloc_grid,
            {
                world.finance.pk: {"level": good},
                world.health.pk: {"level": good},
                world.inspectorate.pk: {"level": good},
            },
        ),
    )
    assert response.status_code == 302
    assert Rating.objects.filter(year=2024, organization__isnull=False).count() == 5
    client.post(bloc_grid, {"year": 2024, "submit": "1"})
    client.post(bloc_grid, {"year": 2024, "approve": "1"})
    assert Rating.objects.get(organization=world.finance).state == "approved"


def _count_queries(client, url):
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
    scale, entries = _grid(world, 2024, ["tot", "hoan-thanh"])
    services.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)
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


def test_each_grid_error_shows_on_its_row_and_nothing_is_saved(world, client):
    url = reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2025"
    client.force_login(world.finance_office_secretary)
    data = grid_data(
        client,
        url,
        {world.an.pk: {"points": 150}, world.dao.pk: {"points": 80, "not_rated": "leave"}},
        year=2025,
    )
    response = client.post(url, data)
    assert response.status_code == 200
    an_row, dao_row = response.context["grid"].forms
    assert an_row.errors["points"] and not an_row.non_field_errors()
    assert "không phải cả hai" in " ".join(dao_row.non_field_errors())
    assert 'value="150"' in response.content.decode()  # what was typed stays on the page
    assert not Rating.objects.exists()


def test_a_self_assessment_is_never_dropped_silently(world, client):
    url = reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2024"
    good = RatingScale.for_year(2024, "member").levels.get(code="tot").pk
    client.force_login(world.finance_office_secretary)
    alone = {world.an.pk: {"level": good}, world.dao.pk: {"self_assessment": "Hoàn thành tốt"}}
    response = client.post(url, grid_data(client, url, alone))
    assert response.context["grid"].forms[1].non_field_errors()
    too_long = {world.an.pk: {"level": good, "self_assessment": "x" * 2001}}
    response = client.post(url, grid_data(client, url, too_long))
    assert response.context["grid"].forms[0].errors["self_assessment"]
    assert not Rating.objects.exists()


def test_a_saved_rating_cannot_be_emptied_from_the_grid(world, client):
    scale, entries = _grid(world, 2024, ["tot", "hoan-thanh"])
    services.save_ratings(year=2024, scale=scale, entries=entries, by=world.office)
    url = reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2024"
    client.force_login(world.finance_office_secretary)
    data = grid_data(client, url, {})
    del data["rating-0-level"]
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["grid"].forms[0].non_field_errors()
    assert Rating.objects.get(member=world.an).level.code == "tot"


def test_the_year_rules_still_show_above_the_grid(world, client):
    url = reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2024"
    best = RatingScale.for_year(2024, "member").levels.get(code="xuat-sac").pk
    client.force_login(world.finance_office_secretary)
    rows = {world.an.pk: {"level": best}, world.dao.pk: {"level": best}}
    response = client.post(url, grid_data(client, url, rows))
    assert response.status_code == 200
    assert any("không được vượt quá 20%" in problem for problem in response.context["problems"])
    assert "không được vượt quá 20%" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_grid_posted_after_its_list_changed_is_refused(world, client):
    url = reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2024"
    good = RatingScale.for_year(2024, "member").levels.get(code="tot").pk
    client.force_login(world.finance_office_secretary)
    data = grid_data(client, url, {world.an.pk: {"level": good}, world.dao.pk: {"level": good}})
    make_member(
        world.finance_office,
        "Đặng Văn Ất",
        admitted=datetime.date(2015, 1, 1),
        official=datetime.date(2016, 1, 1),
    )
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["grid"].non_form_errors()
    assert not Rating.objects.exists()


def test_the_organizations_grid_shows_a_bad_level_on_its_row(world, client):
    url = reverse("year:organization_ratings", args=[world.finance.pk]) + "?year=2024"
    client.force_login(world.finance_staff)
    response = client.post(
        url, grid_data(client, url, {world.finance_budget.pk: {"level": "999999"}})
    )
    rows = {form.subject: form for form in response.context["grid"]}
    assert rows[world.finance_budget].errors["level"] and not rows[world.finance_office].errors
    assert not Rating.objects.exists()
