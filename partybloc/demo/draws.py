"""What every part of the demo draws with: one seeded random source and the day it counts back
from, weighted tables, and numbers shaped like the real ones. A build makes the same draws in
the same order on every run, so it gives the same bloc."""

import datetime
import random

from members.models import Gender


def days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


class Weighted:
    """A fixed table of values with weights, drawn from with a caller's random.Random."""

    def __init__(self, pairs):
        self.values = [value for value, _weight in pairs]
        self.cum_weights = []
        total = 0
        for _value, weight in pairs:
            total += weight
            self.cum_weights.append(total)

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


class Draws:
    """The random source of one build, shared by its builders, and the day it counts back from."""

    def __init__(self, seed: int, today: datetime.date):
        self.rng = random.Random(seed)
        self.today = today

    def past(self, date: datetime.date) -> datetime.date:
        """A fixed date from the data, kept out of the future when the clock is behind it."""
        return min(date, self.today - days(1))

    def date_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + days(self.rng.randint(0, (last - first).days))

    def decision(self, issuer: str) -> str:
        return f"{self.rng.randint(12, 980)}-QĐ/{issuer}"


def national_id(province_code: str, gender: str, born: datetime.date, serial: int) -> str:
    """A CCCD: province of birth, gender and century, year of birth, then a serial number."""
    century = born.year // 100 - 19
    marker = century * 2 + (1 if gender == Gender.FEMALE else 0)
    return f"{province_code}{marker}{born.year % 100:02d}{serial:06d}"
