"""A list as an .xlsx sheet: bold headers, dates shown dd/mm/yyyy, built row by row."""

import datetime
import io

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from partybloc.downloads import xlsx_response

DATE_FORMAT = "DD/MM/YYYY"

__all__ = ["table_workbook", "xlsx_response"]  # the response lives in partybloc.downloads


def table_workbook(title: str, headers: list[str], rows, *, widths=None) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths or [18] * len(headers), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                values.append(cell)
            else:
                values.append("" if value is None else value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
