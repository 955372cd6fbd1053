"""Ratings go up the way minutes do: the rater saves drafts and submits them (which locks
them), the level above returns them with a comment (open again) or approves them; a
committee's ratings of its cells go to the bloc likewise. Each step is in the sheet's history,
and each is refused to those without the right (403) and unknown outside the scope (404).
And the grid on a phone names every box."""

import re

import pytest
from django.urls import reverse

from members.year.models import Rating, RatingEvent, RatingScale, RatingSheet
from tests.year.test_ratings import grid_data

pytestmark = pytest.mark.django_db


def _member_grid(world):
    return reverse("year:member_ratings", args=[world.finance_office.pk]) + "?year=2024"


def _level(code, subject="member"):
    return RatingScale.for_year(2024, subject).levels.get(code=code).pk


def _rate_both(client, url, world):
    rows = {world.an.pk: {"level": _level("tot")}, world.dao.pk: {"level": _level("hoan-thanh")}}
    assert client.post(url, grid_data(client, url, rows)).status_code == 302


def _sheet(world, organization=None, subject="member"):
    return RatingSheet.objects.get(
        organization=organization or world.finance_office, year=2024, subject=subject
    )


def _shown(response):
    return " ".join(str(message) for message in response.context["messages"])


def test_a_cell_submits_its_ratings_and_they_are_locked(world, as_user):
    url = _member_grid(world)
    client = as_user(world.finance_office_secretary)
    _rate_both(client, url, world)
    assert client.get(url).context["can_submit"]
    response = client.post(url, {"year": 2024, "submit": "1"}, follow=True)
    assert "Đã nộp kết quả xếp loại lên cấp trên" in _shown(response)
    assert _sheet(world).state == RatingSheet.State.SUBMITTED
    page = client.get(url)
    html = page.content.decode()
    assert "đã được nộp lên cấp trên và bị khóa" in html
    assert not page.context["can_rate"] and not page.context["can_submit"]
    assert 'name="save"' not in html and "disabled" in html
    # A save posted from a page opened before the submission is refused, nothing changes.
    rows = {world.an.pk: {"level": _level("xuat-sac")}, world.dao.pk: {"level": _level("tot")}}
    data = grid_data(client, url, rows)
    data.update({"rating-0-level": _level("hoan-thanh"), "rating-1-level": _level("tot")})
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("bị khóa cho đến khi cấp trên trả lại" in p for p in response.context["problems"])
    assert Rating.objects.get(member=world.an).level.code == "tot"
    again = client.post(url, {"year": 2024, "submit": "1"})
    assert "đã được nộp lên cấp trên" in " ".join(again.context["problems"])


def test_a_grid_is_submitted_only_when_everyone_is_rated(world, as_user):
    url = _member_grid(world)
    client = as_user(world.finance_office_secretary)
    assert client.post(url, grid_data(client, url, {world.an.pk: {"level": _level("tot")}}))
    response = client.post(url, {"year": 2024, "submit": "1"})
    assert response.status_code == 200
    (problem,) = response.context["problems"]
    assert "xếp loại đủ mọi người" in problem and "Trần Thị Đào" in problem
    assert problem in response.content.decode()
    assert _sheet(world).state == RatingSheet.State.DRAFT


def test_the_committee_returns_ratings_with_a_comment_and_the_cell_corrects_them(world, as_user):
    url = _member_grid(world)
    secretary = as_user(world.finance_office_secretary)
    _rate_both(secretary, url, world)
    secretary.post(url, {"year": 2024, "submit": "1"})
    committee = as_user(world.finance_staff)
    page = committee.get(url)
    assert page.context["can_review"] and 'name="return"' in page.content.decode()
    empty = committee.post(url, {"year": 2024, "return": "1", "comment": "   "})
    assert empty.status_code == 200 and empty.context["return_form"].errors["comment"]
    assert "bắt buộc" in empty.content.decode()
    assert _sheet(world).state == RatingSheet.State.SUBMITTED
    comment = "Đồng chí Đào đủ điều kiện xếp loại hoàn thành tốt nhiệm vụ, xem lại."
    response = committee.post(url, {"year": 2024, "return": "1", "comment": comment}, follow=True)
    assert "Đã trả lại kết quả xếp loại để chỉnh sửa" in _shown(response)
    sheet = _sheet(world)
    assert sheet.state == RatingSheet.State.RETURNED and sheet.comment == comment
    secretary = as_user(world.finance_office_secretary)
    page = secretary.get(url)
    html = page.content.decode()
    assert "Cấp trên trả lại để chỉnh sửa:" in html and comment in html
    assert page.context["can_rate"] and page.context["can_submit"]
    rows = {world.an.pk: {"level": _level("tot")}, world.dao.pk: {"level": _level("tot")}}
    assert secretary.post(url, grid_data(secretary, url, rows)).status_code == 302
    assert secretary.post(url, {"year": 2024, "submit": "1"}).status_code == 302
    assert _sheet(world).state == RatingSheet.State.SUBMITTED and not _sheet(world).comment


def test_ratings_are_approved_only_once_submitted(world, as_user):
    url = _member_grid(world)
    secretary = as_user(world.finance_office_secretary)
    _rate_both(secretary, url, world)
    committee = as_user(world.finance_staff)
    early = committee.post(url, {"year": 2024, "approve": "1"})
    assert early.status_code == 200
    assert "Chỉ kết quả xếp loại đã nộp lên" in " ".join(early.context["problems"])
    assert set(Rating.objects.values_list("state", flat=True)) == {"draft"}
    as_user(world.finance_office_secretary).post(url, {"year": 2024, "submit": "1"})
    committee = as_user(world.finance_staff)
    response = committee.post(url, {"year": 2024, "approve": "1"}, follow=True)
    assert "2" in _shown(response)
    assert set(Rating.objects.values_list("state", flat=True)) == {"approved"}
    assert _sheet(world).state == RatingSheet.State.APPROVED
    # A second approval from a page opened before the first is refused, not a server error.
    twice = committee.post(url, {"year": 2024, "approve": "1"})
    assert twice.status_code == 200 and twice.context["problems"]
    late = committee.post(url, {"year": 2024, "return": "1", "comment": "Xem lại"})
    assert late.status_code == 200 and _sheet(world).state == RatingSheet.State.APPROVED


def test_each_step_of_the_ratings_is_in_their_history(world, as_user):
    url = _member_grid(world)
    secretary = as_user(world.finance_office_secretary)
    _rate_both(secretary, url, world)
    secretary.post(url, {"year": 2024, "submit": "1"})
    as_user(world.finance_staff).post(url, {"year": 2024, "return": "1", "comment": "Bổ sung"})
    as_user(world.finance_office_secretary).post(url, {"year": 2024, "submit": "1"})
    as_user(world.finance_staff).post(url, {"year": 2024, "approve": "1"})
    events = list(_sheet(world).events.values_list("action", "by__username", "comment"))
    assert events == [
        ("submitted", world.finance_office_secretary.username, ""),
        ("returned", world.finance_staff.username, "Bổ sung"),
        ("submitted", world.finance_office_secretary.username, ""),
        ("approved", world.finance_staff.username, ""),
    ]
    html = as_user(world.leader).get(url).content.decode()
    assert "Quá trình xử lý kết quả xếp loại" in html and "Bổ sung" in html
    assert html.count("đã nộp") >= 2 and "bị trả lại" in html and "đã phê duyệt" in html


@pytest.mark.parametrize("step", ["submit", "return", "approve"])
def test_each_step_is_refused_without_the_right_and_unknown_outside_the_scope(
    world, as_user, client, step
):
    url = _member_grid(world)
    secretary = as_user(world.finance_office_secretary)
    _rate_both(secretary, url, world)
    if step != "submit":
        secretary.post(url, {"year": 2024, "submit": "1"})
    state = _sheet(world).state
    post = {"year": 2024, step: "1", "comment": "Xem lại"}
    refused = [world.leader]  # reads everything, changes nothing
    if step != "submit":
        refused.append(world.finance_office_secretary)  # the cell does not review itself
    for user in refused:
        assert as_user(user).post(url, post).status_code == 403, user
    assert as_user(world.inspectorate_secretary).post(url, post).status_code == 404
    client.logout()
    assert client.post(url, post).status_code == 302  # to the login page
    assert _sheet(world).state == state
    assert RatingEvent.objects.count() == (0 if step == "submit" else 1)


def test_a_committee_submits_its_cells_ratings_to_the_bloc(world, as_user):
    url = reverse("year:organization_ratings", args=[world.finance.pk]) + "?year=2024"
    good = _level("tot", "organization")
    committee = as_user(world.finance_staff)
    rows = {world.finance_office.pk: {"level": good}, world.finance_budget.pk: {"level": good}}
    assert committee.post(url, grid_data(committee, url, rows)).status_code == 302
    assert committee.post(url, {"year": 2024, "submit": "1"}).status_code == 302
    assert committee.post(url, {"year": 2024, "approve": "1"}).status_code == 403
    assert committee.post(url, {"year": 2024, "return": "1", "comment": "x"}).status_code == 403
    office = as_user(world.office)
    office.post(url, {"year": 2024, "return": "1", "comment": "Chi bộ Ngân sách chưa đạt"})
    sheet = _sheet(world, world.finance, "organization")
    assert sheet.state == RatingSheet.State.RETURNED
    page = as_user(world.finance_staff).get(url)
    assert "Chi bộ Ngân sách chưa đạt" in page.content.decode() and page.context["can_submit"]
    as_user(world.finance_staff).post(url, {"year": 2024, "submit": "1"})
    as_user(world.office).post(url, {"year": 2024, "approve": "1"})
    assert set(
        Rating.objects.filter(organization__parent=world.finance).values_list("state", flat=True)
    ) == {"approved"}
    assert as_user(world.inspectorate_secretary).post(url, {"year": 2024}).status_code == 404


def test_every_box_of_the_grid_is_named_on_a_phone(world, as_user):
    """On a phone the column heads are hidden: each row showed three unnamed boxes."""
    response = as_user(world.finance_office_secretary).get(_member_grid(world))
    html = response.content.decode()
    for row in response.context["grid"]:
        for name, label in (
            ("level", "Mức xếp loại"),
            ("not_rated", "Lý do không xếp loại"),
            ("self_assessment", "Tự đánh giá"),
        ):
            box = row[name]
            assert re.search(
                rf'<label class="label-narrow" for="{box.id_for_label}">{label}</label>', html
            ), (row.name, name)
            assert f'aria-label="{label} — {row.name}"' in html, (row.name, name)


def test_approving_organization_ratings_a_rule_refuses_is_said_not_a_server_error(world, as_user):
    """Issue 10, item 14: approving the organizations' ratings when a rule refuses it (the
    sheet not submitted, or approved already) was a server error."""
    url = reverse("year:organization_ratings", args=[world.finance.pk]) + "?year=2024"
    good = _level("tot", "organization")
    committee = as_user(world.finance_staff)
    rows = {world.finance_office.pk: {"level": good}, world.finance_budget.pk: {"level": good}}
    assert committee.post(url, grid_data(committee, url, rows)).status_code == 302
    office = as_user(world.office)
    early = office.post(url, {"year": 2024, "approve": "1"})
    assert early.status_code == 200
    assert "Chỉ kết quả xếp loại đã nộp lên" in " ".join(early.context["problems"])
    assert set(Rating.objects.values_list("state", flat=True)) == {"draft"}
    as_user(world.finance_staff).post(url, {"year": 2024, "submit": "1"})
    office = as_user(world.office)
    assert office.post(url, {"year": 2024, "approve": "1"}).status_code == 302
    twice = office.post(url, {"year": 2024, "approve": "1"})
    assert twice.status_code == 200 and twice.context["problems"]
