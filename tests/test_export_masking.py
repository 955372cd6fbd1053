"""Exports (issue 11, item 11): national IDs are masked in every member export (058*******12),
in full only for those who keep the members, for the members they keep, with a reason; each
export is in the access log with its scope, rows and whether the IDs were in full."""

import io

import openpyxl
import pytest
from django.urls import reverse

from members.models import Member
from partybloc.audit.models import AccessRecord

pytestmark = pytest.mark.django_db
CCCD = "Số CCCD"
FULL = reverse("members:export_full")


def exported(response) -> dict[str, str]:
    """name -> national ID as the file holds it."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index(CCCD)
    return {row[0]: row[column] for row in rows[1:]}


def test_the_leaders_one_click_export_masks_every_national_id(world, as_user):
    response = as_user(world.leader).get(reverse("members:export"))
    ids = exported(response)
    assert len(ids) == Member.objects.active().count() == 5
    for member in Member.objects.all():
        assert ids[member.full_name] == f"{member.national_id[:3]}*******{member.national_id[-2:]}"
    record = AccessRecord.objects.get()
    assert (record.user, record.rows, record.full_national_ids) == (world.leader, 5, False)


def test_full_national_ids_are_refused_to_leaders_and_cell_secretaries(world, as_user):
    for user in (world.leader, world.finance_office_secretary, world.inspector):
        client = as_user(user)
        assert client.get(FULL).status_code == 403, user
        assert client.post(FULL, {"reason": "Cần danh sách đầy đủ"}).status_code == 403, user
        listed = client.get(reverse("members:list"))
        if listed.status_code == 200:
            assert FULL not in listed.content.decode()
    assert AccessRecord.objects.filter(full_national_ids=True).count() == 0


def test_the_office_exports_full_ids_only_with_a_reason_which_is_logged(world, as_user):
    client = as_user(world.office)
    assert FULL in client.get(reverse("members:list")).content.decode()
    page = client.get(FULL, {"status": ""})
    assert page.status_code == 200 and page.context["count"] == 5
    refused = client.post(f"{FULL}?status=", {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert not AccessRecord.objects.filter(full_national_ids=True).exists()

    reason = "Danh sách gửi Bảo hiểm xã hội tỉnh theo Công văn 15/BHXH"
    response = client.post(f"{FULL}?status=", {"reason": reason})
    ids = exported(response)
    assert ids == {member.full_name: member.national_id for member in Member.objects.all()}
    record = AccessRecord.objects.get(full_national_ids=True)
    assert (record.user, record.rows, record.reason) == (world.office, 5, reason)


def test_committee_staff_export_in_full_only_the_members_they_keep(world, as_user):
    client = as_user(world.finance_staff)
    response = client.post(FULL, {"reason": "Rà soát hồ sơ đảng viên của đảng bộ"})
    ids = exported(response)
    assert set(ids) == {"Nguyễn Văn An", "Trần Thị Đào", "Lê Văn Bình"}
    assert ids["Nguyễn Văn An"] == world.an.national_id
    # An organization outside what they keep is not in the filter's choices: nothing leaks.
    outside = client.post(f"{FULL}?organization={world.inspectorate.pk}", {"reason": "x" * 20})
    assert world.anh.national_id not in exported(outside).values()
