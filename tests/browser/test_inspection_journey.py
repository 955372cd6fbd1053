"""Issue 4's done-when, walked in a browser: the office plans an inspection and forms a team
(desktop), the team leader records a finding, finalizes, issues the conclusion notice and sets
a remediation item, the inspected cell's secretary reports it done from a phone, and the office
closes the inspection."""

import re

import pytest

from inspections.models import Inspection, RemediationItem

pytestmark = pytest.mark.django_db(transaction=True)


def _main(page) -> str:
    return page.locator("main").inner_text()


def test_an_inspection_from_plan_to_closed_remediation(world, desktop_as, phone_as):
    office = desktop_as(world.office)
    office.goto("/inspections/plans/new/")
    office.fill("#id_signed_by", "Hồ Văn Hùng")  # the number comes from the register
    office.fill("#id_issued_on", "2026-06-16")
    office.fill("#id_superior_body", "Đảng bộ tỉnh Ninh Thuận")
    office.fill("#id_issuing_body", "Đảng ủy Khối các cơ quan tỉnh")
    office.fill("#id_place", "Ninh Thuận")
    office.fill("#id_title", "Kiểm tra việc sửa đổi, bổ sung quy chế làm việc sau đại hội")
    office.fill("#id_period_start", "2026-07-01")
    office.fill("#id_period_end", "2026-09-30")
    office.fill("#id_themes", "Quy chế làm việc")
    office.select_option("#id_targets", value=[str(world.inspectorate.pk)])
    office.get_by_role("button", name="Lưu").click()
    assert "01-KH/ĐUK" in _main(office)

    office.get_by_role("link", name="Thêm quyết định thành lập tổ kiểm tra").click()
    office.fill("#id_signed_by", "Hồ Văn Hùng")
    office.fill("#id_decided_on", "2026-06-27")
    office.fill("#id_issuing_body", "Đảng ủy Khối")
    office.get_by_role("button", name="Lưu").click()
    assert "02-QĐ/ĐUK" in _main(office)

    office.get_by_role("link", name="Thêm tổ kiểm tra").click()
    office.fill("#id_name", "Tổ kiểm tra số 1")
    office.select_option("#id_leader", value=str(world.inspector.pk))
    office.select_option("#id_kind", value=Inspection.Kind.THEMATIC_INSPECTION)
    office.select_option("#id_organizations", value=[str(world.inspectorate.pk)])
    office.fill("#id_starts_on", "2026-07-05")
    office.fill("#id_ends_on", "2026-07-07")
    office.get_by_role("button", name="Lưu").click()
    assert "Tổ kiểm tra số 1" in _main(office)
    inspection = Inspection.objects.get(organization=world.inspectorate)

    leader = desktop_as(world.inspector)
    leader.goto("/inspections/")
    leader.get_by_role("link", name="Chi bộ Thanh tra tỉnh").first.click()
    leader.get_by_role("link", name="Ghi nội dung đánh giá").click()
    leader.select_option("#id_category", value="shortcoming")
    leader.select_option("#id_topic", value="working_regulation")
    leader.fill("#id_text", "Quy chế làm việc chưa được sửa đổi sau đại hội.")
    leader.get_by_role("button", name="Lưu").click()
    assert "Quy chế làm việc chưa được sửa đổi" in _main(leader)
    leader.get_by_role("button", name="Chốt kết quả").click()
    leader.get_by_role("link", name="Ban hành thông báo kết luận").click()
    leader.fill("#id_signed_by", "Hồ Văn Hùng")
    leader.get_by_role("button", name="Lưu").click()
    notice = leader.get_by_role("link", name="Thông báo kết luận (PDF)").get_attribute("href")
    pdf = leader.request.get(notice)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    # The icon's glyph is part of the link's name: the words end it.
    leader.get_by_role("link", name=re.compile(r"\bThêm$")).click()
    leader.select_option("#id_owner", value=str(world.inspectorate.pk))
    leader.fill("#id_description", "Bổ sung quy chế làm việc sau đại hội")
    leader.fill("#id_deadline", "2026-12-31")
    leader.get_by_role("button", name="Lưu").click()
    item = RemediationItem.objects.get(inspection=inspection)

    secretary = phone_as(world.inspectorate_secretary)
    secretary.goto(f"/inspections/{inspection.pk}/")
    secretary.get_by_role("link", name="Báo cáo tiến độ").click()
    secretary.fill("#id_text", "Đã ban hành quy chế làm việc mới")
    secretary.select_option("#id_status", value=RemediationItem.Status.DONE)
    secretary.get_by_role("button", name="Lưu").click()
    secretary.screenshot(path="/tmp/yearfix-remediation-phone.png", full_page=True)
    item.refresh_from_db()
    assert item.status == RemediationItem.Status.DONE

    office.goto(f"/inspections/{inspection.pk}/")
    office.get_by_role("button", name="Đóng hồ sơ").click()
    assert "đã đóng hồ sơ" in _main(office).lower()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CLOSED
