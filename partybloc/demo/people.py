"""Drawing the demo's members: a name as they are given in Ninh Thuận, a birth and a CCCD that
agree, a home and a residential cell, a career fitting the agency, an admission, and the first
entries of the history the register keeps."""

import datetime

from members.models import Gender, Member, MemberPlacement, Status, add_years
from organizations.models import Organization
from partybloc.demo.data.bloc import (
    LAST_FIXED_ADMISSION,
    LAST_FIXED_JOINING,
    AgencySpec,
    deputy_title,
    unit_head_title,
)
from partybloc.demo.data.people import (
    CHAM_FAMILY,
    CHAM_RELIGION,
    CHAM_VILLAGES,
    EDUCATION,
    EXEMPT_REASONS,
    GIVEN,
    HOA_FAMILY,
    JOBS,
    KINH_FAMILY,
    KINH_RELIGION,
    MIDDLE,
    NINH_THUAN,
    NINH_THUAN_DISTRICTS,
    OTHER_PROVINCES,
    OUTSIDE_ORGANIZATIONS,
    RAGLAI_FAMILY,
    RAGLAI_VILLAGES,
    SECOND_MIDDLE_AFTER_THI,
    STAFF_POSITION,
    SUPPORT_JOBS,
    THEORY,
    VILLAGES,
)
from partybloc.demo.draws import Draws, days, national_id
from partybloc.demo.plan import Draft, Stay

Reason = MemberPlacement.Reason
day = datetime.date


class People:
    """Draws members for the register builder, from the build's random source. CCCDs never
    repeat and party card numbers rise through the whole build, whatever the scale."""

    def __init__(self, draws: Draws):
        self.draws = draws
        self.rng = draws.rng
        self.used_ids: set[str] = set()
        self.card_sequence = 0

    def person(self, profile: str) -> dict:
        rng = self.rng
        gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
        if profile == "probationary":
            year = rng.randint(1993, 2000) if rng.random() < 0.8 else rng.randint(1985, 1992)
        elif profile == "recent":
            year = rng.randint(1988, 2000)
        elif profile in ("exempt", "deceased"):
            year = rng.randint(1965, 1969)
        else:
            year = int(rng.triangular(1965, 1999, 1982))
        born = day(year, 1, 1) + days(rng.randint(0, 364))

        draw = rng.random()
        if draw < 0.06:
            ethnicity, family = "Chăm", CHAM_FAMILY.pick(rng)
            district, communes = rng.choice(CHAM_VILLAGES)
            religion = CHAM_RELIGION.pick(rng)
        elif draw < 0.08:
            ethnicity, family = "Raglai", RAGLAI_FAMILY.pick(rng)
            district, communes = rng.choice(RAGLAI_VILLAGES)
            religion = ""
        else:
            if draw < 0.086:
                ethnicity, family = "Hoa", HOA_FAMILY.pick(rng)
            else:
                ethnicity, family = "Kinh", KINH_FAMILY.pick(rng)
            district, communes = rng.choice(NINH_THUAN_DISTRICTS)
            religion = KINH_RELIGION.pick(rng)
        if ethnicity in ("Kinh", "Hoa") and rng.random() < 0.28:
            province, code, districts = OTHER_PROVINCES.pick(rng)
            hometown = f"{rng.choice(districts)}, {province}"
        else:
            code = "058"
            hometown = f"{rng.choice(communes)}, {district}, {NINH_THUAN}"

        middle = MIDDLE[gender].pick(rng)
        if middle == "Thị" and rng.random() < 0.15:
            middle = f"Thị {rng.choice(SECOND_MIDDLE_AFTER_THI)}"
        given = rng.choice(GIVEN[gender])
        while given == middle.split()[-1]:  # "Hồng Hồng" is no name
            given = rng.choice(GIVEN[gender])
        return {
            "full_name": f"{family} {middle} {given}",
            "gender": gender,
            "date_of_birth": born,
            "ethnicity": ethnicity,
            "religion": religion,
            "hometown": hometown,
            "national_id": self.national_id(code, gender, born),
            **self.residence(),
        }

    def national_id(self, province_code: str, gender: str, born: datetime.date) -> str:
        """A CCCD no other member of the build holds."""
        while True:
            number = national_id(province_code, gender, born, self.rng.randrange(10**6))
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def residence(self) -> dict:
        rng = self.rng
        if rng.random() < 0.8:
            city, wards = NINH_THUAN_DISTRICTS[0]
            ward = rng.choice(wards)
            quarter = rng.randint(1, 12)
            if ward.startswith("xã"):
                village = rng.choice(VILLAGES)
                return {
                    "residence": f"thôn {village}, {ward}, {city}",
                    "residential_cell": f"Chi bộ thôn {village}, {ward}",
                }
            return {
                "residence": f"khu phố {quarter}, {ward}, {city}",
                "residential_cell": f"Chi bộ khu phố {quarter}, {ward}",
            }
        district, communes = rng.choice(NINH_THUAN_DISTRICTS[1:3])
        commune = rng.choice(communes)
        village = rng.choice(VILLAGES)
        if commune.startswith("thị trấn"):
            return {
                "residence": f"khu phố {village}, {commune}, {district}",
                "residential_cell": f"Chi bộ khu phố {village}, {commune}",
            }
        return {
            "residence": f"thôn {village}, {commune}, {district}",
            "residential_cell": f"Chi bộ thôn {village}, {commune}",
        }

    def career(self, spec: AgencySpec, unit: str, profile: str) -> dict:
        rng = self.rng
        job = JOBS[spec.sector].pick(rng)
        head = unit_head_title(unit) if unit else spec.unit_head
        draw = rng.random()
        if profile in ("probationary", "recent") or job in SUPPORT_JOBS or draw >= 0.11:
            rank = "new" if profile in ("probationary", "recent") else "staff"
            position = STAFF_POSITION.get(job, job)
            if position == "Chuyên viên" and rng.random() < 0.2:
                position = "Chuyên viên chính"
        elif draw < 0.03:
            rank, position = "head", head
        else:
            rank, position = "deputy", deputy_title(head)
        if job in SUPPORT_JOBS:
            education = EDUCATION["support"].pick(rng)
        else:
            education = EDUCATION.get(job, EDUCATION["default"]).pick(rng)
        return {
            "job": job,
            "position": position,
            "education": education,
            "theory_level": THEORY[rank].pick(rng),
        }

    def admission(
        self, born: datetime.date, profile: str, days_ago: int | None
    ) -> tuple[datetime.date, datetime.date | None]:
        """(admitted, made official) for a member of this profile; a member admitted lately
        (probationary or recent) was admitted days_ago."""
        rng, today = self.rng, self.draws.today
        if profile == "probationary":
            return today - days(days_ago or 0), None
        if profile == "recent":
            admitted = today - days(days_ago or 0)
            return admitted, min(add_years(admitted, 1) + days(rng.randint(0, 40)), today)
        # Admitted at 20 to 40, mostly in their twenties, and before the demo's recent past.
        first_year = max(born.year + 20, 1986)
        last_year = min(born.year + 40, LAST_FIXED_ADMISSION.year)
        span = last_year - first_year + 1
        year = first_year + min(int(rng.triangular(0, span, min(6, span))), span - 1)
        admitted = max(day(year, 1, 1) + days(rng.randint(0, 364)), add_years(born, 19))
        return admitted, add_years(admitted, 1) + days(rng.randint(0, 45))

    def member(
        self,
        organization: Organization,
        spec: AgencySpec,
        unit: str,
        profile: str,
        recent: tuple[str, int, bool] | None = None,
        person_profile: str | None = None,
    ) -> Draft:
        """A member of a cell, drawn for a profile ("old", "recent", "probationary", "exempt",
        "ended"), with the first entries of their status history and of their placements."""
        rng, draws = self.rng, self.draws
        person = self.person(person_profile or profile)
        born = person["date_of_birth"]
        admitted, official = self.admission(born, profile, recent[1] if recent else None)
        # Draw first: the admission date may count back from today, the draws may not.
        youth_draw = rng.random()
        youth = recent[2] if recent else (admitted - born).days // 365 < 30 and youth_draw < 0.85
        card = None
        if profile != "probationary":
            self.card_sequence += rng.randint(1, 5)
            card = f"{58_000_000 + self.card_sequence:08d}"
        member = Member(
            **person,
            **self.career(spec, unit, profile),
            party_card_number=card,
            admitted_on=admitted,
            official_on=official,
            youth_union_member=youth,
        )
        events = [(Status.PROBATIONARY, admitted, "Kết nạp vào Đảng", draws.decision("ĐUK"))]
        if official:
            events.append(
                (Status.OFFICIAL, official, "Công nhận đảng viên chính thức", draws.decision("ĐUK"))
            )
        if profile == "exempt":
            exempt_on = draws.past(draws.date_between(day(2022, 1, 1), day(2025, 12, 31)))
            events.append((Status.EXEMPT, exempt_on, rng.choice(EXEMPT_REASONS), ""))

        # Some were admitted in this cell; the others joined it later from elsewhere.
        admitted_here = profile in ("probationary", "recent") or (
            admitted >= organization.founded_on and rng.random() < 0.5
        )
        if admitted_here:
            stay = Stay(organization, admitted, Reason.ADMITTED)
        else:
            joined = max(organization.founded_on, admitted + days(rng.randint(200, 4000)))
            stay = Stay(
                organization,
                min(joined, LAST_FIXED_JOINING),
                Reason.TRANSFER_IN,
                came_from=rng.choice(OUTSIDE_ORGANIZATIONS),
            )
        return Draft(member, profile, events, [stay])
