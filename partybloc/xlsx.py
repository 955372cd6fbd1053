"""Spreadsheets out of the portal: a list as an .xlsx sheet (bold headers, dates shown
dd/mm/yyyy, built row by row), and `neutralised`, which every export passes each cell's value
through so that text a user typed never reaches Excel as a live formula."""

import datetime
import io

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from partybloc.downloads import xlsx_response

DATE_FORMAT = "DD/MM/YYYY"

__all__ = [  # the response lives in partybloc.downloads
    "neutralised",
    "table_workbook",
    "text_as_typed",
    "xlsx_response",
]

# What makes a spreadsheet read a cell as a formula (=, +, -, @) or as the next cell (tab, CR):
# OWASP's list for formula injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """The value for a cell of an export: text that starts like a formula (a hometown
    `=HYPERLINK(…)`) is written with a leading apostrophe, so it stays text in Excel,
    LibreOffice and any CSV made from the file; numbers and dates pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text_as_typed(value):
    """The reverse, for a file coming back in (an export imported again): the apostrophe
    `neutralised` put before a formula start is dropped."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def table_workbook(title: str, headers: list[str], rows, *, widths=None) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths or [18] * len(headers), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=neutralised(str(header)))
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
                values.append("" if value is None else neutralised(value))
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
