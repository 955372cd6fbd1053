"""The demo loader: the bloc of seed 001 in shape, every member's history consistent with their
record, the demo logins in place, and the same data on every run."""

import datetime
import hashlib
import io
import itertools
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from inspections.models import Complaint, DisciplineDecision
from members.models import (
    ACTIVE_STATUSES,
    LeadershipPosition,
    Member,
    MemberPlacement,
    MemberStatusChange,
    Status,
    add_years,
    national_id_mismatch,
)
from organizations.models import HostAgency, Organization, ParentLink, RoleAssignment
from organizations.services import tree_as_of
from partybloc import demo
from partybloc.accounts import two_factor
from partybloc.management.commands import seed_demo
from partybloc.notifications.models import Notification

Kind = Organization.Kind
Role = RoleAssignment.Role


def fingerprint(members) -> str:
    digest = hashlib.sha256()
    for member in members:
        digest.update(
            f"{member.full_name}|{member.national_id}|{member.party_card_number}\n".encode()
        )
    return digest.hexdigest()


def everything_but_recent_dates(plan: demo.DemoPlan) -> list:
    members = [
        (m.full_name, m.national_id, m.party_card_number, m.date_of_birth, m.hometown, m.job,
         m.position, m.theory_level, m.status, m.organization.name)
        for m in plan.members
    ]  # fmt: skip
    organizations = [
        (o.name, o.founded_on, o.congress_held_on, o.regulation_adopted_on)
        for o in plan.organizations
    ]
    posts = [(p.organization.name, p.member.full_name, p.post) for p in plan.positions]
    logins = [(login.username, login.holder.full_name) for login in plan.logins]
    return [members, organizations, posts, logins]


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return [
        model.objects.count()
        for model in (
            Organization, HostAgency, ParentLink, Member, MemberStatusChange, MemberPlacement,
            LeadershipPosition, RoleAssignment, get_user_model(),
        )
    ]  # fmt: skip


@pytest.mark.django_db
def test_seed_demo_loads_the_bloc_of_seed_001():
    output = seed()
    today = timezone.localdate()

    # The tree of seed 001: 56 grassroots organizations, 25 committees, 161 subordinate cells.
    live = Organization.objects.active()
    assert live.filter(kind=Kind.BLOC).count() == 1
    assert live.filter(kind=Kind.COMMITTEE).count() == 25
    assert live.filter(kind=Kind.GRASSROOTS_CELL).count() == 31
    assert live.filter(kind=Kind.SUBORDINATE_CELL).count() == 161
    for organization in Organization.objects.select_related("parent"):
        expected = (
            organization.parent.path if organization.parent else ""
        ) + f"{organization.pk:07d}/"
        assert organization.path == expected
        assert organization.depth == expected.count("/") - 1
        assert organization.name_folded and organization.sort_key
    grassroots = Organization.objects.grassroots()
    assert grassroots.values("name").distinct().count() == 56
    assert all(4 <= committee.children.active().count() <= 10 for committee in
               live.filter(kind=Kind.COMMITTEE))  # fmt: skip
    assert HostAgency.objects.count() == 56
    assert 5000 < sum(HostAgency.objects.values_list("workforce", flat=True)) < 5500
    assert ParentLink.objects.filter(valid_to__isnull=True).count() == live.count()

    # One cell was merged six months ago: the tree as of a year ago still shows it.
    merged = Organization.objects.get(end_kind=Organization.EndKind.MERGED)
    assert merged.successor.is_active and merged.ended_on < today
    year_ago = [org for org, _parent, _depth in tree_as_of(today - datetime.timedelta(days=365))]
    assert merged in year_ago
    assert sum(org.kind == Kind.SUBORDINATE_CELL for org in year_ago) == 162
    carried = MemberPlacement.objects.filter(reason=MemberPlacement.Reason.RESTRUCTURE)
    assert carried.exists() and {p.organization_id for p in carried} == {merged.successor_id}

    # Members: about 2,305 active, every cell with at least three.
    members = list(Member.objects.all())
    active = [member for member in members if member.status in ACTIVE_STATUSES]
    assert 2200 <= len(active) <= 2400
    per_cell = Counter(member.organization_id for member in active)
    for cell in live.cells():
        assert per_cell[cell.pk] >= 3, cell.name
    statuses = Counter(member.status for member in members)
    assert 0.04 < statuses[Status.PROBATIONARY] / len(active) < 0.07
    assert statuses[Status.EXEMPT] > 20
    assert statuses[Status.EXPELLED] == 1 and statuses[Status.LEFT] == 1
    assert statuses[Status.TRANSFERRED_OUT] + statuses[Status.DECEASED] > 10
    recognition_due = Member.objects.recognition_due(within_days=60)
    overdue = Member.objects.recognition_due(within_days=0).filter(
        admitted_on__lt=add_years(today, -1)
    )
    assert recognition_due.count() >= 5
    assert 1 <= overdue.count() <= 2

    # Each record agrees with its rules and with its history.
    assert len({member.national_id for member in members}) == len(members)
    cards = [member.party_card_number for member in members if member.party_card_number]
    assert len(set(cards)) == len(cards)
    changes = defaultdict(list)
    for change in MemberStatusChange.objects.order_by("effective_on", "pk"):
        changes[change.member_id].append(change)
    placements = defaultdict(list)
    for placement in MemberPlacement.objects.order_by("started_on", "pk"):
        placements[placement.member_id].append(placement)
    for member in members:
        member.clean()  # gender and birth year in the CCCD, age at admission, 12 months' probation
        assert national_id_mismatch(member.national_id, member.gender, member.date_of_birth) is None
        assert member.sort_key and member.search_text
        assert (member.party_card_number is None) == (member.status == Status.PROBATIONARY)
        history = changes[member.pk]
        assert history[0].status == Status.PROBATIONARY
        assert history[0].effective_on == member.admitted_on
        assert (history[-1].status, history[-1].effective_on) == (
            member.status,
            member.status_since,
        )
        stays = placements[member.pk]
        assert stays[0].started_on >= member.admitted_on
        assert stays[-1].organization_id == member.organization_id
        for before, after in itertools.pairwise(stays):
            assert before.ended_on == after.started_on
        open_stays = [stay for stay in stays if stay.ended_on is None]
        if member.status in ACTIVE_STATUSES:
            assert open_stays == [stays[-1]]
        else:
            assert open_stays == []
            assert stays[-1].ended_on == member.status_since
            assert bool(stays[-1].went_to) == (member.status == Status.TRANSFERRED_OUT)
    transfers = MemberPlacement.objects.filter(reason=MemberPlacement.Reason.TRANSFER)
    assert 10 <= transfers.count() <= 30
    assert all(t.started_on >= today - datetime.timedelta(days=731) for t in transfers)

    # Leaders: a secretary in every organization, leaders of the bloc from several cells.
    current = LeadershipPosition.objects.filter(ended_on__isnull=True)
    secretaries = Counter(current.filter(post="secretary").values_list("organization", flat=True))
    for organization in live:
        assert secretaries[organization.pk] == 1, organization.name
    bloc = Organization.objects.get(kind=Kind.BLOC)
    bloc_leaders = current.filter(organization=bloc).select_related("member")
    assert bloc_leaders.count() >= 10
    assert len({position.member.organization_id for position in bloc_leaders}) >= 8

    # The demo logins, one per role.
    expected = {
        "vanphong": (Role.OFFICE_STAFF, Kind.BLOC),
        "lanhdao": (Role.LEADER, Kind.BLOC),
        "danguy": (Role.COMMITTEE_STAFF, Kind.COMMITTEE),
        "chibo": (Role.CELL_SECRETARY, Kind.SUBORDINATE_CELL),
        "chibocs": (Role.CELL_SECRETARY, Kind.GRASSROOTS_CELL),
        "kiemtra": (Role.INSPECTOR, Kind.BLOC),
    }
    for username, (role, kind) in expected.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password(demo.DEMO_PASSWORD)
        assert user.first_name and user.last_name
        assignment = RoleAssignment.objects.get(user=user)
        assert (assignment.role, assignment.organization.kind) == (role, kind)
        assert username in output
    office = get_user_model().objects.get(username="vanphong")
    assert office.is_staff and office.is_superuser
    # It must sign in with a code: its device holds the published demo key, and the output says
    # how to get the code.
    assert two_factor.demo_device(office) is not None
    assert "totp_code vanphong" in output
    committee = RoleAssignment.objects.get(user__username="danguy").organization
    assert committee.name == "Đảng bộ Sở Nông nghiệp và Phát triển nông thôn"
    cell = RoleAssignment.objects.get(user__username="chibo").organization
    assert cell.parent == committee

    # The demo's daily run: each demo secretary is reminded of a late admission step, the
    # committee is told of the subordinate cell's, the office of what is long overdue.
    assert "Nhắc việc hôm nay" in output
    heard = Counter(Notification.objects.values_list("recipient__username", flat=True))
    assert heard["vanphong"] >= 5
    for username in ("chibo", "chibocs"):
        assert Notification.objects.filter(
            recipient__username=username, rule_code="admission_step", stage="overdue"
        ).exists(), username
    assert Notification.objects.filter(
        recipient__username="danguy", rule_code="admission_step", stage="committee"
    ).exists()
    assert not heard["lanhdao"] and not heard["kiemtra"]

    # Every row of the register and of the inspection work has its first copy in the history
    # of changes (bulk writes skip save(), which would write it), as it stands.
    for model in (Organization, Member, LeadershipPosition, Complaint, DisciplineDecision):
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count() > 0, model
    copy = Organization.history.get(id=merged.pk, history_type="+")
    assert (copy.successor_id, copy.ended_on) == (merged.successor_id, merged.ended_on)

    # A second run with --if-empty leaves everything as it was.
    before = row_counts()
    again = seed("--if-empty")
    assert row_counts() == before
    assert "vanphong" in again

    # What was saved is what the builder draws, and it draws the same every time.
    plan = demo.build(scale=1, today=today)
    saved = Member.objects.order_by("pk")
    assert fingerprint(saved) == fingerprint(plan.members)


def test_the_builder_draws_the_same_bloc_every_time():
    today = datetime.date(2026, 11, 22)
    first = demo.build(scale=1, today=today)
    second = demo.build(scale=1, today=today)
    assert fingerprint(first.members) == fingerprint(second.members)
    assert [o.name for o in first.organizations] == [o.name for o in second.organizations]
    # Another day moves only the dates that count back from today.
    later = demo.build(scale=1, today=today + datetime.timedelta(days=40))
    assert everything_but_recent_dates(later) == everything_but_recent_dates(first)


def test_a_larger_scale_keeps_names_and_numbers_unique():
    plan = demo.build(scale=3, today=datetime.date(2026, 11, 22))
    names = [organization.name for organization in plan.grassroots]
    assert len(names) == len(set(names)) == 3 * 56
    assert len({agency.name for agency in plan.agencies}) == 3 * 56
    assert sum(o.kind == Kind.SUBORDINATE_CELL and not o.ended_on for o in plan.cells) == 3 * 161
    active = [member for member in plan.members if member.status in ACTIVE_STATUSES]
    assert len(active) == 3 * demo.MEMBERS_PER_COPY
    assert len({member.national_id for member in plan.members}) == len(plan.members)
    cards = [member.party_card_number for member in plan.members if member.party_card_number]
    assert len(set(cards)) == len(cards)
    assert all(len(card) == 8 for card in cards)


def test_seed_demo_prints_its_help():
    parser = seed_demo.Command().create_parser("manage.py", "seed_demo")
    assert "--scale" in parser.format_help() and "--if-empty" in parser.format_help()
