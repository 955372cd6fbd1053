"""An inspection from plan to closing, as the office, the team and the inspected organization
go through it on the pages; the conclusion notice as a PDF."""

import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections import services
from inspections.models import Decision, Finding, Inspection, Plan, RemediationItem, Team
from partybloc.registry.choices import Body
from partybloc.registry.models import IssuedDocument
from tests.inspections_world import PDF_BYTES

pytestmark = pytest.mark.django_db
Status = Inspection.Status


def test_office_staff_plan_and_form_two_teams_over_several_organizations(world, iw, as_user):
    client = as_user(world.office)
    response = client.post(
        reverse("inspections:plan_create"),
        {
            "number": "99-KH/ĐUK",  # typed numbers are ignored: the register gives them
            "signed_by": "Hồ Văn Hùng",
            "issued_on": "01/09/2026",
            "superior_body": "Đảng bộ tỉnh Ninh Thuận",
            "issuing_body": "Đảng ủy Khối các cơ quan tỉnh",
            "place": "Ninh Thuận",
            "title": "Kiểm tra công tác đảng viên",
            "period_start": "01/09/2026",
            "period_end": "31/12/2026",
            "themes": "Công tác đảng viên",
            "targets": [world.finance.pk, world.health.pk, world.inspectorate.pk],
        },
    )
    plan = Plan.objects.get(number="01-KH/ĐUK")
    assert response.status_code == 302
    assert set(plan.targets.all()) == {world.finance, world.health, world.inspectorate}
    client.post(
        reverse("inspections:decision_create", args=[plan.pk]),
        {"decided_on": "05/09/2026", "issuing_body": "Đảng ủy Khối", "signed_by": "Hồ Văn Hùng"},
    )
    # The same register: the plan took 01, the decision 02.
    decision = Decision.objects.get(number="02-QĐ/ĐUK")
    assert list(IssuedDocument.objects.order_by("sequence").values_list("number", "source_id")) == [
        ("01-KH/ĐUK", plan.pk),
        ("02-QĐ/ĐUK", decision.pk),
    ]
    url = reverse("inspections:team_create", args=[decision.pk])
    for name, leader, organizations in [
        ("Tổ 1", world.inspector, [world.finance.pk, world.inspectorate.pk]),
        ("Tổ 2", iw.other_leader, [world.health.pk]),
    ]:
        response = client.post(
            url,
            {
                "name": name,
                "leader": leader.pk,
                "members": [iw.team_member.pk],
                "kind": Inspection.Kind.REGULAR_SUPERVISION,
                "organizations": organizations,
                "starts_on": "10/09/2026",
                "ends_on": "12/09/2026",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
    assert Team.objects.filter(decision=decision).count() == 2
    assert plan.inspections.count() == 3
    team = Team.objects.get(decision=decision, name="Tổ 1")
    assert team.memberships.get(is_leader=True).user == world.inspector


def test_a_team_cannot_visit_an_organization_outside_its_plan(world, iw, as_user):
    response = as_user(world.office).post(
        reverse("inspections:team_create", args=[iw.decision.pk]),
        {
            "name": "Tổ 3",
            "leader": world.inspector.pk,
            "kind": Inspection.Kind.PARTY_FINANCE,
            "organizations": [world.health_office.pk],  # not among the plan's targets
            "starts_on": "10/09/2026",
            "ends_on": "12/09/2026",
        },
    )
    assert response.status_code == 200 and "organizations" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.form_team(
            iw.decision,
            name="Tổ 3",
            leader=world.inspector,
            members=[],
            organizations=[world.finance],  # already has a thematic inspection in this plan
            kind=Inspection.Kind.THEMATIC_INSPECTION,
            starts_on=iw.plan.period_start,
            ends_on=iw.plan.period_start,
        )


def test_an_inspector_records_findings_for_an_assigned_organization_only(world, iw, as_user):
    client = as_user(iw.team_member)
    data = {"category": "strength", "topic": "meeting_quality", "text": "Sinh hoạt đều đặn"}
    response = client.post(
        reverse("inspections:finding_create", args=[iw.finance_inspection.pk]), data
    )
    assert response.status_code == 302
    assert iw.finance_inspection.findings.filter(text="Sinh hoạt đều đặn").exists()
    refused = client.post(
        reverse("inspections:finding_create", args=[iw.health_inspection.pk]), data
    )
    assert refused.status_code == 404
    assert not iw.health_inspection.findings.exists()
    listed = client.get(reverse("inspections:list")).context["page"]
    assert iw.health_inspection not in listed and iw.finance_inspection in listed


def test_the_first_finding_starts_a_planned_inspection(world, iw, as_user):
    Inspection.objects.filter(pk=iw.finance_inspection.pk).update(status=Status.PLANNED)
    as_user(world.inspector).post(
        reverse("inspections:finding_create", args=[iw.finance_inspection.pk]),
        {"category": "cause", "topic": "other", "text": "Nhận thức chưa đầy đủ"},
    )
    iw.finance_inspection.refresh_from_db()
    assert iw.finance_inspection.status == Status.IN_PROGRESS


def test_finalized_findings_are_locked(world, iw, as_user):
    client = as_user(world.inspector)
    client.post(reverse("inspections:finalize", args=[iw.finance_inspection.pk]))
    iw.finance_inspection.refresh_from_db()
    assert iw.finance_inspection.status == Status.FINDINGS_FINALIZED
    assert iw.finance_inspection.finalized_by == world.inspector
    edit = reverse("inspections:finding_edit", args=[iw.finance_inspection.pk, iw.finding.pk])
    assert (
        client.post(edit, {"category": "strength", "topic": "other", "text": "x"}).status_code
        == 403
    )


def test_findings_cannot_be_finalized_empty(world, iw):
    iw.health_inspection.findings.all().delete()
    with pytest.raises(ValidationError):
        services.finalize_findings(iw.health_inspection, by=iw.other_leader)


def test_the_inspected_committee_sees_the_inspection_once_concluded(world, iw, as_user):
    client = as_user(world.finance_staff)
    url = reverse("inspections:detail", args=[iw.office_inspection.pk])
    assert client.get(url).status_code == 404
    iw.plan.decided_by = Body.INSPECTION_COMMITTEE
    iw.plan.save()
    response = as_user(world.inspector).post(
        reverse("inspections:conclude", args=[iw.office_inspection.pk]),
        {"concluded_on": "25/07/2026", "signed_by": "Lê Thị Hoa", "deputy": "on"},
    )
    assert response.status_code == 302
    # The number is the inspection committee's own (its symbol), from its register; the notice
    # is kept as issued and names the cell and its Đảng ủy as recipients.
    notice = IssuedDocument.objects.get()
    assert notice.number == "01-TB/UBKTĐUK" and notice.signer_post == "PHÓ CHỦ NHIỆM"
    iw.office_inspection.refresh_from_db()
    assert iw.office_inspection.conclusion_number == "01-TB/UBKTĐUK"
    text = " ".join(
        _pdf_text(
            b"".join(
                as_user(world.finance_staff)
                .get(reverse("inspections:conclusion_pdf", args=[iw.office_inspection.pk]))
                .streaming_content
            )
        ).split()
    )
    assert "ỦY BAN KIỂM TRA" in text and "Số 01-TB/UBKTĐUK" in text
    assert "T/M ỦY BAN KIỂM TRA PHÓ CHỦ NHIỆM" in text and "Lê Thị Hoa" in text
    assert "- Chi bộ Văn phòng Sở Tài chính, - Đảng ủy Sở Tài chính," in text
    client = as_user(world.finance_staff)
    assert client.get(url).status_code == 200
    # The committee's subtree only: the health committee's staff would not see it.
    assert iw.office_inspection in client.get(reverse("inspections:list")).context["page"]


def test_the_inspected_organization_reports_progress_with_evidence(world, iw, as_user):
    client = as_user(world.inspectorate_secretary)
    url = reverse("inspections:remediation_report", args=[iw.item.pk])
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        url, {"reported_on": "01/09/2026", "text": "Xong", "status": "done", "evidence": fake}
    )
    assert response.status_code == 200 and "evidence" in response.context["form"].errors
    scan = SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        url,
        {
            "reported_on": "01/09/2026",
            "text": "Đã ban hành quy chế",
            "status": "done",
            "evidence": scan,
        },
    )
    assert response.status_code == 302
    iw.item.refresh_from_db()
    assert iw.item.status == RemediationItem.Status.DONE and iw.item.done_on.day == 1
    report = iw.item.reports.latest("pk")
    download = client.get(reverse("inspections:evidence", args=[report.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    # Once done, no more reports.
    assert client.get(url).status_code == 403


def test_an_inspection_closes_only_when_every_item_is_settled(world, iw, as_user):
    second = RemediationItem.objects.create(
        inspection=iw.inspectorate_inspection,
        owner=world.inspectorate,
        description="Đối khớp danh sách đảng viên",
        deadline=iw.item.deadline,
    )
    with pytest.raises(ValidationError):
        services.close_inspection(iw.inspectorate_inspection, by=world.office)
    services.report_progress(
        iw.item, text="Xong", status="done", on=iw.item.deadline, by=world.inspectorate_secretary
    )
    client = as_user(world.office)
    client.post(reverse("inspections:close", args=[iw.inspectorate_inspection.pk]))
    iw.inspectorate_inspection.refresh_from_db()
    assert iw.inspectorate_inspection.status == Status.CONCLUDED  # still one pending
    response = client.post(
        reverse("inspections:remediation_carry_over", args=[second.pk]),
        {"note": "Chuyển sang đợt kiểm tra năm sau"},
    )
    assert response.status_code == 302
    client.post(reverse("inspections:close", args=[iw.inspectorate_inspection.pk]))
    iw.inspectorate_inspection.refresh_from_db()
    assert iw.inspectorate_inspection.status == Status.CLOSED
    assert iw.inspectorate_inspection.closed_on is not None


def test_overdue_items_stand_out_for_the_bloc(world, iw, as_user):
    RemediationItem.objects.filter(pk=iw.item.pk).update(deadline="2026-08-15")
    page = as_user(world.leader).get(reverse("inspections:list"))
    assert iw.item in list(page.context["overdue"])
    assert 'class="table-danger"' in page.content.decode()
    detail = as_user(world.inspectorate_secretary).get(
        reverse("inspections:detail", args=[iw.inspectorate_inspection.pk])
    )
    assert detail.context["items"][0].overdue


def test_the_team_cannot_set_remediation_outside_the_inspected_organization(world, iw, as_user):
    response = as_user(world.inspector).post(
        reverse("inspections:remediation_create", args=[iw.finance_inspection.pk]),
        {"owner": world.health.pk, "description": "x", "deadline": "01/12/2026"},
    )
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    response = as_user(world.inspector).post(
        reverse("inspections:remediation_create", args=[iw.finance_inspection.pk]),
        {"owner": world.finance_budget.pk, "description": "Bổ sung sổ", "deadline": "01/12/2026"},
    )
    assert response.status_code == 302
    assert iw.finance_inspection.remediation_items.get().owner == world.finance_budget


def _pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_conclusion_notice_reads_right(world, iw, as_user):
    Finding.objects.create(
        inspection=iw.inspectorate_inspection,
        category=Finding.Category.RECOMMENDATION,
        topic=Finding.Topic.RECORDS,
        text="Khai phiếu bổ sung hồ sơ đảng viên hằng năm",
    )
    response = as_user(world.inspectorate_secretary).get(
        reverse("inspections:conclusion_pdf", args=[iw.inspectorate_inspection.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(response.content).split())  # table cells wrap their lines
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "THÔNG BÁO KẾT LUẬN" in text
    assert "25-TB/ĐUK" in text and "13-KH/ĐUK" in text
    assert re.search("109-?QĐ/ĐUK", text)  # pdftotext joins a word broken after its hyphen
    assert "Ninh Thuận, ngày 20 tháng 7 năm 2026" in text
    assert "Chi bộ Thanh tra tỉnh" in text
    # Issued by the body that decided the inspection, which concludes "as follows" on its
    # subject; never signed by the team.
    assert "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh kết luận đối với Chi bộ Thanh tra" in text
    assert "T/M BAN THƯỜNG VỤ BÍ THƯ" in text and "T/M TỔ KIỂM TRA" not in text
    assert "Khai phiếu bổ sung hồ sơ đảng viên hằng năm" in text
    assert "Bổ sung quy chế làm việc sau đại hội" in text


def test_starting_twice_says_so_without_an_error_page(world, iw, as_user):
    client = as_user(world.inspector)
    url = reverse("inspections:start", args=[iw.finance_inspection.pk])
    response = client.post(url, follow=True)  # already in progress
    assert response.status_code == 200
    assert any("planned" in str(message) or message for message in response.context["messages"])


def test_office_staff_edit_a_plan_within_the_register(world, iw, as_user):
    url = reverse("inspections:plan_edit", args=[iw.plan.pk])
    client = as_user(world.office)
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(
        {
            "title": "Kiểm tra quy chế làm việc",
            "issued_on": "16/06/2026",
            "period_start": "01/07/2026",
            "period_end": "30/06/2026",  # before the start: refused
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200 and "period_end" in response.context["form"].errors
    data["period_end"] = "31/10/2026"
    assert client.post(url, data).status_code == 302
    iw.plan.refresh_from_db()
    assert iw.plan.title == "Kiểm tra quy chế làm việc"


def test_a_cell_owning_an_item_of_its_committee_s_inspection_reports_on_it(world, iw, as_user):
    services.finalize_findings(iw.finance_inspection, by=world.inspector)
    services.conclude_inspection(
        iw.finance_inspection, number="27-TB/ĐUK", on=iw.plan.period_end, by=world.inspector
    )
    item = RemediationItem.objects.create(
        inspection=iw.finance_inspection,
        owner=world.finance_office,
        description="Đóng dấu giáp lai sổ biên bản",
        deadline=iw.plan.period_end,
    )
    client = as_user(world.finance_office_secretary)
    assert (
        client.get(reverse("inspections:detail", args=[iw.finance_inspection.pk])).status_code
        == 200
    )
    response = client.post(
        reverse("inspections:remediation_report", args=[item.pk]),
        {"reported_on": "01/10/2026", "text": "Đã đóng dấu", "status": "done"},
    )
    assert response.status_code == 302
    # Another cell of the same committee neither sees it nor reports on it.
    other = as_user(world.inspectorate_secretary)
    assert (
        other.get(reverse("inspections:detail", args=[iw.finance_inspection.pk])).status_code == 404
    )
