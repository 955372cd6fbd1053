"""The dues ledger: dated rules and bases, what each month owes, payments paying the oldest
month first, and the arrears the early warnings read."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.dues.models import Category, DuesPayment, DuesRule
from members.dues.services import (
    members_in_arrears,
    record_payment,
    set_income_basis,
    unpaid_months,
)
from tests.conftest import make_member

D = datetime.date
pytestmark = pytest.mark.django_db


def basis(member, category=Category.SALARIED, income=8_000_000, start=datetime.date(2024, 1, 1)):
    return set_income_basis(
        member, category=category, monthly_income=income, effective_from=start, by=None
    )


def test_342_rates_are_seeded():
    rule = DuesRule.in_force(D(2025, 6, 1))
    assert rule.due(Category.SALARIED, 8_123_456) == 81_235  # 1%, half up to whole đồng
    assert rule.due(Category.PENSIONER, 6_000_000) == 30_000  # 0.5%
    assert rule.due(Category.STUDENT, 0) == 3_000
    assert rule.due(Category.EXEMPT, 9_000_000) == 0
    assert rule.kept_by_cell(100_000) == 30_000
    assert rule.kept_by_grassroots(100_000) == 50_000


def test_a_month_uses_the_rule_in_force_that_month(world):
    basis(world.an, income=10_000_000)
    DuesRule.objects.create(
        name="Quy định mới",
        effective_from=D(2025, 7, 1),
        salary_percent="1.5",
        pension_percent="0.5",
        student_amount=3000,
        other_amount=5000,
        subordinate_cell_keeps_percent=30,
        grassroots_keeps_percent=50,
    )
    record_payment(world.an, amount=100_000, paid_on=D(2025, 6, 10), cell=world.finance_office,
                   by=None)  # fmt: skip
    # Paid for January 2024 onwards; June 2025 at 1%, July 2025 at 1.5%.
    unpaid = unpaid_months([world.an.pk], 2025, D(2025, 8, 31))
    assert unpaid[world.an.pk][0] == D(2025, 1, 1)
    months, owed = members_in_arrears([world.finance_office.pk], D(2025, 8, 31))[world.an.pk]
    # 20 months (01/2024–08/2025): 18 at 100,000 and 2 at 150,000, less the 100,000 paid.
    assert months == 19
    assert owed == 18 * 100_000 + 2 * 150_000 - 100_000


def test_a_payment_pays_the_oldest_month_first(world):
    basis(world.an, income=5_000_000, start=D(2025, 1, 1))
    record_payment(world.an, amount=150_000, paid_on=D(2025, 3, 15), cell=world.finance_office,
                   by=None)  # fmt: skip
    months = list(DuesPayment.objects.values_list("month", "amount"))
    assert months == [(D(2025, 1, 1), 50_000), (D(2025, 2, 1), 50_000), (D(2025, 3, 1), 50_000)]
    assert unpaid_months([world.an.pk], 2025, D(2025, 3, 31)) == {}
    assert unpaid_months([world.an.pk], 2025, D(2025, 5, 31)) == {
        world.an.pk: [D(2025, 4, 1), D(2025, 5, 1)]
    }


def test_the_current_month_is_owed_once_it_has_ended(world):
    basis(world.an, income=5_000_000, start=D(2025, 1, 1))
    assert unpaid_months([world.an.pk], 2025, D(2025, 1, 30)) == {}
    assert unpaid_months([world.an.pk], 2025, D(2025, 1, 31)) == {world.an.pk: [D(2025, 1, 1)]}


def test_a_later_basis_changes_only_later_months(world):
    basis(world.an, income=5_000_000, start=D(2025, 1, 1))
    basis(world.an, income=7_000_000, start=D(2025, 3, 1))
    record_payment(world.an, amount=120_000, paid_on=D(2025, 3, 5), cell=world.finance_office,
                   by=None)  # fmt: skip
    # January and February at 50,000; March at 70,000 gets the last 20,000.
    assert members_in_arrears(None, D(2025, 3, 31))[world.an.pk] == (1, 50_000)


def test_a_partly_paid_month_is_unpaid(world):
    basis(world.an, category=Category.PENSIONER, income=6_000_000, start=D(2025, 1, 1))
    record_payment(world.an, amount=20_000, paid_on=D(2025, 1, 20), cell=world.finance_office,
                   by=None)  # fmt: skip
    assert unpaid_months([world.an.pk], 2025, D(2025, 1, 31)) == {world.an.pk: [D(2025, 1, 1)]}
    assert members_in_arrears(None, D(2025, 1, 31)) == {world.an.pk: (1, 10_000)}


def test_no_dues_before_admission_or_the_first_rule_or_without_a_basis(world):
    basis(world.an, income=5_000_000, start=D(2000, 1, 1))  # admitted 01/03/2010
    assert unpaid_months([world.an.pk, world.dao.pk], 2010, D(2010, 12, 31)) == {}  # rule: 2011
    assert unpaid_months([world.an.pk], 2011, D(2011, 2, 28)) == {
        world.an.pk: [D(2011, 1, 1), D(2011, 2, 1)]
    }
    newcomer = make_member(
        world.finance_office, "Hồ Văn Mới", admitted=D(2025, 5, 10), official=None
    )
    basis(newcomer, income=5_000_000, start=D(2025, 1, 1))
    assert unpaid_months([newcomer.pk], 2025, D(2025, 6, 30)) == {
        newcomer.pk: [D(2025, 5, 1), D(2025, 6, 1)]
    }


def test_a_payment_beyond_a_year_ahead_is_refused(world):
    basis(world.an, category=Category.STUDENT, start=D(2025, 1, 1))
    with pytest.raises(ValidationError):
        record_payment(world.an, amount=3000 * 20, paid_on=D(2025, 1, 5),
                       cell=world.finance_office, by=None)  # fmt: skip
    assert not DuesPayment.objects.exists()


def test_arrears_are_scoped_to_organizations(world):
    for member in (world.an, world.binh, world.duc):
        basis(member, income=5_000_000, start=D(2025, 1, 1))
    assert set(members_in_arrears([world.finance.pk], D(2025, 2, 28))) == {
        world.an.pk,
        world.binh.pk,
    }
    assert set(members_in_arrears([world.health_office.pk], D(2025, 2, 28))) == {world.duc.pk}
    assert members_in_arrears([], D(2025, 2, 28)) == {}
