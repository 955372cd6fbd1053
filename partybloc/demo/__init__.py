"""The demo bloc: a register shaped like the one seed 001 reports, with a year of meetings,
inspection work and the members' year on top, and one login per role. It lives apart from the
domain apps: it imports their models and services, and nothing in them imports it.

build() draws the register in memory (the same bloc on every run); load() writes it and the
year's work on top of it, in one transaction.
"""

from django.db import transaction

from inspections.early_warnings.services import refresh_warnings
from partybloc.demo import dues, inspections, meetings, register, year
from partybloc.demo.data.bloc import MEMBERS_PER_COPY
from partybloc.demo.plan import DemoPlan
from partybloc.demo.register import build
from partybloc.demo.users import DEMO_PASSWORD, create_demo_users, demo_logins

__all__ = ["DEMO_PASSWORD", "MEMBERS_PER_COPY", "DemoPlan", "build", "demo_logins", "load"]


@transaction.atomic
def load(plan: DemoPlan) -> None:
    """Write the register, the demo users, then the year's work that needs both."""
    register.load(plan)
    create_demo_users(plan)
    inspections.load(plan)  # needs the demo users: its teams are made of them
    meetings.load(plan)
    dues.load(plan)  # after the meetings: dues are paid at them
    year.load(plan)
    # The daily run's early warnings, so the demo opens on them (members who missed three
    # months, organizations at risk).
    refresh_warnings(plan.today)
