"""The dues pages: the cell's book (a secretary records payments and the remittance), the
committee sees its cells' remittances, the report and its Excel file, the rules; scope (404
outside, 403 without the right)."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from inspections.models import Inspection
from members.dues.book import dues_report
from members.dues.models import Category, DuesPayment, DuesRule, Remittance
from members.dues.services import record_payment, record_remittance, set_income_basis

pytestmark = pytest.mark.django_db
D = datetime.date
Kind = Inspection.Kind


@pytest.fixture
def dues(world):
    for member, income in ((world.an, 8_000_000), (world.dao, 6_000_000), (world.binh, 5_000_000)):
        set_income_basis(
            member,
            category=Category.SALARIED,
            monthly_income=income,
            effective_from=D(2025, 1, 1),
            by=None,
        )
    set_income_basis(
        world.anh, category=Category.PENSIONER, monthly_income=4_000_000,
        effective_from=D(2025, 1, 1), by=None,
    )  # fmt: skip
    return world


def test_the_secretary_records_a_payment_in_the_book(dues, as_user):
    client = as_user(dues.finance_office_secretary)
    url = reverse("dues:record_payment", args=[dues.finance_office.pk])
    response = client.post(url, {"member": dues.an.pk, "amount": "160000", "paid_on": "15/02/2025",
                                 "year": "2025"})  # fmt: skip
    assert response.status_code == 302
    assert list(DuesPayment.objects.values_list("month", "amount")) == [
        (D(2025, 1, 1), 80_000),
        (D(2025, 2, 1), 80_000),
    ]
    page = client.get(reverse("dues:book", args=[dues.finance_office.pk]), {"year": 2025})
    assert page.status_code == 200
    book = page.context["book"]
    assert book.totals[1].collected == 160_000
    assert book.totals[1].kept == 48_000  # a subordinate cell keeps 30%
    assert book.totals[1].to_remit == 112_000
    row = next(row for row in book.rows if row.member == dues.an)
    assert row.paid == 160_000


def test_a_bad_payment_is_refused_on_its_field_with_the_input_kept(dues, as_user):
    client = as_user(dues.finance_office_secretary)
    url = reverse("dues:record_payment", args=[dues.finance_office.pk])
    response = client.post(url, {"member": dues.an.pk, "amount": "-5", "paid_on": "hôm qua"})
    assert response.status_code == 200
    form = response.context["payment_form"]
    assert "amount" in form.errors and "paid_on" in form.errors
    assert 'value="hôm qua"' in response.content.decode()
    # A member of another cell is not a choice.
    response = client.post(url, {"member": dues.binh.pk, "amount": "1000", "paid_on": "01/03/2025"})
    assert "member" in response.context["payment_form"].errors
    assert not DuesPayment.objects.exists()


def test_a_member_without_a_basis_is_refused_in_vietnamese(dues, as_user):
    client = as_user(dues.finance_office_secretary)
    url = reverse("dues:record_payment", args=[dues.finance_office.pk])
    dues.dao.income_bases.all().delete()
    response = client.post(url, {"member": dues.dao.pk, "amount": "1000", "paid_on": "01/03/2025"})
    assert response.status_code == 200
    assert "căn cứ" in response.content.decode()


def test_the_committee_sees_the_remittances_of_its_cells(dues, as_user):
    record_payment(dues.an, amount=80_000, paid_on=D(2025, 1, 20), cell=dues.finance_office,
                   by=None)  # fmt: skip
    client = as_user(dues.finance_office_secretary)
    response = client.post(
        reverse("dues:record_remittance", args=[dues.finance_office.pk]),
        {"month": "2025-01", "amount": "56000", "remitted_on": "25/01/2025"},
    )
    assert response.status_code == 302
    assert Remittance.objects.get().amount == 56_000
    committee = as_user(dues.finance_staff)
    page = committee.get(reverse("dues:overview", args=[dues.finance.pk]), {"year": 2025})
    assert page.status_code == 200
    row = next(r for r in page.context["rows"] if r["organization"] == dues.finance_office)
    assert row["months"][0].amount == 56_000
    assert row["line"].collected == 80_000 and row["line"].to_remit == 56_000
    total = page.context["report"].total
    assert total.kept_by_cells == 24_000  # 30% stays in the cell
    assert total.kept_by_grassroots == 40_000  # 50% stays in the committee's đảng bộ
    assert total.to_bloc == 40_000
    # The committee records its own remittance to the bloc; it cannot record a cell's.
    response = committee.post(
        reverse("dues:record_remittance", args=[dues.finance.pk]),
        {"month": "2025-01", "amount": "40000", "remitted_on": "28/01/2025"},
    )
    assert response.status_code == 302
    response = committee.post(
        reverse("dues:record_remittance", args=[dues.finance_office.pk]),
        {"month": "2025-02", "amount": "1", "remitted_on": "28/02/2025"},
    )
    assert response.status_code == 403


def test_shares_follow_the_rule_of_the_month(dues):
    DuesRule.objects.create(
        name="Quy định mới", effective_from=D(2025, 3, 1), salary_percent="1",
        pension_percent="0.5", student_amount=3000, other_amount=5000,
        subordinate_cell_keeps_percent=40, grassroots_keeps_percent=60,
    )  # fmt: skip

    record_payment(dues.an, amount=80_000, paid_on=D(2025, 2, 20), cell=dues.finance_office,
                   by=None)  # fmt: skip
    record_payment(dues.an, amount=80_000, paid_on=D(2025, 3, 20), cell=dues.finance_office,
                   by=None)  # fmt: skip
    report = dues_report(dues.bloc, D(2025, 1, 1), D(2025, 12, 1), as_of=D(2025, 3, 31))
    finance = next(line for line in report.lines if line.organization == dues.finance)
    assert finance.collected == 160_000
    assert finance.kept_by_cells == 24_000 + 32_000
    assert finance.kept_by_grassroots == 40_000 + 48_000
    assert finance.to_bloc == 160_000 - 88_000


def test_the_report_and_its_excel_file(dues, as_user):
    record_payment(dues.an, amount=80_000, paid_on=D(2025, 1, 20), cell=dues.finance_office,
                   by=None)  # fmt: skip
    record_payment(dues.anh, amount=20_000, paid_on=D(2025, 1, 22), cell=dues.inspectorate,
                   by=None)  # fmt: skip
    record_remittance(dues.inspectorate, month=D(2025, 1, 1), amount=10_000,
                      remitted_on=D(2025, 1, 30), by=None)  # fmt: skip
    client = as_user(dues.leader)
    page = client.get(reverse("dues:report", args=[dues.bloc.pk]), {"period": "2025H1"})
    assert page.status_code == 200
    report = page.context["report"]
    assert report.total.collected == 100_000
    inspectorate = next(line for line in report.lines if line.organization == dues.inspectorate)
    assert inspectorate.kept_by_grassroots == 10_000 and inspectorate.remitted == 10_000
    assert report.total.arrears_members == 4  # nobody paid for every month since January
    response = client.get(reverse("dues:report_export", args=[dues.bloc.pk]), {"period": "2025H1"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Tổ chức đảng"
    assert rows[-1][1] == 100_000


def test_scope_404_outside_and_403_without_the_right(dues, as_user):
    book = reverse("dues:book", args=[dues.finance_office.pk])
    pay = reverse("dues:record_payment", args=[dues.finance_office.pk])
    data = {"member": dues.an.pk, "amount": "1000", "paid_on": "01/03/2025"}
    assert as_user(dues.inspectorate_secretary).get(book).status_code == 404
    assert as_user(dues.inspectorate_secretary).post(pay, data).status_code == 404
    assert as_user(dues.outsider).get(book).status_code == 404
    assert as_user(dues.finance_staff).get(book).status_code == 200
    assert as_user(dues.finance_staff).post(pay, data).status_code == 403
    assert as_user(dues.leader).get(book).status_code == 200
    assert as_user(dues.leader).post(pay, data).status_code == 403
    assert as_user(dues.office).post(pay, data).status_code == 403
    assert not DuesPayment.objects.exists()
    member = reverse("dues:member", args=[dues.an.pk])
    assert as_user(dues.inspectorate_secretary).get(member).status_code == 404
    assert as_user(dues.leader).post(member, {"category": "salaried"}).status_code == 403


def test_rules_are_edited_by_the_office_only(dues, as_user):
    rule = DuesRule.objects.get()
    assert as_user(dues.leader).get(reverse("dues:rules")).status_code == 200
    assert as_user(dues.leader).get(reverse("dues:rule_edit", args=[rule.pk])).status_code == 403
    assert as_user(dues.inspector).get(reverse("dues:rules")).status_code == 403
    office = as_user(dues.office)
    response = office.post(reverse("dues:rule_create"), {
        "name": "Quy định mới", "effective_from": "01/01/2026", "salary_percent": "1",
        "pension_percent": "0.5", "student_amount": "3000", "other_amount": "5000",
        "subordinate_cell_keeps_percent": "30", "grassroots_keeps_percent": "20", "rounding": "1",
    })  # fmt: skip
    assert response.status_code == 200  # a cell cannot keep more than its grassroots level
    assert DuesRule.objects.count() == 1
    assert "Quy định mới" in response.content.decode()


def test_the_member_page_records_a_dated_basis(dues, as_user):
    client = as_user(dues.finance_office_secretary)
    url = reverse("dues:member", args=[dues.an.pk])
    response = client.post(url, {"category": "salaried", "monthly_income": "9000000",
                                 "effective_from": "01/07/2025"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(url, {"year": 2025})
    dues_by_month = {row["month"].month: row["due"] for row in page.context["months"]}
    assert dues_by_month[6] == 80_000 and dues_by_month[7] == 90_000
    response = client.post(url, {"category": "salaried", "monthly_income": "0",
                                 "effective_from": "01/08/2025"})  # fmt: skip
    assert response.status_code == 200 and "monthly_income" in response.context["form"].errors


def test_a_finance_inspection_opens_on_the_dues_report(iw, world, as_user):
    Inspection.objects.filter(pk=iw.office_inspection.pk).update(kind=Kind.PARTY_FINANCE)
    client = as_user(world.inspector)
    page = client.get(reverse("inspections:detail", args=[iw.office_inspection.pk]))
    url = reverse("dues:report", args=[world.finance_office.pk]) + "?start=2025-07&end=2026-06"
    assert url.replace("&", "&amp;") in page.content.decode()
    report = client.get(url)
    assert report.status_code == 200
    assert report.context["start"] == D(2025, 7, 1) and report.context["end"] == D(2026, 6, 1)
    # The team sees no other organization's dues, and no link where the kind is not finance.
    assert client.get(reverse("dues:report", args=[world.health.pk])).status_code == 404
    other = client.get(reverse("inspections:detail", args=[iw.finance_inspection.pk]))
    assert "dues/report" not in other.content.decode()


def test_a_superuser_opens_every_dues_report(dues, as_user):
    admin = get_user_model().objects.create_superuser("quantri", password="x")
    for organization in (dues.bloc, dues.finance, dues.finance_office):
        response = as_user(admin).get(reverse("dues:report", args=[organization.pk]))
        assert response.status_code == 200
