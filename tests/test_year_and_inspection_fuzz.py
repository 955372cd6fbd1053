"""Fuzzed forms of the inspection work and of admissions, in the style of the meetings' fuzz
(seeded, bounded, the same generators): a finding, a letter (complaint or denunciation) and a
candidate's next step (the member assigned to help; the application with its introducers).
No server error; every refusal says in Vietnamese what is wrong, on the page the user sees,
and the page keeps what was typed."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Complaint, Finding
from members.year.models import Candidate, CandidateStep
from tests.conftest import make_member
from tests.test_meetings_fuzz import assert_refused_on_the_page, cases
from tests.year.candidates import candidate, walk

pytestmark = pytest.mark.django_db
SEED = 20261210
CASES = 160  # of which at least 100 are refused: the rest spoil only what may be left out


def _fuzz(client, url, valid, kinds, extra, *, seed, kept, accepted, form_of=None):
    """Post each case; an accepted one is undone by `accepted()` so every case meets the same
    page. Returns how many were refused."""
    refused = 0
    for posted in cases(valid, kinds, extra, seed=seed, count=CASES):
        response = client.post(url, posted)
        assert response.status_code in (200, 302), posted
        if response.status_code == 302:
            accepted()
            continue
        refused += 1
        form = (form_of or (lambda context: context["form"]))(response.context)
        assert form is not None and form.errors, posted
        assert_refused_on_the_page(response, [form], posted, kept=kept)
    return refused


def test_fuzzed_findings_are_refused_in_vietnamese_and_keep_the_input(world, iw, as_user):
    inspection = iw.finance_inspection
    client = as_user(world.inspector)
    before = set(Finding.objects.values_list("pk", flat=True))
    valid = {
        "category": Finding.Category.SHORTCOMING,
        "topic": Finding.Topic.WORKING_REGULATION,
        "text": "Quy chế làm việc chưa được sửa đổi sau đại hội.",
    }
    kinds = {"category": "choice", "topic": "choice", "text": "text"}
    refused = _fuzz(
        client,
        reverse("inspections:finding_create", args=[inspection.pk]),
        valid,
        kinds,
        [],
        seed=SEED,
        kept=["text"],
        accepted=lambda: Finding.objects.exclude(pk__in=before).delete(),
    )
    assert refused >= 100
    # The same on the edit page of an existing finding.
    edit = reverse("inspections:finding_edit", args=[inspection.pk, iw.finding.pk])
    refused = _fuzz(
        client,
        edit,
        valid,
        kinds,
        [],
        seed=SEED + 1,
        kept=["text"],
        accepted=lambda: None,
    )
    assert refused >= 100


def test_fuzzed_letters_are_refused_in_vietnamese_and_keep_the_input(world, as_user):
    client = as_user(world.office)
    valid = {
        "received_on": "02/08/2026",
        "sender": "Nguyễn Thị Lan",
        "kind": Complaint.Kind.COMPLAINT,
        "about_member": world.an.national_id,
        "about_organization": "",
        "content": "Đơn khiếu nại về việc xếp loại đảng viên năm 2025.",
        "handled_by": "Ủy ban Kiểm tra Đảng ủy Khối",
    }
    kinds = {
        "received_on": "date",
        "anonymous": "bool",
        "sender": "text",
        "kind": "choice",
        "about_member": "id",
        "about_organization": "id",
        "content": "text",
        "handled_by": "text",
    }
    extra = [world.dao.national_id, str(world.finance.pk), str(world.an.pk), "0" * 12]
    refused = _fuzz(
        client,
        reverse("inspections:complaint_create"),
        valid,
        kinds,
        extra,
        seed=SEED + 2,
        kept=["sender", "content", "handled_by", "about_member"],
        accepted=lambda: Complaint.objects.all().delete(),
    )
    assert refused >= 100


@pytest.mark.parametrize("step", ["helper", "application"])
def test_fuzzed_candidate_steps_are_refused_in_vietnamese_and_keep_the_input(world, as_user, step):
    helper = make_member(
        world.finance_office,
        "Phạm Văn Giúp",
        admitted=datetime.date(2010, 1, 1),
        official=datetime.date(2011, 1, 1),
    )
    person = candidate(world, youth=False)
    start = datetime.date(2025, 6, 2)
    walk(person, world.office, [("course", 0)], start)
    valid = {"done_on": "10/06/2025", "document_number": "01-QĐ/CB", "note": "Đúng hạn"}
    kinds = {"done_on": "date", "document_number": "text", "note": "text"}
    if step == "helper":
        valid["helper_member"] = str(helper.pk)
        kinds["helper_member"] = "id"
    else:
        services_day = walk(person, world.office, [("helper", 5)], start)
        person.helper = helper
        person.save()
        valid["done_on"] = (services_day + datetime.timedelta(days=95)).strftime("%d/%m/%Y")
        valid["introducers"] = [str(world.an.pk), str(helper.pk)]
        kinds["introducers"] = "id"
    extra = [str(world.binh.pk), str(world.dao.pk), str(world.finance_office.pk)]
    recorded = set(CandidateStep.objects.values_list("pk", flat=True))

    def undo():
        CandidateStep.objects.exclude(pk__in=recorded).delete()
        Candidate.objects.filter(pk=person.pk).update(state=Candidate.State.IN_PROGRESS)

    refused = _fuzz(
        as_user(world.finance_office_secretary),
        reverse("year:candidate_step", args=[person.pk]),
        valid,
        kinds,
        extra,
        seed=SEED + 3,
        kept=["document_number", "note"],
        accepted=undo,
    )
    assert refused >= 100
