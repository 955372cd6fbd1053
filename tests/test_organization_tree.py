import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import Member, MemberPlacement
from organizations import services
from organizations.models import Organization
from organizations.tree import member_counts_as_of, subtree_member_counts
from tests.conftest import make_member, make_org

pytestmark = pytest.mark.django_db
Kind = Organization.Kind


def test_a_subordinate_cell_sits_only_under_a_grassroots_committee(world):
    cell = Organization(
        name="Chi bộ mới",
        kind=Kind.SUBORDINATE_CELL,
        parent=world.bloc,
        founded_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        cell.full_clean()
    assert "parent" in error.value.error_dict


def test_a_cell_cannot_have_organizations_under_it(world):
    for cell in (world.inspectorate, world.finance_office):
        child = Organization(
            name="Chi bộ con",
            kind=Kind.SUBORDINATE_CELL,
            parent=cell,
            founded_on=datetime.date(2024, 1, 1),
        )
        with pytest.raises(ValidationError):
            child.full_clean()


def test_a_committee_cannot_be_placed_under_its_own_cells(world):
    errors = world.finance.placement_errors(world.finance_office)
    assert "parent" in errors
    errors = world.finance.placement_errors(world.finance)
    assert "parent" in errors


def test_the_database_refuses_a_rootless_committee(world):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Organization.objects.create(
            name="Đảng bộ lạc", kind=Kind.COMMITTEE, founded_on=datetime.date(2024, 1, 1)
        )


def test_paths_make_a_subtree_one_filter(world):
    subtree = set(Organization.objects.subtree_of(world.finance).values_list("name", flat=True))
    assert subtree == {
        "Đảng bộ Sở Tài chính",
        "Chi bộ Văn phòng Sở Tài chính",
        "Chi bộ Phòng Ngân sách",
    }


def test_member_counts_roll_up_the_tree(world):
    counts = subtree_member_counts([world.bloc, world.finance, world.health, world.inspectorate])
    assert counts[world.bloc.pk] == 5
    assert counts[world.finance.pk] == 3
    assert counts[world.health.pk] == 1
    assert counts[world.inspectorate.pk] == 1


def test_flags_a_committee_without_congress_this_term(world):
    world.health.term_start_year, world.health.term_end_year = 2025, 2030
    world.health.congress_held_on = datetime.date(2020, 6, 1)
    assert any("2025–2030" in str(flag) for flag in world.health.flags(datetime.date(2026, 1, 1)))
    assert not any(
        "2025–2030" in str(flag) for flag in world.finance.flags(datetime.date(2026, 1, 1))
    )


def test_flags_a_working_regulation_not_revised_since_the_congress(world):
    world.finance.regulation_adopted_on = datetime.date(2021, 1, 10)
    stale = world.finance.flags(datetime.date(2026, 1, 1))
    world.finance.regulation_revised_on = datetime.date(2025, 7, 1)
    current = world.finance.flags(datetime.date(2026, 1, 1))
    assert len(stale) == len(current) + 1


def test_merging_a_committee_moves_its_cells_and_keeps_member_history(world):
    on = datetime.date(2026, 3, 1)
    plan = services.plan_merge(world.health, into=world.finance, on=on)
    assert [child for child, _ in plan.child_moves] == [world.health_office]
    services.carry_out(plan, decision="25-QĐ/ĐUK")
    world.refresh()

    assert world.health.ended_on == on and world.health.successor == world.finance
    assert world.health_office.parent == world.finance
    assert world.health_office.path.startswith(world.finance.path)
    # The member stays in the same cell, now inside the other committee...
    assert world.duc.organization == world.health_office
    assert Member.objects.in_subtree(world.finance).filter(pk=world.duc.pk).exists()
    # ...and the past still reads as it was.
    before = {org.pk: parent for org, parent, _ in services.tree_as_of(datetime.date(2026, 2, 1))}
    after = {org.pk: parent for org, parent, _ in services.tree_as_of(on)}
    assert before[world.health_office.pk] == world.health.pk
    assert after[world.health_office.pk] == world.finance.pk
    assert world.health.pk in before and world.health.pk not in after


def test_merging_a_cell_moves_its_members_with_dated_placements(world):
    on = datetime.date(2026, 4, 1)
    services.carry_out(services.plan_merge(world.finance_budget, into=world.finance_office, on=on))
    world.refresh()
    assert world.binh.organization == world.finance_office
    assert world.binh.organization_on(datetime.date(2026, 3, 31)) == world.finance_budget
    assert world.binh.organization_on(on) == world.finance_office
    last = world.binh.placements.order_by("-started_on").first()
    assert last.reason == MemberPlacement.Reason.RESTRUCTURE


def test_a_cell_does_not_merge_into_a_committee(world):
    with pytest.raises(ValidationError):
        services.plan_merge(world.inspectorate, into=world.finance, on=datetime.date(2026, 1, 1))


def test_splitting_a_cell_creates_new_cells_and_distributes_members(world):
    on = datetime.date(2026, 5, 1)
    plan = services.plan_split(
        world.finance_office,
        new_names=["Chi bộ Văn phòng 1", "Chi bộ Văn phòng 2"],
        assignment={world.an.pk: 0, world.dao.pk: 1},
        on=on,
    )
    first, second = services.carry_out(plan)
    world.refresh()
    assert world.an.organization == first and world.dao.organization == second
    assert first.parent == world.finance and first.kind == Kind.SUBORDINATE_CELL
    assert world.finance_office.end_kind == Organization.EndKind.SPLIT


def test_a_split_needs_a_destination_for_everyone(world):
    with pytest.raises(ValidationError):
        services.plan_split(
            world.finance_office,
            new_names=["A", "B"],
            assignment={world.an.pk: 0},
            on=datetime.date(2026, 5, 1),
        )


def test_dissolving_a_cell_with_members_needs_a_destination(world):
    on = datetime.date(2026, 5, 1)
    with pytest.raises(ValidationError):
        services.plan_dissolve(world.inspectorate, on=on)
    with pytest.raises(ValidationError):
        services.plan_dissolve(world.finance, on=on)  # still has cells
    services.carry_out(
        services.plan_dissolve(world.inspectorate, on=on, members_to=world.finance_office)
    )
    world.refresh()
    assert world.inspectorate.end_kind == Organization.EndKind.DISSOLVED
    assert world.anh.organization == world.finance_office
    assert Organization.objects.filter(pk=world.inspectorate.pk).exists()  # nothing deleted


def test_member_counts_as_of_a_date_follow_the_tree_of_that_date(world):
    make_member(
        world.health_office,
        "Hồ Thị Lan",
        admitted=datetime.date(2026, 1, 10),
        official=None,
        gender="female",
        born=datetime.date(1996, 2, 2),
    )
    services.carry_out(
        services.plan_merge(world.health, into=world.finance, on=datetime.date(2026, 3, 1))
    )
    day = datetime.date(2025, 12, 31)
    counts = member_counts_as_of(day, services.tree_as_of(day))
    assert counts[world.health.pk] == 1  # Lan was not yet admitted
    assert counts[world.finance.pk] == 3
    later = datetime.date(2026, 3, 2)
    counts = member_counts_as_of(later, services.tree_as_of(later))
    assert counts[world.finance.pk] == 5
    assert world.health.pk not in counts


def test_a_new_organization_gets_its_path_and_parent_history(world):
    cell = make_org(
        "Chi bộ Phòng Giá", Kind.SUBORDINATE_CELL, world.finance, founded=datetime.date(2026, 1, 5)
    )
    assert cell.path == world.finance.path + f"{cell.pk:07d}/"
    assert cell.depth == 2
    assert cell.parent_links.get().valid_from == datetime.date(2026, 1, 5)
