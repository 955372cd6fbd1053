"""Import files built in code for the Excel tests (unit and integration)."""

import datetime
import io
import itertools

import openpyxl

from members.excel import TEMPLATE_COLUMNS
from members.models import Gender
from tests.conftest import national_id_for

HEADERS = [column.header for column in TEMPLATE_COLUMNS]
_cards = itertools.count(70_000_001)


def member_row(cell, *, name="Đặng Văn Cường", **overrides) -> dict:
    """One valid row for a new member of `cell`; overrides replace cells by header."""
    born = datetime.date(1980, 2, 1)
    row = {
        "Họ và tên": name,
        "Giới tính (Nam/Nữ)": "Nam",
        "Ngày sinh (dd/mm/yyyy)": born.strftime("%d/%m/%Y"),
        "Dân tộc": "Kinh",
        "Tôn giáo": "",
        "Quê quán": "Phan Rang",
        "Số CCCD": national_id_for(Gender.MALE, born),
        "Số thẻ đảng viên": str(next(_cards)),
        "Ngày vào Đảng (dd/mm/yyyy)": "03/02/2010",
        "Ngày chính thức (dd/mm/yyyy)": "03/02/2011",
        "Mã chi bộ": cell.pk,
        "Tên chi bộ": cell.name,
        "Nghề nghiệp": "Chuyên viên",
        "Chức vụ": "",
        "Trình độ học vấn": "12/12",
        "Lý luận chính trị": "trung cấp",
        "Đoàn viên khi kết nạp (x)": "x",
        "Nơi cư trú": "Phường Phủ Hà",
        "Chi bộ nơi cư trú": "Chi bộ khu phố 3",
    }
    row.update(overrides)
    return row


def workbook_bytes(rows: list[dict], headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(rows, name="dang-vien.xlsx", headers=HEADERS):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, workbook_bytes(rows, headers))


def many_rows(cell, count: int) -> list[dict]:
    """count valid rows with distinct IDs and cards, as a large office file would have."""
    rows = []
    for index in range(count):
        born = datetime.date(1960 + index % 30, 1 + index % 12, 1 + index % 28)
        gender = Gender.FEMALE if index % 2 else Gender.MALE
        rows.append(
            member_row(
                cell,
                name=f"Nguyễn Văn Thử {index}",
                **{
                    "Giới tính (Nam/Nữ)": "Nữ" if gender == Gender.FEMALE else "Nam",
                    "Ngày sinh (dd/mm/yyyy)": born.strftime("%d/%m/%Y"),
                    "Số CCCD": national_id_for(gender, born),
                },
            )
        )
    return rows
