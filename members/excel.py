"""Members in and out of Excel (.xlsx): the import template, validation of every row before
anything is saved (each problem named by the row and column Excel shows), a copy of the file
with the bad cells marked, the all-or-nothing import, and the export of a member list.

The Vietnamese column headers are data (the words in the file), not interface text: they stay
the same whatever the user's language, so files travel between offices.
"""

import datetime
import functools
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from members.models import Gender, Member, TheoryLevel
from members.services import register_members_bulk
from organizations.models import Organization
from partybloc import notes
from partybloc.audit.masking import mask_national_id
from partybloc.filecheck import Inflates, check_inflation
from partybloc.forms import DateField, in_range
from partybloc.jobs.models import Job
from partybloc.jobs.services import JobFailed, JobOutcome
from partybloc.text import fold
from partybloc.xlsx import SheetRows, neutralised, text_as_typed


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text, date, gender, theory, flag, national_id, digits, cell, cell_name
    required: bool = False
    width: int = 18


TEMPLATE_COLUMNS = [
    Column("Họ và tên", "full_name", required=True, width=28),
    Column("Giới tính (Nam/Nữ)", "gender", "gender", required=True, width=12),
    Column("Ngày sinh (dd/mm/yyyy)", "date_of_birth", "date", required=True, width=14),
    Column("Dân tộc", "ethnicity", required=True, width=10),
    Column("Tôn giáo", "religion", width=12),
    Column("Quê quán", "hometown", width=24),
    Column("Số CCCD", "national_id", "national_id", required=True, width=16),
    Column("Số thẻ đảng viên", "party_card_number", "digits", width=16),
    Column("Ngày vào Đảng (dd/mm/yyyy)", "admitted_on", "date", required=True, width=14),
    Column("Ngày chính thức (dd/mm/yyyy)", "official_on", "date", width=14),
    # The code is the cell's id, listed on the second sheet; the name is there for people (and
    # used alone when the code is left empty).
    Column("Mã chi bộ", "organization", "cell", width=10),
    Column("Tên chi bộ", "organization_name", "cell_name", width=36),
    Column("Nghề nghiệp", "job", width=18),
    Column("Chức vụ", "position", width=18),
    Column("Trình độ học vấn", "education", width=14),
    Column("Lý luận chính trị", "theory_level", "theory", width=14),
    Column("Đoàn viên khi kết nạp (x)", "youth_union_member", "flag", width=10),
    Column("Nơi cư trú", "residence", width=24),
    Column("Chi bộ nơi cư trú", "residential_cell", width=24),
]
COLUMN_BY_FIELD = {column.field: column for column in TEMPLATE_COLUMNS}
# Only in exports: a list may hold members who left, so their status goes with them.
STATUS_HEADER = "Trạng thái"
# Added to the marked copy of a refused file; ignored when that copy is imported again.
ERRORS_HEADER = "Lỗi"
CELLS_SHEET = "Chi bộ"
CELLS_HEADERS = ("Mã chi bộ", "Tên chi bộ", "Trực thuộc")
GENDER_WORDS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
THEORY_WORDS = {
    TheoryLevel.ELEMENTARY: "sơ cấp",
    TheoryLevel.INTERMEDIATE: "trung cấp",
    TheoryLevel.ADVANCED: "cao cấp",
    TheoryLevel.BACHELOR: "cử nhân",
}
_GENDERS = {fold(word): gender for gender, word in GENDER_WORDS.items()}
_THEORY_LEVELS = {fold(word): level for level, word in THEORY_WORDS.items()}
_YES = {"x", "co", "1", "true"}
DATE_FORMAT = "DD/MM/YYYY"
TEMPLATE_ROWS = 5000  # rows prepared with dropdowns and text formats in the template
# The upload is checked in the request (about 4 s of CPU for 10,000 rows): beyond this, split it.
MAX_ROWS = 20_000
MAX_COLUMNS = 64  # the template has 19; a file may carry a few more of its own
# What reading a file that is not a workbook, or a damaged one, raises.
UNREADABLE = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    IndexError,  # a shared string's number past the table
    SyntaxError,  # XML that does not parse (ElementTree's and lxml's errors)
    etree.LxmlError,
)
# Existing IDs and cards are looked up this many values at a time (SQLite's parameter limit).
LOOKUP_CHUNK = 10000
ERROR_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
HEADER_FONT = Font(bold=True)


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it: the header is row 1
    column: str  # the column's header, "" for the row as a whole
    message: str


@dataclass
class ParsedRow:
    row: int
    member: Member


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def by_cell(self) -> list[tuple[str, int]]:
        counts = Counter(parsed.member.organization.name for parsed in self.rows)
        return sorted(counts.items())


def _normalize_header(value) -> str:
    text = unicodedata.normalize("NFC", str(value or ""))
    return " ".join(text.split()).casefold()


_HEADER_INDEX = {_normalize_header(column.header): column for column in TEMPLATE_COLUMNS}


# --- Template ---------------------------------------------------------------------------------


def build_template(*, user) -> bytes:
    """An empty import file: headers, widths, text cells for numbers that keep their leading
    zeros, dropdowns, and a second sheet listing the cells this user may import into."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Đảng viên"
    sheet.append([column.header for column in TEMPLATE_COLUMNS])
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = HEADER_FONT
        sheet.column_dimensions[letter].width = column.width
        if column.kind in ("national_id", "digits"):
            sheet.column_dimensions[letter].number_format = "@"
        elif column.kind == "date":
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"

    cells = _destinations(user)
    cells_sheet = workbook.create_sheet(CELLS_SHEET)
    cells_sheet.append(CELLS_HEADERS)
    for cell in cells:
        parent = cell.parent.name if cell.parent_id else ""
        cells_sheet.append([cell.pk, neutralised(cell.name), neutralised(parent)])
    for index, width in enumerate((10, 48, 40), start=1):
        cells_sheet.column_dimensions[get_column_letter(index)].width = width
        cells_sheet.cell(row=1, column=index).font = HEADER_FONT

    _add_dropdowns(sheet, list(enumerate(TEMPLATE_COLUMNS, start=1)), len(cells), TEMPLATE_ROWS)
    return _save(workbook)


def _add_dropdowns(sheet, columns: list[tuple[int, Column]], cells: int, rows: int) -> None:
    """Dropdowns on the columns that take a word from a list (by their place in the sheet),
    the cells' codes and names from the second sheet when it lists `cells` of them."""
    lists = {
        "gender": '"Nam,Nữ"',
        "theory": '"{}"'.format(",".join(THEORY_WORDS.values())),
        "flag": '"x"',
    }
    if cells:
        lists["cell"] = f"'{CELLS_SHEET}'!$A$2:$A${cells + 1}"
        lists["cell_name"] = f"'{CELLS_SHEET}'!$B$2:$B${cells + 1}"
    for index, column in columns:
        if column.kind in lists:
            validation = DataValidation(
                type="list", formula1=lists[column.kind], allow_blank=not column.required
            )
            # Cell names may be long and many: a hint, not a wall, when one is typed by hand.
            validation.showErrorMessage = column.kind != "cell_name"
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{rows}")
            sheet.data_validations.append(validation)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _destinations(user) -> list:
    return list(
        Organization.objects.member_destinations_for(user).select_related("parent").order_by("path")
        if user is not None
        else []
    )


# --- Reading and validating -------------------------------------------------------------------


def _sheet_rows(file) -> SheetRows:
    """The uploaded workbook's first sheet as rows of values (partybloc.xlsx.SheetRows), or a
    ValidationError saying the file is not one we can read or unpacks to more than any import
    file (partybloc.filecheck.check_inflation): checked before a byte of it is parsed. No
    column beyond the template's few is read, however wide the sheet claims to be."""
    try:
        check_inflation(file)
        file.seek(0)
        return SheetRows(file, max_columns=MAX_COLUMNS)
    except Inflates as error:
        raise ValidationError(
            _(
                "This file unpacks to far more data than any member list holds (an abnormal or "
                "damaged file): it is refused. At most %(size)s MB unpacked is accepted; save the "
                "list again from Excel as .xlsx, or split it."
            )
            % {"size": error.limit // (1024 * 1024)}
        ) from None
    except UNREADABLE as error:
        raise _not_a_workbook() from error


def _not_a_workbook() -> ValidationError:
    return ValidationError(
        _("This is not an Excel workbook (.xlsx). Save the file as .xlsx and try again.")
    )


def _text(value) -> str:
    if value is None:
        return ""
    value = text_as_typed(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _date(value, text: str):
    """A date from a cell (a date, a date number or dd/mm/yyyy text), in DateField's years."""
    day = _read_date(value, text)
    if not in_range(day):  # 31/12/9999: a typing mistake, and dates arithmetic overflows
        raise ValueError(
            _("Enter a date between the years %(first)s and %(last)s.")
            % {"first": DateField.first_year, "last": DateField.last_year}
        )
    return day


def _read_date(value, text: str):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 100000:
        return from_excel(value).date()  # a date serial number in a cell not formatted as date
    text = text.replace("-", "/").replace(".", "/")
    try:
        day = _DAY_MONTH_YEAR.fullmatch(text)
        if day is not None:  # what strptime reads below, without its cost on every row
            return datetime.date(int(day[3]), int(day[2]), int(day[1]))
        # A calendar date read from text: no time, so no time zone.
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007
    except ValueError:
        raise ValueError(_("Write the date as dd/mm/yyyy, for example 02/09/1985.")) from None


# strptime's own patterns for %d/%m/%Y (less its odd " 1" day), as a regular expression.
_DAY_MONTH_YEAR = re.compile(r"(3[01]|[12]\d|0[1-9]|[1-9])/(1[0-2]|0[1-9]|[1-9])/(\d{4})")


@functools.lru_cache(maxsize=256)
def _word(text: str) -> str:
    """A dropdown's word folded (Nam, Nữ, trung cấp, x): few, and on every row."""
    return fold(text)


def _national_id(value, text: str) -> str:
    # A number cell drops the leading zero of the province code (001–096): put it back.
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 10**12:
        return f"{int(value):012d}"
    return text.replace(" ", "")


def _convert(column: Column, value, text: str):
    """The cell's value as the model field wants it (text: the value as _text reads it, read
    once per cell); ValueError with the message otherwise."""
    kind = column.kind
    if kind == "date":
        return _date(value, text) if text else None
    if kind == "national_id":
        return _national_id(value, text)
    if kind == "digits":
        return text.replace(" ", "") or None
    if kind == "gender":
        word = _word(text)
        if word not in _GENDERS:
            raise ValueError(_("Write “Nam” or “Nữ”."))
        return _GENDERS[word]
    if kind == "theory":
        word = _word(text)
        if word and word not in _THEORY_LEVELS:
            raise ValueError(
                _("Write sơ cấp, trung cấp, cao cấp or cử nhân, or leave the cell empty.")
            )
        return _THEORY_LEVELS.get(word, TheoryLevel.NONE)
    if kind == "flag":
        if value is True:
            return True
        word = _word(text)
        if word and word not in _YES:
            raise ValueError(_("Write “x” or leave the cell empty."))
        return bool(word)
    return text


def parse_rows(file, *, user) -> Parsed:
    """Validate every row of an import file without saving anything.

    Raises ValidationError when the file as a whole cannot be read (not a workbook, headers
    missing, no rows); otherwise returns the rows that would be registered and the errors,
    each with its row and column. Cells are looked up among those the user may register
    members in, in one query; the register is searched for the file's IDs and cards in one
    query per 10,000 of them.
    """
    sheet = _sheet_rows(file)
    try:
        lines = _as_read(sheet)
        header = next(lines, None) or ()
        positions = _positions(header)
        cells = _destinations(user)
        by_pk = {cell.pk: cell for cell in cells}
        by_name: dict[str, list] = {}
        for cell in cells:
            by_name.setdefault(_normalize_header(cell.name), []).append(cell)
        parsed = Parsed()
        for number, values in enumerate(lines, start=2):
            if not any(_text(value) for value in values):
                continue
            if len(parsed.rows) >= MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(count)s members: split it into smaller files.")
                    % {"count": f"{MAX_ROWS:,}".replace(",", ".")}
                )
            member, errors = _parse_row(number, values, positions, by_pk, by_name)
            parsed.errors.extend(errors)
            # Rows with errors are still checked for duplicates: one pass reports all it can.
            parsed.rows.append(ParsedRow(number, member))
    finally:
        sheet.close()
    if not parsed.rows and not parsed.errors:
        raise ValidationError(_("The file has no member rows under the header."))
    parsed.errors.extend(_duplicates(parsed.rows))
    failed_rows = {error.row for error in parsed.errors}
    parsed.rows = [row for row in parsed.rows if row.row not in failed_rows]
    order = {column.header: index for index, column in enumerate(TEMPLATE_COLUMNS)}
    parsed.errors.sort(key=lambda error: (error.row, order.get(error.column, -1)))
    return parsed


def _as_read(rows):
    """A sheet's rows; the sheet's XML is read as they are, so a damaged part shows only
    here, and is then a file we cannot read, as when opening it."""
    try:
        yield from rows
    except UNREADABLE as error:
        raise _not_a_workbook() from error


def _positions(header) -> dict[str, int]:
    positions = {}
    for index, value in enumerate(header):
        column = _HEADER_INDEX.get(_normalize_header(value))
        if column is not None and column.field not in positions:
            positions[column.field] = index
    missing = [
        column.header
        for column in TEMPLATE_COLUMNS
        if column.required and column.field not in positions
    ]
    if "organization" not in positions and "organization_name" not in positions:
        missing.append(COLUMN_BY_FIELD["organization"].header)
    if missing:
        raise ValidationError(
            _("These columns are missing from the first row: %(columns)s. Use the template.")
            % {"columns": ", ".join(f"“{header}”" for header in missing)}
        )
    return positions


_VALID_WHEN_CONVERTED = [
    column.field
    for column in TEMPLATE_COLUMNS
    if column.kind in ("date", "gender", "theory", "flag")
]


def _parse_row(number, values, positions, by_pk, by_name):
    errors = []

    def error(field_name, message):
        column = COLUMN_BY_FIELD.get(field_name)
        errors.append(RowError(number, column.header if column else "", str(message)))

    data = {}
    for field_name, index in positions.items():
        column = COLUMN_BY_FIELD[field_name]
        value = values[index] if index < len(values) else None
        text = _text(value)
        if column.required and not text:
            error(field_name, _("This cell is required."))
            continue
        try:
            data[field_name] = _convert(column, value, text)
        except ValueError as problem:
            error(field_name, problem)

    cell = _cell(data, by_pk, by_name, error)
    name = data.get("full_name", "")
    if name and len(name.split()) < 2:
        error("full_name", _("Enter the full name: family, middle and given name."))
    data.pop("organization", None)
    data.pop("organization_name", None)
    member = Member(**data)
    if cell is not None:
        member.organization = cell
    # Cells already refused are not checked again by the model, which would say it less well;
    # nor are those the conversion above can only have made valid (a choice, a date, a flag).
    bad_fields = [field_name for field_name in positions if field_name not in data]
    try:
        member.full_clean(
            exclude=[*bad_fields, *_VALID_WHEN_CONVERTED, "organization", "status"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as problems:
        for field_name, messages in problems.message_dict.items():
            for message in messages:
                error(None if field_name == NON_FIELD_ERRORS else field_name, message)
    return member, errors


def _cell(data, by_pk, by_name, error):
    code, name = data.get("organization"), data.get("organization_name")
    unknown = _("Unknown cell, or a cell you may not register members in.")
    if code:
        try:
            cell = by_pk.get(int(str(code)))
        except ValueError:
            cell = None
        if cell is None:
            error("organization", unknown)
            return None
        if name and _normalize_header(name) != _normalize_header(cell.name):
            error(
                "organization_name",
                _("The cell with code %(code)s is “%(name)s”.")
                % {"code": cell.pk, "name": cell.name},
            )
            return None
        return cell
    if not name:
        error("organization", _("Give the cell's code (see the sheet “Chi bộ”) or its name."))
        return None
    matches = by_name.get(_normalize_header(name), [])
    if len(matches) > 1:
        error("organization_name", _("Several cells have this name: give the cell's code."))
        return None
    if not matches:
        error("organization_name", unknown)
        return None
    return matches[0]


def _duplicates(rows: list[ParsedRow]) -> list[RowError]:
    """The same ID or card twice in the file, or already in the register."""
    errors = []
    id_header = COLUMN_BY_FIELD["national_id"].header
    card_header = COLUMN_BY_FIELD["party_card_number"].header
    first_id, first_card = {}, {}
    for parsed in rows:
        member = parsed.member
        if member.national_id:
            if member.national_id in first_id:
                errors.append(
                    RowError(
                        parsed.row,
                        id_header,
                        _("The same national ID is on row %(row)s.")
                        % {"row": first_id[member.national_id]},
                    )
                )
            else:
                first_id[member.national_id] = parsed.row
        if member.party_card_number:
            if member.party_card_number in first_card:
                errors.append(
                    RowError(
                        parsed.row,
                        card_header,
                        _("The same party card number is on row %(row)s.")
                        % {"row": first_card[member.party_card_number]},
                    )
                )
            else:
                first_card[member.party_card_number] = parsed.row
    taken_ids, taken_cards = _in_register(list(first_id), list(first_card))
    for national_id in sorted(taken_ids, key=first_id.get):
        errors.append(
            RowError(
                first_id[national_id], id_header, _("Another member already has this national ID.")
            )
        )
    for card in sorted(taken_cards, key=first_card.get):
        errors.append(
            RowError(
                first_card[card],
                card_header,
                _("Another member already has this party card number."),
            )
        )
    return errors


def _in_register(ids: list[str], cards: list[str]) -> tuple[set, set]:
    taken_ids, taken_cards = set(), set()
    for start in range(0, max(len(ids), len(cards)), LOOKUP_CHUNK):
        id_chunk = ids[start : start + LOOKUP_CHUNK]
        card_chunk = cards[start : start + LOOKUP_CHUNK]
        found = Member.objects.filter(
            Q(national_id__in=id_chunk) | Q(party_card_number__in=card_chunk)
        ).values_list("national_id", "party_card_number")
        id_set, card_set = set(id_chunk), set(card_chunk)
        for national_id, card in found:
            if national_id in id_set:
                taken_ids.add(national_id)
            if card in card_set:
                taken_cards.add(card)
    return taken_ids, taken_cards


# --- The marked copy --------------------------------------------------------------------------


def errors_workbook(file, errors: list[RowError]) -> bytes:
    """A copy of the uploaded file with each bad cell filled red and noted with its message,
    and every message of a row in a last column, so the file can be corrected and sent again.

    The copy is rebuilt from the file's values, row by row (write-only), in the template's
    layout (its column widths and dropdowns, dates shown dd/mm/yyyy, the header frozen), the
    other sheets' values after it: loading and saving the whole workbook with openpyxl took
    most of the half-minute a refused file of 10,000 rows waited for its answer. Like every
    export, what was typed stays text (partybloc.xlsx.neutralised)."""
    source = _sheet_rows(file)
    try:
        rows = list(_as_read(source))
        others = [(name, list(_as_read(source.rows_of(part)))) for name, part in source.sheets[1:]]
    finally:
        source.close()
    while rows and not any(value is not None for value in rows[-1]):
        rows.pop()
    header = list(rows[0]) if rows else []
    while header and header[-1] is None:
        header.pop()
    column_of = {}
    for index, value in enumerate(header, start=1):
        column = _HEADER_INDEX.get(_normalize_header(value))
        if column is not None:
            column_of.setdefault(column.header, index)
    errors_column = next(
        (
            index
            for index, value in enumerate(header, start=1)
            if _normalize_header(value) == _normalize_header(ERRORS_HEADER)
        ),
        len(header) + 1,
    )
    width = max(errors_column, *(_width(row) for row in rows)) if rows else errors_column
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(source.sheets[0][0][:31])
    for index, value in enumerate(header, start=1):
        column = _HEADER_INDEX.get(_normalize_header(value))
        if column is not None:
            sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.column_dimensions[get_column_letter(errors_column)].width = 60
    sheet.freeze_panes = "A2"
    listed = next((len(rows) - 1 for name, rows in others if name == CELLS_SHEET and rows), 0)
    _add_dropdowns(
        sheet,
        [(index, column) for column in TEMPLATE_COLUMNS if (index := column_of.get(column.header))],
        listed,
        max(TEMPLATE_ROWS, len(rows)),
    )
    for number, values in enumerate(rows, start=1):
        cells = [_copied(sheet, value) for value in values[:width]]
        cells += [None] * (width - len(cells))
        if number == 1:
            cells = [_bold(sheet, value) for value in cells]
            cells[errors_column - 1] = _bold(sheet, ERRORS_HEADER)
        row_errors = by_row.get(number)
        if row_errors:
            notes: dict[int, list[str]] = {}
            for error in row_errors:
                notes.setdefault(column_of.get(error.column, 1), []).append(error.message)
            for column, messages in notes.items():
                cells[column - 1] = _marked(sheet, values[column - 1], messages)
            cells[errors_column - 1] = neutralised(
                "; ".join(
                    f"{error.column}: {error.message}" if error.column else error.message
                    for error in row_errors
                )
            )
        sheet.append(cells[: _width(cells)])
    for name, other_rows in others:
        other = workbook.create_sheet(name[:31])
        for values in other_rows:
            other.append([_copied(other, value) for value in values[: _width(values)]])
    return _save(workbook)


def _width(values) -> int:
    """How many cells of a row reach its last value."""
    for index in range(len(values) - 1, -1, -1):
        if values[index] is not None:
            return index + 1
    return 0


def _copied(sheet, value):
    if isinstance(value, datetime.datetime | datetime.date):
        return _cell_of(sheet, value)
    return neutralised(value)


def _cell_of(sheet, value):
    cell = WriteOnlyCell(sheet, value=neutralised(value))
    if isinstance(value, datetime.datetime | datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value=neutralised(value))
    cell.font = HEADER_FONT
    return cell


def _marked(sheet, value, messages: list[str]):
    cell = _cell_of(sheet, value)
    cell.fill = ERROR_FILL
    cell.comment = Comment("\n".join(messages), "partybloc", width=300, height=100)
    return cell


# --- Import -----------------------------------------------------------------------------------


def refusal_summary(errors: list[RowError]) -> str:
    """The refusal as a note (partybloc.notes): shown in the reader's language."""
    first = errors[0]
    return notes.note(
        "import_refused",
        count=len(errors),
        row=first.row,
        column=first.column,
        message=first.message,
    )


def import_file(job: Job) -> JobOutcome:
    """The import job's runner: validate the whole file again (the register may have changed
    since the preview), then register every member, or none. Cells are those the requesting
    user may register members in, read now, not when the file was uploaded."""
    with job.input_file.open("rb") as stored:
        content = stored.read()
    try:
        parsed = parse_rows(io.BytesIO(content), user=job.created_by)
    except ValidationError as problem:
        raise JobFailed(" ".join(problem.messages)) from None
    if parsed.errors:
        raise _refused(content, parsed.errors)
    try:
        with transaction.atomic():
            register_members_bulk(
                [row.member for row in parsed.rows],
                by=job.created_by,
                reason=notes.note("imported", number=job.pk),
            )
    except IntegrityError:
        # Someone registered one of the file's IDs or cards after the check above. The
        # database's own message quotes the value (`Key (national_id)=(…) already exists`):
        # the job's page names the row and the column instead, as the check would have.
        errors = _duplicates(parsed.rows)
        if not errors:
            raise JobFailed(notes.note("import_refused_while_saving")) from None
        raise _refused(content, errors) from None
    return JobOutcome(
        result={"imported": len(parsed.rows), "by_cell": parsed.by_cell},
        # The marked copy of an earlier, failed attempt no longer applies.
        files={"output_file": None},
    )


MAX_ERRORS_SHOWN = 200


def _refused(content: bytes, errors: list[RowError]) -> JobFailed:
    """The import refused: the summary, the errors (each with its row) and the marked copy."""
    marked = ContentFile(
        errors_workbook(io.BytesIO(content), errors), name="loi-nhap-dang-vien.xlsx"
    )
    return JobFailed(
        refusal_summary(errors),
        outcome=JobOutcome(
            result={
                "error_count": len(errors),
                "errors": [[e.row, e.column, e.message] for e in errors[:MAX_ERRORS_SHOWN]],
            },
            files={"output_file": marked},
        ),
    )


# --- Export -----------------------------------------------------------------------------------


def export_members(members, *, full_national_ids: bool = False) -> bytes:
    """A member list as .xlsx: the template's columns, then the status. Built row by row
    (write-only), so memory stays flat for a whole province. National IDs are masked
    (058*******12) unless full_national_ids: who may ask for them is
    access.can_export_full_national_ids's to say, and the view logs it."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Đảng viên")
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.column_dimensions[get_column_letter(len(TEMPLATE_COLUMNS) + 1)].width = 16
    headers = []
    for header in [*(column.header for column in TEMPLATE_COLUMNS), STATUS_HEADER]:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = HEADER_FONT
        headers.append(cell)
    sheet.append(headers)
    for member in members.iterator(chunk_size=2000):
        sheet.append(
            [
                *(
                    neutralised(_export_value(sheet, member, column, full_national_ids))
                    for column in TEMPLATE_COLUMNS
                ),
                neutralised(str(member.get_status_display())),  # in the reader's language
            ]
        )
    return _save(workbook)


def _export_value(sheet, member, column: Column, full_national_ids: bool):
    if column.kind == "date":
        day = getattr(member, column.field)
        if day is None:
            return None
        cell = WriteOnlyCell(sheet, value=day)
        cell.number_format = DATE_FORMAT
        return cell
    if column.kind == "gender":
        return GENDER_WORDS.get(member.gender, "")
    if column.kind == "theory":
        return THEORY_WORDS.get(member.theory_level, "")
    if column.kind == "flag":
        return "x" if member.youth_union_member else ""
    if column.kind == "cell":
        return member.organization_id
    if column.kind == "cell_name":
        return member.organization.name
    if column.kind == "national_id" and not full_national_ids:
        return mask_national_id(member.national_id)
    return getattr(member, column.field) or ""
