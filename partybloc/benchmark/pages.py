"""The pages the benchmark times: every page a user opens, found for each role in the database
at hand (the same object at every scale: the demo builds the 1× bloc first, so the lowest ids
are the same organizations, members and meetings)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from inspections.models import Complaint, Inspection, Plan
from meetings.models import Meeting
from members.models import Member
from members.year.models import Candidate, Directive
from organizations.choices import Role
from organizations.models import Organization, RoleAssignment
from partybloc.types import User
from reports.models import Report
from reports.snapshot.marks import mark_organizations_stale

# The roles timed, in the order of the table: each is the first user holding it.
ROLES = (
    ("office", Role.OFFICE_STAFF),
    ("leader", Role.LEADER),
    ("committee", Role.COMMITTEE_STAFF),
    ("cell", Role.CELL_SECRETARY),
    ("inspector", Role.INSPECTOR),
)

# The search whose results the issue asks for: the people named An.
SEARCH_TEXT = "nguyen van an"

# A page's address for a user, or None when the page is not theirs.
Address = Callable[[User], str | None]


@dataclass(frozen=True)
class Page:
    label: str
    address: Address
    # A floor of its own in place of the common p95 one (ms at the largest scale).
    p95_floor: float | None = None
    cold_floor: float | None = None
    # Sent by POST first (the member search); the GET that follows is what is timed.
    post: dict | None = None
    # Done before the cold request: the dashboard's first view is the one after a change.
    before_cold: Callable[[User], None] | None = None


def role_users() -> list[tuple[str, User]]:
    """(role label, user) for each role held by someone in this database."""
    users = []
    for label, role in ROLES:
        assignment = RoleAssignment.objects.filter(role=role).order_by("user_id", "pk").first()
        if assignment is not None:
            users.append((label, get_user_model().objects.get(pk=assignment.user_id)))
    return users


def _url(name: str, *args, query: str = "") -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _of(queryset_for: Callable[[User], object], name: str, *, query: str = "") -> Address:
    """The page of the first object of a queryset the user sees (lowest id)."""

    def address(user: User) -> str | None:
        obj = queryset_for(user).order_by("pk").first()
        return _url(name, obj.pk, query=query) if obj is not None else None

    return address


def _fixed(name: str, *, query: str = "") -> Address:
    return lambda user: _url(name, query=query)


def _largest_committee(user: User) -> str | None:
    committee = (
        Organization.objects.visible_to(user)
        .filter(kind=Organization.Kind.COMMITTEE, ended_on__isnull=True)
        .annotate(cells=Count("children"))
        .order_by("-cells", "pk")
        .first()
    )
    return _url("organizations:detail", committee.pk) if committee else None


def _scope_root(name: str) -> Address:
    def address(user: User) -> str | None:
        roots = Organization.objects.scope_roots(user)
        return _url(name, roots[0].pk) if roots else None

    return address


def _cell(name: str) -> Address:
    return _of(lambda user: Organization.objects.visible_to(user).cells().active(), name)


def _a_change(user: User) -> None:
    """What a member's transfer dated last January leaves for the month-end figures to
    recompute: one cell of the user's scope, every month since."""
    cell = Organization.objects.visible_to(user).cells().active().order_by("pk").first()
    if cell is not None:
        since = datetime.date(timezone.localdate().year - 1, 1, 1)
        mark_organizations_stale([cell.pk], since=since)


def _first_of_year() -> str:
    return datetime.date(timezone.localdate().year, 1, 1).isoformat()


PAGES: tuple[Page, ...] = (
    Page("home", _fixed("home")),
    Page("organization tree", _fixed("organizations:tree")),
    Page(
        "tree as of 1 January",
        lambda user: _url("organizations:tree", query=f"on={_first_of_year()}"),
        p95_floor=300,
    ),
    Page("organization search", _fixed("organizations:tree", query="q=chi+bo")),
    Page("children of the top", _scope_root("organizations:children")),
    Page("top organization", _scope_root("organizations:detail")),
    Page("largest committee", _largest_committee),
    Page("new organization form", _fixed("organizations:create")),
    # The pickers' searches (organizations.views.pick, members.views.member_pick): what a
    # select of thousands became.
    Page("organization picker search", _fixed("organizations:pick", query="q=chi+bo")),
    Page("member picker search", _fixed("members:pick", query="q=nguyen+van")),
    Page("member list", _fixed("members:list")),
    Page("member list, last page", _fixed("members:list", query="page=last")),
    Page("member search", _fixed("members:list"), post={"q": SEARCH_TEXT}),
    Page(
        "member filter",
        _fixed("members:list", query="gender=female&age=30-39&theory_level=intermediate"),
    ),
    Page(
        "member page", _of(lambda user: Member.objects.visible_to(user).active(), "members:detail")
    ),
    Page("new member form", _fixed("members:create")),
    Page("import form", _fixed("members:import")),
    Page("meetings", _fixed("meetings:list")),
    Page("meeting page", _of(lambda user: Meeting.objects.visible_to(user), "meetings:detail")),
    Page("minutes to review", _fixed("meetings:queue")),
    Page("compliance grid", _fixed("meetings:compliance")),
    Page("admissions board", _fixed("year:admissions")),
    Page("candidate page", _of(lambda user: Candidate.objects.visible_to(user), "year:candidate")),
    Page("member ratings of a cell", _cell("year:member_ratings")),
    Page("organization ratings", _scope_root("year:organization_ratings")),
    Page("targets", _fixed("year:targets")),
    Page("directives", _fixed("year:directives")),
    Page("directive page", _of(lambda user: Directive.objects.all(), "year:directive")),
    Page("inspections", _fixed("inspections:list")),
    Page(
        "inspection page",
        _of(lambda user: Inspection.objects.visible_to(user), "inspections:detail"),
    ),
    Page("inspection plans", _fixed("inspections:plan_list")),
    Page("plan page", _of(lambda user: Plan.objects.visible_to(user), "inspections:plan_detail")),
    Page("complaints", _fixed("inspections:complaint_list")),
    Page(
        "complaint page",
        _of(lambda user: Complaint.objects.visible_to(user), "inspections:complaint_detail"),
    ),
    Page("discipline", _fixed("inspections:discipline_list")),
    Page("reports", _fixed("reports:list")),
    Page("report page", _of(lambda user: Report.objects.visible_to(user), "reports:report")),
    Page("dashboard", _fixed("dashboard:index"), cold_floor=500, before_cold=_a_change),
    Page("access log", _fixed("audit:access_log")),
    Page("users", _fixed("accounts:users")),
    Page("account", _fixed("accounts:profile")),
)

# The trivial request every page is set beside: the sign-in page, for nobody signed in.
TRIVIAL = Page("trivial: sign-in page", _fixed("login"))
