"""Fuzzed register forms: seeded, bounded bad input (the generators of test_meetings_fuzz:
random strings with NUL characters, huge text, impossible dates, wrong ids, missing and extra
fields) posted to the member form, the transfer form and the status form, and bad files
uploaded to the import. No server error; every refusal says in Vietnamese what is wrong, on
the page the user sees, and the page keeps what was typed."""

import datetime
import io
import random

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from members.models import Member, MemberPlacement
from tests.conftest import national_id_for
from tests.excel_files import HEADERS, member_row, workbook_bytes
from tests.test_meetings_fuzz import (
    DATES,
    TEXTS,
    assert_refused_on_the_page,
    assert_vietnamese,
    cases,
    random_text,
)

pytestmark = pytest.mark.django_db
SEED = 20261130
CASES = 130


def member_post(world) -> tuple[dict, dict]:
    born = datetime.date(1990, 4, 4)
    valid = {
        "full_name": "Đặng Văn Khoa",
        "gender": "male",
        "date_of_birth": "04/04/1990",
        "ethnicity": "Kinh",
        "religion": "",
        "hometown": "Phan Rang",
        "national_id": national_id_for("male", born),
        "party_card_number": "",
        "admitted_on": "01/03/2015",
        "official_on": "01/03/2016",
        "organization": str(world.finance_office.pk),
        "job": "Chuyên viên",
        "position": "",
        "education": "12/12",
        "theory_level": "intermediate",
        "residence": "Phường Phủ Hà",
        "residential_cell": "",
        "came_from": "",
        "joined_on": "",
    }
    kinds = {
        **{
            name: "text"
            for name in (
                "full_name",
                "ethnicity",
                "religion",
                "hometown",
                "job",
                "position",
                "education",
                "residence",
                "residential_cell",
                "came_from",
            )
        },
        "gender": "choice",
        "date_of_birth": "date",
        "admitted_on": "date",
        "official_on": "date",
        "joined_on": "date",
        "national_id": "number",
        "party_card_number": "number",
        "organization": "id",
        "theory_level": "choice",
        "youth_union_member": "bool",
    }
    return valid, kinds


MEMBER_TYPED = ["full_name", "hometown", "job", "education", "residence", "came_from"]


def test_fuzzed_member_forms_are_refused_in_vietnamese_and_keep_the_input(world, as_user):
    client = as_user(world.office)
    url = reverse("members:create")
    valid, kinds = member_post(world)
    extra = [str(world.finance.pk), str(world.bloc.pk), str(world.an.pk), world.an.national_id]
    refused = 0
    for posted in cases(valid, kinds, extra, seed=SEED, count=180):
        response = client.post(url, posted)
        assert response.status_code in (200, 302), posted
        if response.status_code == 302:
            # The next case starts from the same register: the new member's ID is free again.
            member = Member.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
            Member.objects.filter(pk=member.pk).update(
                national_id=f"{member.pk:012d}", party_card_number=None
            )
            continue
        refused += 1
        assert_refused_on_the_page(response, [response.context["form"]], posted, kept=MEMBER_TYPED)
    assert refused >= 100


def test_fuzzed_member_edits_are_refused_in_vietnamese(world, as_user):
    client = as_user(world.office)
    url = reverse("members:edit", args=[world.dao.pk])
    valid, kinds = member_post(world)
    for name in ("organization", "came_from", "joined_on"):
        valid.pop(name)
        kinds.pop(name)
    valid.update(
        national_id=world.dao.national_id,
        date_of_birth="02/08/1990",
        gender="female",
        admitted_on="01/03/2010",
        official_on="01/03/2011",
        full_name="Trần Thị Đào",
    )
    refused = 0
    for posted in cases(valid, kinds, [world.an.national_id], seed=SEED + 1, count=110):
        response = client.post(url, posted)
        assert response.status_code in (200, 302), posted
        if response.status_code == 200:
            refused += 1
            assert_refused_on_the_page(
                response, [response.context["form"]], posted, kept=["hometown", "job"]
            )
    assert refused >= 60


def transfer_post(world, member) -> tuple[dict, dict]:
    valid = {
        "kind": "within",
        "to": str(world.finance_budget.pk),
        "effective_on": "01/10/2026",
        "note": "Theo Quyết định 12-QĐ/ĐU",
        "destination": "",
        "seen": "",
    }
    kinds = {
        "kind": "choice",
        "to": "id",
        "effective_on": "date",
        "note": "text",
        "destination": "text",
        "seen": "number",
    }
    return valid, kinds


def put_back(member, cell) -> None:
    """Undo an accepted transfer so that every case meets the same member (tests only)."""
    member.placements.exclude(started_on=member.admitted_on).delete()
    member.placements.update(ended_on=None)
    Member.objects.filter(pk=member.pk).update(
        organization=cell, status="official", status_since=member.official_on
    )
    member.status_changes.filter(status="transferred_out").delete()


def test_fuzzed_transfers_are_refused_in_vietnamese_and_keep_the_input(world, as_user):
    client = as_user(world.office)
    member = world.an
    url = reverse("members:transfer", args=[member.pk])
    valid, kinds = transfer_post(world, member)
    extra = [
        str(world.finance.pk),
        str(world.inspectorate.pk),
        str(world.health_office.pk),
        str(world.finance_office.pk),
        str(world.duc.pk),
    ]
    refused = 0
    for posted in cases(valid, kinds, extra, seed=SEED + 2, count=170):
        if posted.get("seen") == "":
            posted["seen"] = str(member.version())
        response = client.post(url, posted)
        assert response.status_code in (200, 302), posted
        if response.status_code == 302:
            put_back(member, world.finance_office)
            continue
        refused += 1
        assert_refused_on_the_page(
            response, [response.context["form"]], posted, kept=["note", "destination"]
        )
        assert MemberPlacement.objects.filter(member=member, ended_on__isnull=True).count() == 1
    assert refused >= 100


def test_fuzzed_status_changes_are_refused_in_vietnamese_and_keep_the_input(world, as_user):
    client = as_user(world.office)
    member = world.dao
    url = reverse("members:status", args=[member.pk])
    valid = {
        "status": "exempt",
        "effective_on": "01/10/2026",
        "decision_number": "15-QĐ/ĐU",
        "reason": "Tuổi cao, sức khỏe yếu",
        "seen": "",
    }
    kinds = {
        "status": "choice",
        "effective_on": "date",
        "decision_number": "text",
        "reason": "text",
        "seen": "number",
    }
    extra = ["official", "deceased", "transferred_out", "probationary", "expelled"]
    refused = 0
    for posted in cases(valid, kinds, extra, seed=SEED + 3, count=170):
        if posted.get("seen") == "":
            posted["seen"] = str(member.version())
        response = client.post(url, posted)
        assert response.status_code in (200, 302), posted
        if response.status_code == 302:
            member.status_changes.exclude(status__in=["probationary", "official"]).delete()
            member.placements.update(ended_on=None)
            member.positions.update(ended_on=None)
            Member.objects.filter(pk=member.pk).update(
                status="official", status_since=member.official_on
            )
            continue
        refused += 1
        assert_refused_on_the_page(
            response, [response.context["form"]], posted, kept=["decision_number", "reason"]
        )
    assert refused >= 100


# The import ---------------------------------------------------------------------------------

CELLS = ["Họ và tên", "Giới tính (Nam/Nữ)", "Ngày sinh (dd/mm/yyyy)", "Số CCCD",
         "Số thẻ đảng viên", "Ngày vào Đảng (dd/mm/yyyy)", "Ngày chính thức (dd/mm/yyyy)",
         "Mã chi bộ", "Tên chi bộ", "Lý luận chính trị", "Đoàn viên khi kết nạp (x)"]  # fmt: skip
# Excel cells hold naive date-times.
FAR_FUTURE = datetime.datetime(9999, 12, 31)  # noqa: DTZ001
FAR_PAST = datetime.datetime(1000, 1, 1)  # noqa: DTZ001
VALUES = [*TEXTS[:4], *DATES, "-1", "0", "99999999999999999999", "1e308", 3.5, -7,
          FAR_FUTURE, FAR_PAST, True, "=1/0", "=HYPERLINK(\"http://x\")", None]  # fmt: skip


def storable(text: str) -> str:
    """What a cell can hold: openpyxl refuses control characters."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:32000]


def bad_file(rng: random.Random, world) -> tuple[str, bytes]:
    """A file with one kind of thing wrong: not a workbook at all, a broken workbook, the
    wrong headers, or rows with bad cells."""
    choice = rng.random()
    if choice < 0.1:
        return "rac.xlsx", bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
    if choice < 0.2:
        whole = workbook_bytes([member_row(world.finance_office)])
        return "cut.xlsx", whole[: rng.randint(1, len(whole) - 1)]
    if choice < 0.3:
        headers = rng.sample(HEADERS, rng.randint(0, len(HEADERS)))
        headers += [storable(random_text(rng)[:30]) for _ in range(rng.randint(0, 3))]
        return "headers.xlsx", workbook_bytes([member_row(world.finance_office)], headers)
    rows = []
    for _ in range(rng.randint(1, 4)):
        row = member_row(world.finance_office)
        for _ in range(rng.randint(1, 3)):
            value = rng.choice(VALUES) if rng.random() < 0.8 else random_text(rng)
            if isinstance(value, str):
                value = storable(value)
            row[rng.choice(CELLS)] = value
        rows.append(row)
    if rng.random() < 0.2:
        rows.append(dict(rows[0]))  # the same ID twice
    return "dang-vien.xlsx", workbook_bytes(rows)


def test_fuzzed_import_files_are_refused_in_vietnamese(world, as_user, private_storage):
    client = as_user(world.office)
    url = reverse("members:import")
    rng = random.Random(SEED + 4)
    refused = 0
    for _ in range(110):
        name, content = bad_file(rng, world)
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        form_errors = [m for errors in response.context["form"].errors.values() for m in errors]
        row_errors = [error.message for error in response.context.get("errors") or []]
        if not form_errors and not row_errors:
            continue  # every cell it spoiled was still readable: a preview, nothing saved
        refused += 1
        html = response.content.decode()
        assert_vietnamese(form_errors + row_errors, {})
        for message in form_errors + row_errors:
            assert escape(message) in html, message
    assert refused >= 100
    assert Member.objects.count() == 5  # previews only: nothing was imported


def test_a_workbook_with_a_huge_sheet_is_not_a_server_error(world, as_user, private_storage):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    workbook.active.cell(row=50_000, column=1, value="Đặng Văn Xa")
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("lon.xlsx", buffer.getvalue())
    response = as_user(world.office).post(reverse("members:import"), {"file": upload})
    assert response.status_code == 200
