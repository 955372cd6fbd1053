"""The import's timings (issue 12: a 10,000-row file validated and imported in 10 s; a file
with 1,000 bad rows answered with its marked copy in 10 s): files generated for the cells of
the database at hand, run through the same functions as the upload and the import job, in a
transaction rolled back at the end so the benchmark database stays as the demo built it.
Wall and CPU time are both given: on a shared machine the wall time carries the neighbours'
load, the CPU time does not."""

import datetime
import io
import time
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from members import excel
from members.models import Gender
from organizations.models import Organization
from partybloc.jobs.models import Job
from partybloc.types import User

ROWS = 10_000
BAD_ROWS = 1_000
# Serials and cards far from the demo's (province 058, cards from 1) so the file's are new.
PROVINCE = "099"
FIRST_CARD = 990_000_001


@dataclass
class Timing:
    label: str
    wall: float  # seconds
    cpu: float  # seconds of this process
    floor: float | None = None  # seconds, for the lines that answer a floor

    def line(self) -> str:
        verdict = ""
        if self.floor is not None:
            verdict = " met" if self.wall <= self.floor else " NOT met"
            verdict = f" | ≤ {self.floor:g} s:{verdict}"
        return f"| {self.label} | {self.wall:.1f} s | {self.cpu:.1f} s{verdict} |"


HEADER = "| import step | wall | CPU | floor |\n|---|---|---|---|"


class _RolledBack(Exception):
    pass


def import_file_bytes(cells: list[Organization], count: int, *, bad_every: int = 0) -> bytes:
    """An import file of `count` new members spread over `cells`; with bad_every, every
    bad_every-th row has a wrong national ID (its birth year disagrees) and an unknown gender."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Đảng viên")
    sheet.append([column.header for column in excel.TEMPLATE_COLUMNS])
    for index in range(count):
        cell = cells[index % len(cells)]
        born = datetime.date(1960 + index % 30, 1 + index % 12, 1 + index % 28)
        gender = Gender.FEMALE if index % 2 else Gender.MALE
        code = (born.year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)
        national_id = f"{PROVINCE}{code}{born.year % 100:02d}{index:06d}"
        gender_word = excel.GENDER_WORDS[gender]
        if bad_every and index % bad_every == 0:
            national_id = f"{PROVINCE}{code}{(born.year + 1) % 100:02d}{index:06d}"
            gender_word = "Khác"
        sheet.append(
            [
                f"Nguyễn Văn Thử {index}",
                gender_word,
                born.strftime("%d/%m/%Y"),
                "Kinh",
                "",
                "Phan Rang",
                national_id,
                str(FIRST_CARD + index),
                "03/02/2010",
                "03/02/2011",
                cell.pk,
                cell.name,
                "Chuyên viên",
                "",
                "12/12",
                "trung cấp",
                "x",
                "Phường Phủ Hà",
                "Chi bộ khu phố 3",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _timed(label: str, action: Callable[[], object], floor: float | None = None):
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return Timing(label, time.perf_counter() - wall, time.process_time() - cpu, floor), result


def run(user: User, *, rows: int = ROWS, bad_rows: int = BAD_ROWS) -> list[Timing]:
    """Validate, import and refuse files of `rows` rows as `user` (who must be able to
    register members); nothing stays in the database."""
    cells = list(Organization.objects.member_destinations_for(user).order_by("pk"))
    if not cells:
        raise ValueError("This user may register members in no cell.")
    good = import_file_bytes(cells, rows)
    bad = import_file_bytes(cells, rows, bad_every=rows // bad_rows if bad_rows else 0)
    timings = []

    validate, parsed = _timed(
        f"validate {rows:,} rows (the preview)",
        lambda: excel.parse_rows(io.BytesIO(good), user=user),
    )
    if parsed.errors:
        raise ValueError(f"The generated file has errors: {parsed.errors[:3]}")
    timings.append(validate)
    name = default_storage.save("benchmark/import.xlsx", ContentFile(good))
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=Job.Kind.MEMBER_IMPORT, created_by=user, input_file=name)
            imported, outcome = _timed(
                f"import {rows:,} rows (the job: checked again, then saved)",
                lambda: excel.import_file(job),
            )
            if outcome.result["imported"] != rows:
                raise ValueError(f"Imported {outcome.result['imported']} rows of {rows}.")
            raise _RolledBack
    except _RolledBack:
        pass
    finally:
        default_storage.delete(name)
    timings.append(imported)
    timings.append(
        Timing(
            "validate + import",
            validate.wall + imported.wall,
            validate.cpu + imported.cpu,
            floor=10,
        )
    )

    def refuse():
        parsed = excel.parse_rows(io.BytesIO(bad), user=user)
        return parsed, excel.errors_workbook(io.BytesIO(bad), parsed.errors)

    refused, (parsed, _marked) = _timed(
        f"{bad_rows:,} bad rows of {rows:,}: errors and the marked copy", refuse, floor=10
    )
    if len({error.row for error in parsed.errors}) != bad_rows:
        raise ValueError(f"Expected {bad_rows} bad rows, found {len(parsed.errors)} errors.")
    marking, _ = _timed(
        "  of which the marked copy", lambda: excel.errors_workbook(io.BytesIO(bad), parsed.errors)
    )
    timings += [refused, marking]
    return timings
