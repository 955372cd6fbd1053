"""Discipline decisions checked against the rule of their date, an expulsion written into the
member's history, and the complaints register (a mixed letter becomes two records)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from inspections import services
from inspections.models import (
    Complaint,
    DisciplineDecision,
    DisciplineForm,
    Subject,
    discipline_rule,
)
from members.models import MemberStatusChange, Status
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def _record(**fields):
    defaults = {
        "number": "12-QĐ/UBKTĐUK",
        "decided_on": datetime.date(2026, 9, 1),
        "issuing_body": "Ủy ban Kiểm tra Đảng ủy Khối",
        "reason": "Vi phạm quy định về những điều đảng viên không được làm",
    }
    return services.record_discipline(**{**defaults, **fields})


@pytest.fixture
def probationary(world):
    return make_member(
        world.finance_office,
        "Đinh Thị Hoa",
        gender="female",
        born=datetime.date(1998, 4, 4),
        admitted=datetime.date(2026, 1, 10),
        official=None,
    )


@pytest.mark.parametrize("form", [DisciplineForm.REMOVAL, DisciplineForm.EXPULSION])
def test_a_probationary_member_is_only_reprimanded_or_warned(world, probationary, form):
    with pytest.raises(ValidationError) as raised:
        _record(member=probationary, form=form)
    assert "form" in raised.value.error_dict
    assert not DisciplineDecision.objects.exists()


def test_a_probationary_member_can_be_warned(world, probationary):
    decision = _record(member=probationary, form=DisciplineForm.WARNING)
    assert decision.subject == Subject.PROBATIONARY_MEMBER


def test_the_rule_is_read_for_the_member_standing_on_the_decision_date(world, probationary):
    # Probationary in March 2026, whatever happens to the record later.
    assert probationary.status_on(datetime.date(2026, 3, 1)) == Status.PROBATIONARY
    with pytest.raises(ValidationError):
        _record(
            member=probationary, form=DisciplineForm.REMOVAL, decided_on=datetime.date(2026, 3, 1)
        )
    # An official member of long standing may be removed from post.
    assert _record(member=world.an, form=DisciplineForm.REMOVAL).subject == Subject.OFFICIAL_MEMBER


def test_the_rules_are_dated_data():
    rule = discipline_rule(Subject.PROBATIONARY_MEMBER, datetime.date(2026, 1, 1))
    assert set(rule.forms) == {DisciplineForm.REPRIMAND, DisciplineForm.WARNING}
    assert discipline_rule(Subject.ORGANIZATION, datetime.date(1990, 1, 1)) is None


def test_an_organization_is_not_removed_from_post_nor_a_member_dissolved(world):
    with pytest.raises(ValidationError):
        _record(organization=world.finance_office, form=DisciplineForm.REMOVAL)
    with pytest.raises(ValidationError):
        _record(member=world.an, form=DisciplineForm.DISSOLUTION)
    with transaction.atomic(), pytest.raises(IntegrityError):
        DisciplineDecision.objects.create(
            number="1-QĐ",
            decided_on=datetime.date(2026, 1, 1),
            issuing_body="x",
            form=DisciplineForm.EXPULSION,
            organization=world.finance_office,
            subject=Subject.ORGANIZATION,
            reason="x",
        )
    assert _record(organization=world.finance_office, form=DisciplineForm.WARNING).pk


def test_an_expulsion_goes_through_the_member_history(world, as_user):
    response = as_user(world.office).post(
        reverse("inspections:discipline_create"),
        {
            "member": world.binh.national_id,
            "form": DisciplineForm.EXPULSION,
            "number": "30-QĐ/UBKTĐUK",
            "decided_on": "01/10/2026",
            "issuing_body": "Ủy ban Kiểm tra Đảng ủy Khối",
            "reason": "Vi phạm pháp luật, bị truy cứu trách nhiệm hình sự",
        },
    )
    assert response.status_code == 302
    world.binh.refresh_from_db()
    assert world.binh.status == Status.EXPELLED
    change = MemberStatusChange.objects.filter(member=world.binh).latest("pk")
    assert change.status == Status.EXPELLED and change.decision_number == "30-QĐ/UBKTĐUK"
    assert change.effective_on == datetime.date(2026, 10, 1)
    assert not world.binh.placements.filter(ended_on__isnull=True).exists()
    page = as_user(world.finance_staff).get(reverse("members:detail", args=[world.binh.pk]))
    html = page.content.decode()
    assert "30-QĐ/UBKTĐUK" in html and "Vi phạm pháp luật" in html


def test_the_discipline_form_cannot_reach_a_member_outside_scope(world, as_user, probationary):
    # Office staff see everyone; the rule shows as a Vietnamese-ready form error, input kept.
    response = as_user(world.office).post(
        reverse("inspections:discipline_create"),
        {
            "member": probationary.national_id,
            "form": DisciplineForm.REMOVAL,
            "number": "31-QĐ/UBKTĐUK",
            "decided_on": "01/10/2026",
            "issuing_body": "Ủy ban Kiểm tra",
            "reason": "x",
        },
    )
    assert response.status_code == 200 and "form" in response.context["form"].errors
    assert 'value="31-QĐ/UBKTĐUK"' in response.content.decode()
    unknown = as_user(world.office).post(
        reverse("inspections:discipline_create"), {"member": "000000000000", "form": "warning"}
    )
    assert "member" in unknown.context["form"].errors


def test_a_member_page_shows_no_one_else_s_discipline(world, as_user):
    _record(member=world.an, form=DisciplineForm.WARNING)
    page = as_user(world.office).get(reverse("members:detail", args=[world.dao.pk]))
    assert "12-QĐ/UBKTĐUK" not in page.content.decode()
    page = as_user(world.finance_office_secretary).get(
        reverse("members:detail", args=[world.an.pk])
    )
    assert "12-QĐ/UBKTĐUK" in page.content.decode()


def test_a_letter_mixing_complaint_and_denunciation_is_split(world, as_user):
    response = as_user(world.office).post(
        reverse("inspections:complaint_create"),
        {
            "received_on": "03/09/2026",
            "sender": "Nguyễn Văn Tâm",
            "kind": "mixed",
            "about_organization": world.health_office.pk,
            "content": "Khiếu nại kết quả xếp loại và tố cáo việc chi sai",
            "handled_by": "Ủy ban Kiểm tra Đảng ủy Khối",
        },
    )
    assert response.status_code == 302
    complaint, denunciation = Complaint.objects.order_by("pk")
    assert complaint.kind == Complaint.Kind.COMPLAINT
    assert denunciation.kind == Complaint.Kind.DENUNCIATION
    assert denunciation.split_from == complaint


def test_an_anonymous_letter_keeps_no_sender_and_a_named_one_needs_it(world, as_user):
    client = as_user(world.office)
    data = {
        "received_on": "03/09/2026",
        "kind": "denunciation",
        "about_member": world.an.party_card_number,
        "content": "Tố cáo",
    }
    response = client.post(reverse("inspections:complaint_create"), data)
    assert response.status_code == 200 and "sender" in response.context["form"].errors
    response = client.post(
        reverse("inspections:complaint_create"), {**data, "anonymous": "on", "sender": "ai đó"}
    )
    assert response.status_code == 302
    letter = Complaint.objects.get()
    assert letter.anonymous and letter.sender == "" and letter.about_member == world.an


def test_a_letter_is_about_a_member_or_an_organization(world):
    with pytest.raises(ValidationError):
        services.receive_letter(
            kind="complaint",
            received_on=datetime.date(2026, 9, 3),
            sender="A",
            about_member=world.an,
            about_organization=world.finance,
            content="x",
        )


def test_resolving_a_letter_needs_its_date(world, as_user):
    letter = services.receive_letter(
        kind="denunciation",
        received_on=datetime.date(2026, 9, 3),
        sender="A",
        about_member=world.an,
        content="x",
    )[0]
    url = reverse("inspections:complaint_detail", args=[letter.pk])
    response = as_user(world.office).post(url, {"status": "resolved", "result": "Đúng một phần"})
    assert response.status_code == 200 and "resolved_on" in response.context["form"].errors
    response = as_user(world.office).post(
        url, {"status": "resolved", "result": "Đúng một phần", "resolved_on": "20/09/2026"}
    )
    assert response.status_code == 302
    assert as_user(world.leader).post(url, {"status": "received"}).status_code == 403


def test_a_discipline_decision_is_dated_in_the_member_history_with_its_form(world, as_user):
    """It was listed apart from the dated story, so a reader of the history missed it."""
    _record(member=world.an, form=DisciplineForm.WARNING, decided_on=datetime.date(2026, 9, 1))
    page = as_user(world.finance_office_secretary).get(
        reverse("members:detail", args=[world.an.pk])
    )
    kinds = [event["kind"] for event in page.context["history"]]
    assert kinds[0] == "discipline"  # the newest event of the member's story
    entry = page.content.decode().split("01/09/2026</strong>", 1)[1].split("</li>", 1)[0]
    assert "kỷ luật: cảnh cáo" in entry and "12-QĐ/UBKTĐUK" in entry
