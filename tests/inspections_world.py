"""Inspection work on top of the named world: a plan over the finance committee, its office
cell, the health committee and the inspectorate cell; a decision forming two teams.

- team one, led by the world's inspector with a second inspector (team_member) on it, visits
  the finance committee (in progress, one finding), its office cell (findings finalized) and
  the inspectorate cell (concluded, with a remediation item and a progress report);
- team two, led by another inspector, visits the health committee (planned).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from inspections import services
from inspections.models import Complaint, Finding, Inspection, Plan, RemediationItem
from organizations.models import RoleAssignment

Kind = Inspection.Kind
PDF_BYTES = b"%PDF-1.4\n% bien ban khac phuc\n%%EOF\n"


def day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a date, no time)


class InspectionWorld:
    def __init__(self, world):
        users = get_user_model().objects
        self.team_member = users.create_user("tokiemtra", password="x")
        self.other_leader = users.create_user("truongto2", password="x")
        for user in (self.team_member, self.other_leader):
            RoleAssignment.objects.create(
                user=user, organization=world.bloc, role=RoleAssignment.Role.INSPECTOR
            )
        self.plan = Plan.objects.create(
            number="13-KH/ĐUK",
            issued_on=day("16/06/2026"),
            superior_body="Đảng bộ tỉnh Ninh Thuận",
            issuing_body="Đảng ủy Khối các cơ quan tỉnh",
            place="Ninh Thuận",
            title="Kiểm tra việc sửa đổi, bổ sung quy chế làm việc sau đại hội",
            period_start=day("01/07/2026"),
            period_end=day("30/09/2026"),
            themes="Quy chế làm việc\nCông tác đảng viên\nBảo vệ chính trị nội bộ",
            created_by=world.office,
        )
        self.plan.targets.set(
            [world.finance, world.finance_office, world.health, world.inspectorate]
        )
        self.decision = self.plan.decisions.create(
            number="109-QĐ/ĐUK", decided_on=day("27/06/2026"), issuing_body="Đảng ủy Khối"
        )
        dates = {"starts_on": day("05/07/2026"), "ends_on": day("07/07/2026")}
        self.team_one = services.form_team(
            self.decision,
            name="Tổ kiểm tra số 1",
            leader=world.inspector,
            members=[self.team_member],
            organizations=[world.finance, world.finance_office, world.inspectorate],
            kind=Kind.THEMATIC_INSPECTION,
            **dates,
        )
        self.team_two = services.form_team(
            self.decision,
            name="Tổ kiểm tra số 2",
            leader=self.other_leader,
            members=[],
            organizations=[world.health],
            kind=Kind.THEMATIC_INSPECTION,
            **dates,
        )
        inspections = Inspection.objects.filter(plan=self.plan)
        self.finance_inspection = inspections.get(organization=world.finance)
        self.office_inspection = inspections.get(organization=world.finance_office)
        self.inspectorate_inspection = inspections.get(organization=world.inspectorate)
        self.health_inspection = inspections.get(organization=world.health)

        self.finding = self.add_finding(self.finance_inspection, world.inspector)
        services.start_inspection(self.finance_inspection, by=world.inspector)
        self.add_finding(self.office_inspection, world.inspector)
        services.finalize_findings(self.office_inspection, by=world.inspector)
        self.add_finding(self.inspectorate_inspection, world.inspector)
        services.finalize_findings(self.inspectorate_inspection, by=world.inspector)
        services.conclude_inspection(
            self.inspectorate_inspection,
            number="25-TB/ĐUK",
            on=day("20/07/2026"),
            by=world.inspector,
        )
        self.item = RemediationItem.objects.create(
            inspection=self.inspectorate_inspection,
            owner=world.inspectorate,
            description="Bổ sung quy chế làm việc sau đại hội",
            deadline=day("30/09/2026"),
        )
        self.report = services.report_progress(
            self.item,
            text="Đã dự thảo quy chế",
            status=RemediationItem.Status.IN_PROGRESS,
            on=day("01/08/2026"),
            evidence=ContentFile(PDF_BYTES, name="du-thao.pdf"),
            by=world.inspectorate_secretary,
        )
        self.complaint = services.receive_letter(
            kind=Complaint.Kind.DENUNCIATION,
            received_on=day("02/08/2026"),
            sender="",
            anonymous=True,
            about_member=world.an,
            about_organization=None,
            content="Tố cáo đảng viên",
            handled_by="Ủy ban Kiểm tra Đảng ủy Khối",
        )[0]
        for name in (
            "finance_inspection",
            "office_inspection",
            "inspectorate_inspection",
            "health_inspection",
        ):
            getattr(self, name).refresh_from_db()

    @staticmethod
    def add_finding(inspection, user, category=Finding.Category.SHORTCOMING):
        return Finding.objects.create(
            inspection=inspection,
            category=category,
            topic=Finding.Topic.WORKING_REGULATION,
            text="Quy chế làm việc chưa sát với chức năng, nhiệm vụ",
            written_by=user,
        )


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def iw(world, private_storage):
    """The inspection world, with its users and objects also reachable from `world`."""
    inspection_world = InspectionWorld(world)
    world.team_member = inspection_world.team_member
    world.other_leader = inspection_world.other_leader
    return inspection_world
