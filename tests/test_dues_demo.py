"""The demo's two years of party dues: a basis for every member, dues paid at the meetings,
remittances up the tree, and a few members in arrears for the early warnings to find."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.dues.book import dues_report
from members.dues.models import DuesPayment, IncomeBasis, Remittance
from members.dues.services import members_in_arrears, unpaid_months
from members.models import Member
from organizations.models import Organization, RoleAssignment


@pytest.mark.django_db
def test_the_demo_holds_two_years_of_dues_with_a_few_members_in_arrears():
    call_command("seed_demo", stdout=io.StringIO())
    today = timezone.localdate()
    assert not Member.objects.exclude(pk__in=IncomeBasis.objects.values("member")).exists()
    years = set(DuesPayment.objects.values_list("month__year", flat=True).distinct())
    assert years == {today.year - 1, today.year}
    assert DuesPayment.objects.exclude(meeting=None).count() > 0.9 * DuesPayment.objects.count()
    assert Remittance.objects.filter(organization__kind="committee").exists()
    assert Remittance.objects.filter(organization__kind="subordinate_cell").exists()

    arrears = members_in_arrears(None, today)
    three_or_more = {member for member, (months, _owed) in arrears.items() if months >= 3}
    assert 10 <= len(three_or_more) <= 0.03 * Member.objects.active().count()
    this_year = unpaid_months(list(three_or_more), today.year, today)
    assert all(len(months) >= 3 for months in this_year.values())
    # Each demo secretary finds one in their own cell.
    for assignment in RoleAssignment.objects.filter(role="cell_secretary"):
        cell_arrears = members_in_arrears([assignment.organization_id], today)
        assert any(months >= 3 for months, _owed in cell_arrears.values())

    bloc = Organization.objects.get(parent__isnull=True)
    report = dues_report(bloc, today.replace(month=1, day=1), today.replace(day=1), as_of=today)
    assert report.total.collected > 0
    assert report.total.to_bloc == report.total.collected - report.total.kept_by_grassroots
    # What the grassroots organizations recorded as remitted is close to what they owed: the
    # last month's are not all in yet.
    assert 0.8 * report.total.to_bloc <= report.total.remitted <= report.total.to_bloc
