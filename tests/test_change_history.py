"""The history of changes (issue 11, item 10): every change to a member, an organization, a
leadership post, a complaint or a discipline decision is kept with who made it, when, and the
values before and after; bulk writes (imports, restructuring, the demo) too; a member's page
shows its own, in words, to those who keep or oversee the member."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from inspections.models import Complaint, DisciplineForm
from inspections.services import receive_letter, record_discipline
from members.models import LeadershipPosition, Member, Status
from members.services import change_status, register_members_bulk, transfer_member
from organizations.services import carry_out, move_organization, plan_merge
from partybloc.audit.history import BASELINE_REASON, history_of
from tests.conftest import national_id_for

pytestmark = pytest.mark.django_db


def form_data(member: Member, **changes) -> dict:
    """The member form as its page sends it, with some fields changed."""
    data = {
        "full_name": member.full_name,
        "gender": member.gender,
        "date_of_birth": member.date_of_birth.strftime("%d/%m/%Y"),
        "ethnicity": member.ethnicity,
        "religion": member.religion,
        "hometown": member.hometown,
        "national_id": member.national_id,
        "party_card_number": member.party_card_number or "",
        "admitted_on": member.admitted_on.strftime("%d/%m/%Y"),
        "official_on": member.official_on.strftime("%d/%m/%Y") if member.official_on else "",
        "organization": member.organization_id,
        "job": member.job,
        "position": member.position,
        "education": member.education,
        "theory_level": member.theory_level,
        "residence": member.residence,
        "residential_cell": member.residential_cell,
    }
    data.update(changes)
    return data


def test_who_changed_a_national_id_is_kept_with_the_value_before_and_after(world, as_user):
    old_id = world.an.national_id
    new_id = national_id_for(world.an.gender, world.an.date_of_birth)
    client = as_user(world.finance_staff)
    response = client.post(
        reverse("members:edit", args=[world.an.pk]), form_data(world.an, national_id=new_id)
    )
    assert response.status_code == 302

    latest = world.an.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", world.finance_staff)
    assert latest.prev_record.national_id == old_id and latest.national_id == new_id
    with translation.override("vi"):
        [entry, created] = history_of(world.an)
    assert entry.by == world.finance_staff
    assert [(c.label, c.before, c.after) for c in entry.changes] == [("Số CCCD", old_id, new_id)]
    assert created.kind == "created"


def test_the_member_page_shows_its_changes_in_words_to_keepers_and_leaders(world, as_user):
    change_status(
        world.an,
        to=Status.EXEMPT,
        on=datetime.date(2026, 1, 5),
        reason="Tuổi cao, sức yếu",
        by=world.office,
    )
    for user in (world.office, world.leader, world.finance_staff):
        page = as_user(user).get(reverse("members:detail", args=[world.an.pk]))
        html = page.content.decode()
        assert "Thay đổi hồ sơ" in html, user
        assert 'Trạng thái: <span class="text-muted">chính thức</span> → miễn sinh hoạt' in html
        assert "Tuổi cao, sức yếu" in html  # the reason the service was given
    secretary = as_user(world.finance_office_secretary)
    page = secretary.get(reverse("members:detail", args=[world.an.pk]))
    assert page.status_code == 200 and page.context["changes"] is None
    assert "Thay đổi hồ sơ" not in page.content.decode()


def test_services_name_who_acted_even_without_a_request(world):
    transfer_member(
        world.an, to=world.finance_budget, on=datetime.date(2026, 2, 1), by=world.office
    )
    moved = world.an.history.latest()
    assert moved.history_user == world.office
    assert moved.organization_id == world.finance_budget.pk
    assert moved.prev_record.organization_id == world.finance_office.pk
    [entry, *_] = history_of(world.an)
    assert ("Chi bộ Văn phòng Sở Tài chính", "Chi bộ Phòng Ngân sách") in {
        (c.before, c.after) for c in entry.changes
    }


def test_an_import_writes_the_first_copy_of_every_member_it_registers(world):
    members = [
        Member(
            full_name=f"Đặng Văn Nhập {index}",
            gender="male",
            date_of_birth=datetime.date(1980, 2, 1),
            national_id=national_id_for("male", datetime.date(1980, 2, 1)),
            admitted_on=datetime.date(2010, 3, 1),
            organization=world.inspectorate,
        )
        for index in range(3)
    ]
    register_members_bulk(members, by=world.office, reason="Nhập từ tệp Excel")
    records = Member.history.filter(id__in=[member.pk for member in members])
    assert records.count() == 3
    assert {(r.history_type, r.history_user_id, r.history_change_reason) for r in records} == {
        ("+", world.office.pk, "Nhập từ tệp Excel")
    }


def test_a_restructuring_records_each_member_moved_each_post_ended_and_the_end(world):
    LeadershipPosition.objects.create(
        organization=world.finance_budget,
        member=world.binh,
        post=LeadershipPosition.Post.SECRETARY,
        started_on=datetime.date(2020, 1, 1),
    )
    on = datetime.date(2026, 3, 1)
    carry_out(plan_merge(world.finance_budget, into=world.finance_office, on=on), by=world.office)

    moved = world.binh.history.latest()
    assert (moved.organization_id, moved.history_user) == (world.finance_office.pk, world.office)
    assert "Chi bộ Phòng Ngân sách" in moved.history_change_reason  # the plan, in words
    post = LeadershipPosition.history.latest()
    assert (post.ended_on, post.history_user, post.prev_record.ended_on) == (on, world.office, None)
    ended = world.finance_budget.history.latest()
    assert (ended.ended_on, ended.end_kind, ended.history_user) == (on, "merged", world.office)


def test_moving_an_organization_records_its_new_parent(world, django_user_model):
    move_organization(
        world.finance_budget,
        to=world.health,
        on=datetime.date(2026, 4, 1),
        by=world.office,
        reason="Điều chuyển",
    )
    [entry, *_] = history_of(world.finance_budget)
    assert entry.by == world.office and entry.reason == "Điều chuyển"
    assert [(c.before, c.after) for c in entry.changes] == [
        ("Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế")
    ]


def test_complaints_and_discipline_decisions_keep_their_history(world, as_user):
    [letter] = receive_letter(
        kind=Complaint.Kind.DENUNCIATION,
        by=world.office,
        received_on=datetime.date(2026, 1, 10),
        sender="Công dân",
        about_member=world.an,
        content="Tố cáo vi phạm.",
    )
    assert letter.history.get().history_user == world.office
    as_user(world.office).post(
        reverse("inspections:complaint_detail", args=[letter.pk]),
        {"handled_by": "Ủy ban Kiểm tra", "status": "handling", "result": "", "resolved_on": ""},
    )
    latest = letter.history.latest()
    assert (latest.status, latest.history_user, latest.prev_record.status) == (
        "handling",
        world.office,
        "received",
    )
    decision = record_discipline(
        number="12-QĐ/UBKT",
        decided_on=datetime.date(2026, 2, 1),
        issuing_body="Ủy ban Kiểm tra",
        form=DisciplineForm.REPRIMAND,
        reason="Vi phạm quy chế làm việc.",
        member=world.an,
        by=world.office,
    )
    assert decision.history.get().history_user == world.office


def test_rows_from_before_the_history_get_their_first_copy_from_the_migration(world):
    """The register of a deployed portal predates its history: the migration gives each row a
    copy as it stood, so its first change afterwards still shows what it was before."""
    Member.history.filter(id=world.dao.pk).delete()
    baseline = importlib.import_module("partybloc.audit.migrations.0003_history_baseline")
    baseline.record_baseline(apps, None)
    first = world.dao.history.get()
    assert first.history_change_reason == BASELINE_REASON and first.history_user is None
    assert Member.history.filter(id=world.an.pk).count() == 1  # not copied twice

    change_status(world.dao, to=Status.EXEMPT, on=datetime.date(2026, 1, 5), by=world.office)
    with translation.override("en"):
        [change, began] = history_of(world.dao)
    assert began.kind == "baseline"
    assert ("Status", "official", "exempt from meetings") in {
        (c.label, c.before, c.after) for c in change.changes
    }
