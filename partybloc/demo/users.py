"""The demo logins: one user per role, named after the member who plays it, all with the demo
password, and the list seed_demo prints."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from organizations.models import RoleAssignment
from partybloc.accounts import two_factor
from partybloc.demo.plan import DemoPlan
from partybloc.text import split_name

DEMO_PASSWORD = "partybloc2026"
DEMO_USERNAMES = ("vanphong", "lanhdao", "danguy", "chibo", "chibocs", "kiemtra")


@transaction.atomic
def create_demo_users(plan: DemoPlan) -> None:
    """One user per role, named after the member who plays it, all with the demo password; the
    users land in plan.users for the parts of the year's work that record who did what."""
    users = get_user_model().objects
    password = make_password(DEMO_PASSWORD)  # hashing is slow on purpose: do it once
    for login in plan.logins:
        family, middle, given = split_name(login.holder.full_name)
        user, _created = users.update_or_create(
            username=login.username,
            defaults={
                # Django's Vietnamese admin labels first_name "Tên" and last_name "Họ".
                "first_name": given,
                "last_name": f"{family} {middle}".strip(),
                "password": password,
                "is_staff": login.superuser,
                "is_superuser": login.superuser,
                "is_active": True,
            },
        )
        RoleAssignment.objects.get_or_create(
            user=user, organization=login.organization, role=login.role
        )
        plan.users[login.username] = user
        if login.role == RoleAssignment.Role.OFFICE_STAFF:
            # Office staff must sign in with a code: the demo office login's device holds the
            # published demo key, whose current code `manage.py totp_code` prints.
            two_factor.give_demo_device(user)


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, organization) of the demo users that exist, in a fixed order."""
    assignments = RoleAssignment.objects.filter(user__username__in=DEMO_USERNAMES).select_related(
        "user", "organization"
    )
    order = {username: index for index, username in enumerate(DEMO_USERNAMES)}
    rows = sorted(assignments, key=lambda a: (order[a.user.username], a.organization.path))
    return [(a.user.username, str(a.get_role_display()), a.organization.name) for a in rows]
