"""Spreadsheets out of the portal: a list as an .xlsx sheet (bold headers, dates shown
dd/mm/yyyy, built row by row), and `neutralised`, which every export passes each cell's value
through so that text a user typed never reaches Excel as a live formula."""

import datetime
import io

import openpyxl
from lxml import etree
from openpyxl.cell import WriteOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Font
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHARED_STRINGS

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


class SheetRows:
    """The values of a workbook's first worksheet, row by row, as openpyxl's read-only sheet
    gives them with `values_only=True` and `data_only=True` (numbers, text, booleans, dates
    from date-formatted numbers, formulas' last values), read straight from the sheet's XML.

    openpyxl builds an object per cell and, for a file without a `<dimension>` (its own
    exports), parses the whole sheet once more just to size it: 10,000 rows took seconds.
    Here openpyxl still reads the workbook's parts (which sheet is first, the date formats);
    the rows are parsed with lxml, a row at a time. Iterating yields a tuple of
    `max_columns` values for every row from the first, empty rows included, so the n-th
    tuple is Excel's row n."""

    def __init__(self, file, *, max_columns: int):
        self.max_columns = max_columns
        reader = ExcelReader(file, read_only=True, data_only=True)
        self._archive = reader.archive
        try:
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self._date_styles = reader.wb._date_formats
            self._timedelta_styles = reader.wb._timedelta_formats
            self._epoch = reader.wb.epoch
            # (name, part) of each worksheet, in the workbook's order.
            self.sheets = [
                (sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
            if not self.sheets:
                raise ValueError("The workbook has no worksheet.")
            self._strings = self._shared_strings(reader)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._archive.close()

    def _shared_strings(self, reader) -> list[str]:
        part = reader.package.find(SHARED_STRINGS)
        if part is None:
            return []
        strings = []
        with self._archive.open(part.PartName[1:]) as source:
            for _event, item in etree.iterparse(source, tag=_SI, **_SAFE):
                # As openpyxl: the plain text and the runs' text, not the phonetic guide.
                strings.append(_text_of(item).replace("x005F_", ""))
                item.clear()
        return strings

    def __iter__(self):
        return self.rows_of(self.sheets[0][1])

    def rows_of(self, part: str):
        """The rows of one worksheet of self.sheets (its part), as iterating gives the first."""
        width = self.max_columns
        empty = (None,) * width
        expected = 1  # the next row number to yield
        row_number = 0
        with self._archive.open(part) as source:
            for _event, row in etree.iterparse(source, tag=_ROW, **_SAFE):
                number = row.get("r")
                row_number = int(float(number)) if number else row_number + 1
                values = [None] * width
                column = 0
                value_of = self._value
                for cell in row:
                    if cell.tag != _CELL:
                        continue
                    reference = cell.get("r")
                    column = _column_of(reference) if reference else column + 1
                    if column <= width:
                        values[column - 1] = value_of(cell)
                row.clear()
                while row.getprevious() is not None:  # keep memory flat
                    del row.getparent()[0]
                while expected < row_number:
                    yield empty
                    expected += 1
                if expected == row_number:
                    yield tuple(values)
                    expected += 1

    def _value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            plain = cell.findtext(_INLINE_TEXT)  # <is><t>…</t></is>, as most are
            if plain is not None:
                return plain
            text = cell.find(_INLINE)
            return None if text is None else _text_of(text)
        value = cell.findtext(_VALUE) or None
        if value is None:
            return None
        if kind == "n":
            number = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
            style = cell.get("s")
            style = int(style) if style else 0
            if style in self._date_styles:
                try:
                    return from_excel(
                        number, self._epoch, timedelta=style in self._timedelta_styles
                    )
                except (OverflowError, ValueError):
                    return "#VALUE!"  # openpyxl's reading of a date out of every range
            return number
        if kind == "s":
            return self._strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str" (a formula's text), "e" (an error such as #N/A)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is"
_SI, _T, _R = f"{_MAIN}si", f"{_MAIN}t", f"{_MAIN}r"
_INLINE_TEXT = f"{_INLINE}/{_T}"
# No entity is expanded and nothing is fetched: an upload's XML is untrusted.
_SAFE = {"resolve_entities": False, "no_network": True, "huge_tree": False}


def _text_of(element) -> str:
    """A string item's text: its own <t>, then each run's <t> (openpyxl's Text.content)."""
    if len(element) == 1 and element[0].tag == _T:  # plain text, the common case
        return element[0].text or ""
    parts = []
    for child in element:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.extend(t.text or "" for t in child.iterchildren(_T))
    return "".join(parts)


def _column_of(reference: str) -> int:
    """The column number of a reference such as "C5" (openpyxl caches the letters')."""
    return column_index_from_string(reference.rstrip("0123456789"))
