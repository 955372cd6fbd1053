"""Admissions: steps under the rule in force, the board's warnings, admission itself, and the
pages a candidate walks through."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import Status
from members.year import services
from members.year.models import AdmissionRule, Candidate
from tests.conftest import national_id_for
from tests.year.candidates import FULL_PATH, candidate, walk

pytestmark = pytest.mark.django_db


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
        services.record_step(
            c, step_code="decision", done_on=datetime.date(2025, 12, 1), by=world.office
        )
    assert "hồ sơ" in " ".join(error.value.messages).lower() or error.value.messages
    with pytest.raises(ValidationError):  # the application comes 90 days after the helper
        services.record_step(
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
        services.record_step(
            c, step_code="application", done_on=datetime.date(2025, 10, 20), by=world.office
        )
    c.introducers.set([world.an, world.dao])
    services.record_step(
        c, step_code="application", done_on=datetime.date(2025, 10, 20), by=world.office
    )


def test_the_board_warns_of_an_expiring_certificate_and_an_overdue_step(world):
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:3], datetime.date(2021, 10, 1))
    found = [w.message for w in c.warnings(today=datetime.date(2026, 9, 1))]
    assert any("01/10/2026" in message for message in found)  # certificate: five years
    assert any("quá hạn" in message or "overdue" in message for message in found)


def test_admission_creates_a_probationary_member_due_in_twelve_months(world):
    c = candidate(world)
    decided = walk(c, world.office, FULL_PATH, datetime.date(2025, 7, 1))
    member = services.admit_candidate(c, by=world.office)
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
            office=200,
            leader=200,
            finance_staff=200,
            finance_office_secretary=200,
            outsider=403,
            inspector=403,
        ),
        # Its Excel copy is refused as the board is (it answered 404 to the inspector).
        reverse("year:admissions_export"): dict(
            office=200, finance_staff=200, outsider=403, inspector=403
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


def test_the_board_names_each_candidates_next_step(world, client):
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:1], datetime.date(2025, 8, 1))
    client.force_login(world.office)
    page = client.get(reverse("year:admissions")).content.decode()
    assert "Bước tiếp theo: Đảng viên được phân công giúp đỡ" in page


def test_a_refused_step_leaves_the_helper_as_it_was(world):
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:1], datetime.date(2025, 8, 1))
    with pytest.raises(ValidationError):  # before the course
        services.record_step(
            c,
            step_code="helper",
            done_on=datetime.date(2025, 7, 1),
            by=world.office,
            helper=world.an,
        )
    c.refresh_from_db()
    assert c.helper is None and c.steps_done.count() == 1


def test_a_refused_application_leaves_the_introducers_as_they_were(world):
    c = candidate(world, youth=False)
    walk(c, world.office, FULL_PATH[:2], datetime.date(2025, 7, 1))
    with pytest.raises(ValidationError):  # the application comes 90 days after the helper
        services.record_step(
            c,
            step_code="application",
            done_on=datetime.date(2025, 7, 20),
            by=world.office,
            introducers=[world.an, world.dao],
        )
    assert not c.introducers.exists() and c.steps_done.count() == 2
    services.record_step(
        c,
        step_code="application",
        done_on=datetime.date(2025, 10, 20),
        by=world.office,
        introducers=[world.an, world.dao],
    )
    assert set(c.introducers.all()) == {world.an, world.dao}


def test_a_refused_step_shows_its_error_on_the_form_and_changes_nothing(world, client):
    c = candidate(world)
    walk(c, world.office, FULL_PATH[:1], datetime.date(2025, 8, 1))
    client.force_login(world.finance_office_secretary)
    response = client.post(
        reverse("year:candidate_step", args=[c.pk]),
        {"done_on": "01/07/2025", "helper_member": world.an.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["done_on"]
    assert "01/07/2025" in response.content.decode() or "2025-07-01" in response.content.decode()
    c.refresh_from_db()
    assert c.helper is None and c.steps_done.count() == 1


def test_a_refused_candidate_leaves_no_row(world, client):
    future = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as error:
        services.add_candidate(
            Candidate(
                full_name="Lương Thị Mai",
                gender="female",
                date_of_birth=datetime.date(1998, 3, 3),
                national_id=national_id_for("female", datetime.date(1998, 3, 3)),
                organization=world.finance_office,
            ),
            course_on=future,
            by=world.office,
        )
    assert "course_on" in error.value.message_dict
    assert not Candidate.objects.exists()
    client.force_login(world.finance_office_secretary)
    response = client.post(
        reverse("year:candidate_create"),
        {
            "full_name": "Lương Thị Mai",
            "gender": "female",
            "date_of_birth": "03/03/1998",
            "national_id": national_id_for("female", datetime.date(1998, 3, 3)),
            "organization": world.finance_office.pk,
            "course_on": future.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["course_on"]
    assert not Candidate.objects.exists()


def test_the_candidate_form_offers_the_cells_the_user_keeps(world, client):
    offered = {
        "finance_office_secretary": [world.finance_office],
        "finance_staff": [world.finance_office, world.finance_budget],
    }
    for role, cells in offered.items():
        client.force_login(getattr(world, role))
        form = client.get(reverse("year:candidate_create")).context["form"]
        assert set(form.fields["organization"].queryset) == set(cells), role
        board = client.get(reverse("year:admissions"))
        assert board.context["can_add"], role
    client.force_login(world.leader)
    assert not client.get(reverse("year:admissions")).context["can_add"]


def test_a_superuser_keeps_every_cells_candidates(world, client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    client.force_login(admin)
    form = client.get(reverse("year:candidate_create")).context["form"]
    cells = {world.finance_office, world.finance_budget, world.health_office, world.inspectorate}
    assert set(form.fields["organization"].queryset) == cells
