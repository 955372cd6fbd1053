"""A small named world: a bloc, two committees with cells, a grassroots cell, members, and a
user per role plus an outsider. Tests read like the office's own language about it."""

import datetime
import importlib
import itertools

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from members.dues.models import DuesRule
from members.models import Gender, Member
from members.services import register_member
from members.year.models import AdmissionRule
from organizations.models import Organization, RoleAssignment
from organizations.services import found_organization
from partybloc.notifications.models import ReminderRule

Kind = Organization.Kind
Role = RoleAssignment.Role
_sequence = itertools.count(1)


def national_id_for(gender: str, born: datetime.date) -> str:
    """A CCCD that agrees with gender and year of birth (Ninh Thuận's province code 058)."""
    century = (born.year // 100) - 19
    code = century * 2 + (1 if gender == Gender.FEMALE else 0)
    return f"058{code}{born.year % 100:02d}{next(_sequence):06d}"


def make_member(
    cell,
    full_name,
    *,
    gender=Gender.MALE,
    born=datetime.date(1985, 5, 12),
    admitted=datetime.date(2010, 3, 1),
    official=datetime.date(2011, 3, 1),
    card=True,
    **fields,
) -> Member:
    member = Member(
        full_name=full_name,
        gender=gender,
        date_of_birth=born,
        national_id=fields.pop("national_id", None) or national_id_for(gender, born),
        party_card_number=(f"{next(_sequence):08d}" if card and official else None),
        admitted_on=admitted,
        official_on=official,
        organization=cell,
        **fields,
    )
    member.full_clean()
    return register_member(member)


def make_org(name, kind, parent=None, founded=datetime.date(2000, 1, 1), **fields):
    return found_organization(
        Organization(name=name, kind=kind, parent=parent, founded_on=founded, **fields)
    )


class World:
    """Names for everything a test needs; built once per test in the test database."""

    def __init__(self):
        self.bloc = make_org("Đảng bộ Khối các cơ quan tỉnh", Kind.BLOC)
        self.finance = make_org(
            "Đảng bộ Sở Tài chính",
            Kind.COMMITTEE,
            self.bloc,
            term_start_year=2025,
            term_end_year=2030,
            congress_held_on=datetime.date(2025, 5, 20),
        )
        self.finance_office = make_org(
            "Chi bộ Văn phòng Sở Tài chính", Kind.SUBORDINATE_CELL, self.finance
        )
        self.finance_budget = make_org(
            "Chi bộ Phòng Ngân sách", Kind.SUBORDINATE_CELL, self.finance
        )
        self.health = make_org("Đảng bộ Sở Y tế", Kind.COMMITTEE, self.bloc)
        self.health_office = make_org(
            "Chi bộ Văn phòng Sở Y tế", Kind.SUBORDINATE_CELL, self.health
        )
        self.inspectorate = make_org("Chi bộ Thanh tra tỉnh", Kind.GRASSROOTS_CELL, self.bloc)

        self.an = make_member(self.finance_office, "Nguyễn Văn An")
        self.dao = make_member(
            self.finance_office,
            "Trần Thị Đào",
            gender=Gender.FEMALE,
            born=datetime.date(1990, 8, 2),
        )
        self.binh = make_member(self.finance_budget, "Lê Văn Bình")
        self.duc = make_member(self.health_office, "Phạm Minh Đức")
        self.anh = make_member(
            self.inspectorate, "Võ Thị Ánh", gender=Gender.FEMALE, born=datetime.date(1992, 1, 9)
        )

        users = get_user_model().objects
        self.office = users.create_user("vanphong", password="x", is_staff=True)
        self.leader = users.create_user("lanhdao", password="x")
        self.finance_staff = users.create_user("danguy_taichinh", password="x")
        self.finance_office_secretary = users.create_user("bithu_vanphong", password="x")
        self.inspectorate_secretary = users.create_user("bithu_thanhtra", password="x")
        self.inspector = users.create_user("kiemtra", password="x")
        self.outsider = users.create_user("nguoingoai", password="x")
        grants = [
            (self.office, self.bloc, Role.OFFICE_STAFF),
            (self.leader, self.bloc, Role.LEADER),
            (self.finance_staff, self.finance, Role.COMMITTEE_STAFF),
            (self.finance_office_secretary, self.finance_office, Role.CELL_SECRETARY),
            (self.inspectorate_secretary, self.inspectorate, Role.CELL_SECRETARY),
            (self.inspector, self.bloc, Role.INSPECTOR),
        ]
        for user, organization, role in grants:
            RoleAssignment.objects.create(user=user, organization=organization, role=role)

    def refresh(self):
        for value in list(vars(self).values()):
            if hasattr(value, "refresh_from_db"):
                value.refresh_from_db()


@pytest.fixture(autouse=True)
def rules_in_force(request):
    """The admission procedures and rating scales come from a data migration. A transactional
    test (browser, worker) empties every table when it ends, so put them back when missing."""
    if not any(name in request.fixturenames for name in ("db", "transactional_db")):
        marker = request.node.get_closest_marker("django_db")
        if marker is None:
            return
        request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    if not AdmissionRule.objects.exists():
        importlib.import_module("members.year.migrations.0002_rules_as_data").load(apps, None)
    if not ReminderRule.objects.exists():
        importlib.import_module("partybloc.notifications.migrations.0002_default_rules").load(
            apps, None
        )
    if not DuesRule.objects.exists():
        importlib.import_module("members.dues.migrations.0002_rule_342").load(apps, None)


@pytest.fixture
def world(db):
    return World()


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """client.force_login skips the sign-in form, and with it the code page. For users who must
    sign in with a code (office staff, admin access) the session would then stay held at that
    page, and every test of their pages would test the code page instead. So force_login here
    also does what a right code does: it gives the user a confirmed TOTP device (if they have
    none) and records in the session that it verified them. Nothing else is skipped: the
    device, the session and the middleware are the real ones. The real sign-in, password then
    code, is tested through the forms in tests/test_sign_in.py."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partybloc.accounts import two_factor

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        # A fresh copy: the access rules cache the roles they read on the user object, and the
        # test's own object must not keep roles read before the test changes them.
        if two_factor.required_for(type(user).objects.get(pk=user.pk)):
            device = two_factor.confirmed_device(user) or TOTPDevice.objects.create(
                user=user, name="test", confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture
def as_user(client):
    """Log the test client in as a user of the world: as_user(world.office)."""

    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_configure(config):
    from django.conf import settings

    config.addinivalue_line(
        "markers",
        "walker: the walk of every URL, role and method (in make test; alone: make walk)",
    )

    # Password hashing is deliberately slow; tests log users in without checking passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The inspection work built on this world (tests/inspections_world.py).
from tests.inspections_world import iw, private_storage  # noqa: E402, F401
