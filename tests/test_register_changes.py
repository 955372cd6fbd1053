"""What a transfer or the end of a membership does to the rest of the register: the posts a
member held in the organizations left are closed on that date."""

import datetime

import pytest
from django.urls import reverse

from members import services
from members.models import LeadershipPosition

pytestmark = pytest.mark.django_db
Post = LeadershipPosition.Post
DAY = datetime.date(2026, 6, 1)


def hold(member, organization, post, since=datetime.date(2020, 1, 1)):
    return LeadershipPosition.objects.create(
        member=member, organization=organization, post=post, started_on=since
    )


def open_posts(member):
    return set(
        LeadershipPosition.objects.filter(member=member, ended_on__isnull=True).values_list(
            "organization__name", "post"
        )
    )


def test_a_transfer_closes_the_posts_in_the_cell_left_on_its_date(world, as_user):
    secretary = hold(world.an, world.finance_office, Post.SECRETARY)
    committee = hold(world.an, world.finance, Post.COMMITTEE)
    services.transfer_member(world.an, to=world.health_office, on=DAY, by=world.office)
    secretary.refresh_from_db()
    committee.refresh_from_db()
    assert secretary.ended_on == DAY and committee.ended_on == DAY
    assert open_posts(world.an) == set()
    # The old cell's page no longer names the member as its secretary.
    old_cell = reverse("organizations:detail", args=[world.finance_office.pk])
    page = as_user(world.office).get(old_cell)
    assert not [p for p in page.context["positions"] if p.member_id == world.an.pk]
    # The closing is a change in the post's history, made by who recorded the transfer.
    assert secretary.history.latest().history_user == world.office


def test_a_move_between_two_cells_of_a_committee_keeps_its_committee_post(world):
    hold(world.an, world.finance_office, Post.SECRETARY)
    hold(world.an, world.finance, Post.DEPUTY)
    services.transfer_member(world.an, to=world.finance_budget, on=DAY)
    assert open_posts(world.an) == {("Đảng bộ Sở Tài chính", Post.DEPUTY)}


@pytest.mark.parametrize("status", ["deceased", "struck_off", "expelled", "left"])
def test_an_ended_membership_closes_every_post(world, status):
    hold(world.an, world.finance_office, Post.SECRETARY)
    hold(world.an, world.finance, Post.COMMITTEE)
    services.change_status(world.an, to=status, on=DAY)
    assert open_posts(world.an) == set()
    assert set(world.an.positions.values_list("ended_on", flat=True)) == {DAY}


def test_an_exemption_keeps_the_posts(world):
    hold(world.an, world.finance_office, Post.SECRETARY)
    services.change_status(world.an, to="exempt", on=DAY)
    assert open_posts(world.an) == {("Chi bộ Văn phòng Sở Tài chính", Post.SECRETARY)}


def test_a_transfer_out_of_the_bloc_closes_every_post(world):
    hold(world.an, world.finance_office, Post.SECRETARY)
    services.transfer_out(world.an, destination="Đảng bộ tỉnh Khánh Hòa", on=DAY)
    assert open_posts(world.an) == set()


def test_the_merge_preview_counts_the_members_who_move_with_their_cells(world, as_user):
    from tests.conftest import make_member

    make_member(world.health_office, "Đỗ Văn Hùng")
    url = reverse("organizations:restructure", args=[world.health.pk])
    data = {"action": "merge", "on": "01/03/2026", "into": world.finance.pk}
    response = as_user(world.office).post(url, data)
    plan = response.context["plan"]
    assert (plan.members_moving, len(plan.member_moves), plan.members_with_cells) == (2, 0, 2)
    html = response.content.decode()
    assert "Số đảng viên được chuyển: 2 (0 chuyển riêng từng người, 2 chuyển theo chi bộ)." in html
    assert "Chi bộ Văn phòng Sở Y tế → Đảng bộ Sở Tài chính" in html and "(2 đảng viên)" in html
    assert "0 đảng viên" not in html.replace("(0 chuyển", "")


def test_a_cells_merge_preview_counts_its_members_one_by_one(world, as_user):
    url = reverse("organizations:restructure", args=[world.finance_office.pk])
    data = {"action": "merge", "on": "01/03/2026", "into": world.finance_budget.pk}
    html = as_user(world.office).post(url, data).content.decode()
    assert "Số đảng viên được chuyển: 2 (2 chuyển riêng từng người, 0 chuyển theo chi bộ)." in html


def test_the_restructure_form_names_the_action_of_each_field_for_its_script(world, as_user):
    html = (
        as_user(world.office)
        .get(reverse("organizations:restructure", args=[world.health.pk]))
        .content.decode()
    )
    for name, action in (("into", "merge"), ("new_names", "split"), ("members_to", "dissolve")):
        assert f'data-restructure-action="{action}"' in html
        assert f'id="id_{name}"' in html
    assert "js/restructure.js" in html
    assert " onchange=" not in html.split("<main", 1)[-1]  # no inline handlers (CSP)
