"""Candidates for the year's tests: one in a cell of the world, walked through the steps."""

import datetime

from members.year import services
from members.year.models import Candidate
from tests.conftest import national_id_for


def candidate(world, *, born=datetime.date(1998, 3, 3), youth=True, cell=None, **fields):
    return Candidate.objects.create(
        full_name=fields.pop("full_name", "Lương Thị Mai"),
        gender="female",
        date_of_birth=born,
        national_id=national_id_for("female", born),
        organization=cell or world.finance_office,
        youth_union_member=youth,
        **fields,
    )


def walk(c, by, steps, start):
    day = start
    for code, gap in steps:
        day += datetime.timedelta(days=gap)
        services.record_step(c, step_code=code, done_on=day, by=by)
    return day


FULL_PATH = [
    ("course", 0),
    ("helper", 5),
    ("application", 95),
    ("verification", 30),
    ("cell_resolution", 10),
    ("committee_resolution", 10),
    ("decision", 10),
]
