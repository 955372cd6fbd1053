"""Party dues pages: the cell's collection book (with the payments and the remittance the
secretary records), a member's income basis and ledger, the remittances a committee or the bloc
receives, the dues report of a scope and period (and its Excel file), and the dated rules."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.dues import services
from members.dues.book import collection_book, dues_report
from members.dues.forms import DuesRuleForm, IncomeBasisForm, PaymentForm, RemittanceForm
from members.dues.models import DuesRule, IncomeBasis, Remittance, month_start
from members.models import ACTIVE_STATUSES, Member
from organizations import access
from organizations.models import Organization
from partybloc.forms import add_service_error
from partybloc.xlsx import table_workbook, xlsx_response


def _organization(request, pk: int) -> Organization:
    return get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)


def _cell(request, pk: int) -> Organization:
    cell = _organization(request, pk)
    if not cell.is_cell:
        raise Http404
    return cell


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 < int(raw) < 2100 else timezone.localdate().year


def home(request):
    """Where the user's dues start: their cell's book, else the organization they keep."""
    access.require(access.sees_dues(request.user))
    roots = Organization.objects.scope_roots(request.user)
    if not roots:
        raise Http404
    root = roots[0]
    if root.is_cell:
        return redirect("dues:book", root.pk)
    return redirect("dues:overview", root.pk)


# The cell's book ------------------------------------------------------------------------------


def _cell_members(cell: Organization):
    return Member.objects.filter(organization=cell, status__in=ACTIVE_STATUSES).order_by(
        "sort_key", "pk"
    )


def _book_page(request, cell, *, payment_form=None, remittance_form=None, status=200):
    year = _year(request)
    today = timezone.localdate()
    can_record = access.can_record_dues(request.user, cell)
    book = collection_book(cell, year, today=today)
    return render(
        request,
        "dues/book.html",
        {
            "cell": cell,
            "year": year,
            "book": book,
            "can_record": can_record,
            "can_remit": access.can_record_remittance(request.user, cell),
            "payment_form": payment_form
            or (PaymentForm(members=_cell_members(cell)) if can_record else None),
            "remittance_form": remittance_form
            or RemittanceForm(initial={"remitted_on": today, "month": month_start(today)}),
            "rule": DuesRule.in_force(today),
        },
        status=status,
    )


def book(request, pk):
    """The cell's collection book (sổ thu, nộp đảng phí) for a year."""
    return _book_page(request, _cell(request, pk))


@require_POST
def record_payment(request, pk):
    cell = _cell(request, pk)
    access.require(access.can_record_dues(request.user, cell))
    form = PaymentForm(request.POST, members=_cell_members(cell))
    if form.is_valid():
        try:
            services.record_payment(
                form.cleaned_data["member"],
                amount=form.cleaned_data["amount"],
                paid_on=form.cleaned_data["paid_on"],
                cell=cell,
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect(reverse("dues:book", args=[cell.pk]) + f"?year={_year(request)}")
    return _book_page(request, cell, payment_form=form)


@require_POST
def record_remittance(request, pk):
    organization = _organization(request, pk)
    access.require(access.can_record_remittance(request.user, organization))
    form = RemittanceForm(request.POST)
    if form.is_valid():
        try:
            services.record_remittance(organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The remittance is recorded."))
            name = "dues:book" if organization.is_cell else "dues:overview"
            year = form.cleaned_data["month"].year
            return redirect(reverse(name, args=[organization.pk]) + f"?year={year}")
    if organization.is_cell:
        return _book_page(request, organization, remittance_form=form)
    return _overview_page(request, organization, remittance_form=form)


# A member's basis and ledger ------------------------------------------------------------------


def _member_page(request, member, *, form=None):
    year = _year(request)
    can_record = access.can_record_dues(request.user, member.organization)
    ledger = services.load_dues(
        Q(pk=member.pk), datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    ).get(member.pk)
    rules = services.Rules()
    ended = services.last_ended_month(timezone.localdate())
    months = []
    for month in services.months_between(datetime.date(year, 1, 1), datetime.date(year, 12, 1)):
        due = ledger.due(month, rules) if ledger else None
        paid = ledger.paid.get(month, 0) if ledger else 0
        months.append(
            {
                "month": month,
                "due": due,
                "paid": paid,
                "owed": due is not None and month <= ended and paid < due,
            }
        )
    return render(
        request,
        "dues/member.html",
        {
            "member": member,
            "year": year,
            "bases": IncomeBasis.objects.filter(member=member).order_by("-effective_from"),
            "months": months,
            "can_record": can_record,
            "form": form
            or (
                IncomeBasisForm(initial={"effective_from": month_start(timezone.localdate())})
                if can_record
                else None
            ),
        },
    )


def member_dues(request, pk):
    """A member's income basis (with its dates) and their dues month by month; the cell's
    secretary records a new basis here."""
    member = get_object_or_404(
        Member.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    if request.method != "POST":
        return _member_page(request, member)
    access.require(access.can_record_dues(request.user, member.organization))
    form = IncomeBasisForm(request.POST)
    if form.is_valid():
        try:
            services.set_income_basis(member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The income basis is recorded."))
            return redirect("dues:member", member.pk)
    return _member_page(request, member, form=form)


# A committee's or the bloc's view of the remittances -------------------------------------------


def _overview_page(request, organization, *, remittance_form=None):
    year = _year(request)
    today = timezone.localdate()
    months = services.months_between(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    children = list(organization.children.filter(ended_on__isnull=True).order_by("sort_key"))
    recorded = {
        (row.organization_id, row.month): row
        for row in Remittance.objects.filter(
            organization__in=[*children, organization], month__year=year
        )
    }
    report = dues_report(organization, months[0], months[-1], as_of=today)
    lines = {line.organization.pk: line for line in report.lines if line.organization}
    rows = [
        {
            "organization": child,
            "line": lines.get(child.pk),
            "months": [recorded.get((child.pk, month)) for month in months],
        }
        for child in children
    ]
    return render(
        request,
        "dues/overview.html",
        {
            "organization": organization,
            "year": year,
            "months": months,
            "rows": rows,
            "report": report,
            "own": [recorded.get((organization.pk, month)) for month in months],
            "can_remit": access.can_record_remittance(request.user, organization),
            "remittance_form": remittance_form
            or RemittanceForm(initial={"remitted_on": today, "month": month_start(today)}),
        },
    )


def overview(request, pk):
    """A committee sees what its cells collected and remitted to it, and records its own
    remittance to the bloc; the bloc sees its grassroots organizations'."""
    organization = _organization(request, pk)
    if organization.is_cell:
        return redirect("dues:book", organization.pk)
    return _overview_page(request, organization)


# The report -----------------------------------------------------------------------------------


def _report_organization(request, pk: int) -> Organization:
    return get_object_or_404(
        Organization.objects.filter(access.dues_report_scope_q(request.user)), pk=pk
    )


def _period(request) -> tuple[datetime.date, datetime.date, str]:
    """The months asked for: `start` and `end` (yyyy-mm), or `period` (2025H1, 2025); by
    default this year so far."""
    today = timezone.localdate()

    def month(raw: str) -> datetime.date | None:
        year, _dash, number = raw.partition("-")
        if not (year.isdigit() and number.isdigit() and 2000 < int(year) < 2100):
            return None
        return datetime.date(int(year), int(number), 1) if 1 <= int(number) <= 12 else None

    start, end = month(request.GET.get("start", "")), month(request.GET.get("end", ""))
    if start and end and start <= end:
        return start, end, f"{start:%m/%Y} – {end:%m/%Y}"
    raw = request.GET.get("period", "")
    year = int(raw[:4]) if raw[:4].isdigit() and 2000 < int(raw[:4]) < 2100 else today.year
    if raw[4:].upper() == "H1":
        return datetime.date(year, 1, 1), datetime.date(year, 6, 1), f"06/{year}"
    return datetime.date(year, 1, 1), datetime.date(year, 12, 1), str(year)


def report(request, pk):
    """The dues of a scope over a period: collected, kept at each level, remitted, arrears."""
    organization = _report_organization(request, pk)
    start, end, label = _period(request)
    result = dues_report(organization, start, end, as_of=timezone.localdate())
    inspection_query = {"start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}"}
    return render(
        request,
        "dues/report.html",
        {
            "organization": organization,
            "report": result,
            "start": start,
            "end": end,
            "label": label,
            "query": urlencode(inspection_query),
        },
    )


REPORT_HEADERS = [
    "Tổ chức đảng",
    "Số thu",
    "Chi bộ trực thuộc giữ lại",
    "Tổ chức cơ sở đảng giữ lại (gồm phần chi bộ)",
    "Nộp cấp trên (phải nộp)",
    "Đã nộp (đã ghi sổ)",
    "Đảng viên nợ đảng phí",
    "Số tiền nợ",
]


def report_export(request, pk):
    organization = _report_organization(request, pk)
    start, end, _label = _period(request)
    result = dues_report(organization, start, end, as_of=timezone.localdate())
    rows = [
        [
            line.organization.name if line.organization else "",
            line.collected,
            line.kept_by_cells,
            line.kept_by_grassroots,
            line.to_remit,
            line.remitted,
            line.arrears_members,
            line.arrears_amount,
        ]
        for line in [*result.lines, result.total]
    ]
    rows[-1][0] = _("Total")
    if organization.parent_id:
        rows.append([_("Remitted by this organization to the level above"), *[""] * 4,
                     result.remitted_up, "", ""])  # fmt: skip
    content = table_workbook(
        _("Party dues"), REPORT_HEADERS, rows, widths=[44, 14, 16, 20, 16, 16, 14, 14]
    )
    return xlsx_response(content, f"dang-phi-{start:%Y-%m}-{end:%Y-%m}.xlsx")


# The rules ------------------------------------------------------------------------------------


def rules(request):
    access.require(access.sees_dues(request.user))
    return render(
        request,
        "dues/rules.html",
        {
            "rules": DuesRule.objects.order_by("-effective_from"),
            "can_manage": access.can_manage_dues_rules(request.user),
            "in_force": DuesRule.in_force(timezone.localdate()),
        },
    )


def rule_edit(request, pk=None):
    access.require(access.can_manage_dues_rules(request.user))
    rule = get_object_or_404(DuesRule, pk=pk) if pk else None
    form = DuesRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The dues rule is saved."))
        return redirect("dues:rules")
    return render(request, "dues/rule_form.html", {"form": form, "rule": rule})
