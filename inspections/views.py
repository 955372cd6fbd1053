import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspections import services
from inspections.forms import (
    CarryOverForm,
    ComplaintForm,
    ComplaintHandlingForm,
    ConclusionForm,
    DecisionForm,
    DisciplineDecisionForm,
    FindingForm,
    PlanForm,
    ProgressForm,
    RemediationItemForm,
    TeamForm,
)
from inspections.models import (
    Complaint,
    Decision,
    DisciplineDecision,
    Finding,
    Inspection,
    Plan,
    RemediationItem,
    RemediationReport,
    TeamMember,
)
from organizations import access
from organizations.models import Organization
from partybloc.documents import render_pdf
from partybloc.downloads import pdf_response, stored_file_response
from partybloc.forms import add_service_error
from partybloc.registry.models import IssuedDocument


def _inspections(request):
    return Inspection.objects.visible_to(request.user)


def _page(request, queryset):
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


# --- Inspections ------------------------------------------------------------------------------


def inspection_list(request):
    """The inspections the user may see, newest first; the bloc also sees overdue items."""
    access.require(access.sees_inspections(request.user))
    inspections = (
        _inspections(request)
        .select_related("organization", "team", "plan")
        .annotate(
            pending_items=Count(
                "remediation_items",
                filter=Q(remediation_items__status__in=RemediationItem.PENDING),
            ),
            overdue_items=Count(
                "remediation_items",
                filter=Q(
                    remediation_items__status__in=RemediationItem.PENDING,
                    remediation_items__deadline__lt=timezone.localdate(),
                ),
            ),
        )
    )
    status = request.GET.get("status")
    if status in Inspection.Status.values:
        inspections = inspections.filter(status=status)
    overdue, overdue_total = None, 0
    if access.is_bloc_wide(request.user):
        overdue_items = RemediationItem.objects.overdue()
        overdue = overdue_items.select_related("owner").order_by("deadline", "pk")[:20]
        overdue_total = overdue_items.count()
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "page": _page(request, inspections.order_by("-starts_on", "pk")),
            "statuses": Inspection.Status.choices,
            "status": status,
            "query": f"status={status}" if status else "",
            "overdue": overdue,
            "overdue_total": overdue_total,
            "can_manage_plans": access.can_manage_plans(request.user),
            "sees_registers": access.is_bloc_wide(request.user),
        },
    )


def inspection_detail(request, pk):
    inspection = get_object_or_404(
        _inspections(request).select_related("organization", "team__decision", "plan"), pk=pk
    )
    user = request.user
    findings = inspection.findings.select_related("written_by")
    by_category = [
        (label, [f for f in findings if f.category == value])
        for value, label in Finding.Category.choices
    ]
    items = list(
        inspection.remediation_items.select_related("owner").prefetch_related(
            Prefetch("reports", queryset=RemediationReport.objects.select_related("reported_by"))
        )
    )
    today = timezone.localdate()
    for item in items:
        item.overdue = item.is_overdue(today)
        item.can_report = access.can_report_remediation(user, item)
        item.can_carry_over = access.can_carry_over(user, item)
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "team": TeamMember.objects.filter(team=inspection.team).select_related(
                "user", "member"
            ),
            "by_category": by_category,
            "has_findings": bool(findings),
            "items": items,
            "role": access.team_role(user, inspection),
            "can_edit_findings": access.can_edit_findings(user, inspection),
            "can_start": inspection.status == Inspection.Status.PLANNED
            and access.can_edit_findings(user, inspection),
            "can_finalize": access.can_finalize(user, inspection),
            "can_conclude": access.can_conclude(user, inspection),
            "can_manage_remediation": access.can_manage_remediation(user, inspection),
            "can_close": access.can_close_inspection(user, inspection),
            "published": inspection.status in Inspection.PUBLISHED,
            "sees_plan": Plan.objects.visible_to(user).filter(pk=inspection.plan_id).exists(),
            "dues_report_url": _dues_report_url(user, inspection),
        },
    )


def _dues_report_url(user, inspection: Inspection) -> str:
    """A party finance inspection opens on the inspected organization's dues report for the
    twelve months before the inspection began; offered to those who may open it."""
    if inspection.kind != Inspection.Kind.PARTY_FINANCE:
        return ""
    organizations = Organization.objects.filter(access.dues_report_scope_q(user))
    if not organizations.filter(pk=inspection.organization_id).exists():
        return ""
    end = (inspection.starts_on.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    start = end.replace(year=end.year - 1)
    start = start.replace(month=start.month % 12 + 1, year=start.year + start.month // 12)
    query = urlencode({"start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}"})
    return reverse("dues:report", args=[inspection.organization_id]) + "?" + query


@require_POST
def inspection_start(request, pk):
    inspection = get_object_or_404(_inspections(request), pk=pk)
    access.require(access.can_edit_findings(request.user, inspection))
    try:
        services.start_inspection(inspection, by=request.user)
    except ValidationError as error:  # started meanwhile by a teammate: say so, no error page
        for message in error.messages:
            messages.info(request, message)
    return redirect("inspections:detail", pk=pk)


def finding_form(request, pk, finding_pk=None):
    inspection = get_object_or_404(_inspections(request), pk=pk)
    access.require(access.can_edit_findings(request.user, inspection))
    finding = get_object_or_404(inspection.findings, pk=finding_pk) if finding_pk else None
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        finding = form.save(commit=False)
        finding.inspection = inspection
        finding.written_by = finding.written_by or request.user
        finding.save()
        if inspection.status == Inspection.Status.PLANNED:
            services.start_inspection(inspection, by=request.user)
        messages.success(request, _("The finding was saved."))
        return redirect("inspections:detail", pk=pk)
    return render(
        request,
        "inspections/form.html",
        {
            "form": form,
            "inspection": inspection,
            "title": _("Edit a finding") if finding else _("Record a finding"),
        },
    )


@require_POST
def finding_delete(request, pk, finding_pk):
    inspection = get_object_or_404(_inspections(request), pk=pk)
    access.require(access.can_edit_findings(request.user, inspection))
    get_object_or_404(inspection.findings, pk=finding_pk).delete()
    messages.success(request, _("The finding was deleted."))
    return redirect("inspections:detail", pk=pk)


@require_POST
def inspection_finalize(request, pk):
    inspection = get_object_or_404(_inspections(request), pk=pk)
    access.require(access.can_finalize(request.user, inspection))
    try:
        services.finalize_findings(inspection, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The findings were finalized."))
    return redirect("inspections:detail", pk=pk)


def inspection_conclude(request, pk):
    inspection = get_object_or_404(_inspections(request).select_related("plan"), pk=pk)
    access.require(access.can_conclude(request.user, inspection))
    form = ConclusionForm(
        request.POST or None,
        initial={"concluded_on": timezone.localdate()},
        plan=inspection.plan,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.conclude_inspection(
                inspection,
                on=form.cleaned_data["concluded_on"],
                signed_by=form.cleaned_data["signed_by"],
                deputy=form.cleaned_data["deputy"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The conclusion was issued."))
            return redirect("inspections:detail", pk=pk)
    return render(
        request,
        "inspections/form.html",
        {"form": form, "inspection": inspection, "title": _("Issue the conclusion notice")},
    )


def conclusion_pdf(request, pk):
    """The notice exactly as issued; one recorded before the register prints from the data."""
    inspection = get_object_or_404(
        _inspections(request).select_related("organization", "plan", "team__decision"), pk=pk
    )
    if inspection.status not in Inspection.PUBLISHED:
        raise Http404
    issued = (
        IssuedDocument.objects.current()
        .filter(source_kind=services.NOTICE_SOURCE, source_id=inspection.pk)
        .first()
    )
    if issued is not None and issued.pdf:
        return stored_file_response(
            issued.pdf, filename=f"ket-luan-{inspection.pk}.pdf", inline=True
        )
    pdf = render_pdf("inspections/conclusion_notice.html", services.conclusion_context(inspection))
    return pdf_response(pdf, f"ket-luan-{inspection.pk}.pdf")


@require_POST
def inspection_close(request, pk):
    inspection = get_object_or_404(_inspections(request), pk=pk)
    access.require(access.can_close_inspection(request.user, inspection))
    try:
        services.close_inspection(inspection, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The inspection was closed."))
    return redirect("inspections:detail", pk=pk)


# --- Remediation ------------------------------------------------------------------------------


def remediation_create(request, pk):
    inspection = get_object_or_404(_inspections(request).select_related("organization"), pk=pk)
    access.require(access.can_manage_remediation(request.user, inspection))
    form = RemediationItemForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.inspection = inspection
        item.save()
        messages.success(request, _("The remediation item was added."))
        return redirect("inspections:detail", pk=pk)
    return render(
        request,
        "inspections/form.html",
        {"form": form, "inspection": inspection, "title": _("Add a remediation item")},
    )


def _item(request, pk):
    return get_object_or_404(
        RemediationItem.objects.visible_to(request.user).select_related("inspection", "owner"),
        pk=pk,
    )


def remediation_report(request, pk):
    item = _item(request, pk)
    access.require(access.can_report_remediation(request.user, item))
    form = ProgressForm(
        request.POST or None, request.FILES or None, initial={"reported_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_progress(
                item,
                text=data["text"],
                status=data["status"],
                on=data["reported_on"],
                evidence=data.get("evidence"),
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The progress was reported."))
            return redirect("inspections:detail", pk=item.inspection_id)
    return render(
        request,
        "inspections/form.html",
        {
            "form": form,
            "inspection": item.inspection,
            "item": item,
            "title": _("Report progress"),
            "multipart": True,
        },
    )


def remediation_carry_over(request, pk):
    item = _item(request, pk)
    access.require(access.can_carry_over(request.user, item))
    form = CarryOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.carry_over(item, note=form.cleaned_data["note"], by=request.user)
        messages.success(request, _("The item was carried over."))
        return redirect("inspections:detail", pk=item.inspection_id)
    return render(
        request,
        "inspections/form.html",
        {"form": form, "inspection": item.inspection, "item": item, "title": _("Carry over")},
    )


def evidence_file(request, pk):
    report = get_object_or_404(
        RemediationReport.objects.filter(
            item__inspection__in=Inspection.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    return stored_file_response(report.evidence)


# --- Plans, decisions, teams ------------------------------------------------------------------


def plan_list(request):
    access.require(access.sees_plans(request.user))
    plans = (
        Plan.objects.visible_to(request.user)
        .annotate(
            target_count=Count("targets", distinct=True),
            inspection_count=Count("inspections", distinct=True),
        )
        .order_by("-issued_on", "-pk")
    )
    return render(
        request,
        "inspections/plan_list.html",
        {"page": _page(request, plans), "can_manage": access.can_manage_plans(request.user)},
    )


def plan_create(request):
    access.require(access.can_manage_plans(request.user))
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                form.save(commit=False),
                targets=form.cleaned_data["targets"],
                signed_by=form.cleaned_data["signed_by"],
                deputy=form.cleaned_data["deputy"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The plan was saved as No. %(number)s.") % {"number": plan.number}
            )
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/form.html", {"form": form, "title": _("New plan")})


def plan_edit(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    access.require(access.can_manage_plans(request.user))
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes were saved."))
        return redirect("inspections:plan_detail", pk=plan.pk)
    return render(
        request, "inspections/form.html", {"form": form, "plan": plan, "title": _("Edit the plan")}
    )


def plan_detail(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    decisions = plan.decisions.prefetch_related(
        Prefetch(
            "teams__memberships", queryset=TeamMember.objects.select_related("user", "member")
        ),
        "teams",
    )
    inspections = (
        _inspections(request)
        .filter(plan=plan)
        .select_related("organization", "team")
        .order_by("team__name", "organization__path")
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "targets": plan.targets.order_by("path"),
            "decisions": decisions,
            "inspections": inspections,
            "can_manage": access.can_manage_plans(request.user),
        },
    )


def decision_create(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    access.require(access.can_manage_plans(request.user))
    form = DecisionForm(request.POST or None, initial={"issuing_body": plan.issuing_body})
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        decision.plan = plan
        try:
            decision = services.create_decision(
                decision,
                signed_by=form.cleaned_data["signed_by"],
                deputy=form.cleaned_data["deputy"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The decision was saved as No. %(number)s.") % {"number": decision.number},
            )
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(
        request,
        "inspections/form.html",
        {"form": form, "plan": plan, "title": _("New decision forming teams")},
    )


def team_create(request, pk):
    decision = get_object_or_404(
        Decision.objects.filter(plan__in=Plan.objects.visible_to(request.user)).select_related(
            "plan"
        ),
        pk=pk,
    )
    plan = decision.plan
    access.require(access.can_manage_plans(request.user))
    form = TeamForm(request.POST or None, user=request.user, decision=decision)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.form_team(
                decision,
                name=data["name"],
                leader=data["leader"],
                members=list(data["members"]),
                organizations=list(data["organizations"]),
                kind=data["kind"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The team was formed."))
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(
        request,
        "inspections/form.html",
        {"form": form, "plan": plan, "title": _("New team")},
    )


# --- Complaints and discipline ----------------------------------------------------------------


def complaint_list(request):
    access.require(access.sees_complaints(request.user))
    complaints = (
        Complaint.objects.visible_to(request.user)
        .select_related("about_member", "about_organization", "split_from")
        .order_by("-received_on", "-pk")
    )
    return render(
        request,
        "inspections/complaint_list.html",
        {
            "page": _page(request, complaints),
            "can_manage": access.can_manage_complaints(request.user),
        },
    )


def complaint_create(request):
    access.require(access.can_manage_complaints(request.user))
    form = ComplaintForm(
        request.POST or None, user=request.user, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            records = services.receive_letter(
                kind=data["kind"],
                received_on=data["received_on"],
                sender=data["sender"],
                anonymous=data["anonymous"],
                about_member=data["about_member"],
                about_organization=data["about_organization"],
                content=data["content"],
                handled_by=data["handled_by"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if len(records) > 1:
                messages.success(
                    request, _("The letter was registered as a complaint and a denunciation.")
                )
            else:
                messages.success(request, _("The letter was registered."))
            return redirect("inspections:complaint_list")
    return render(request, "inspections/form.html", {"form": form, "title": _("Register a letter")})


def complaint_detail(request, pk):
    complaint = get_object_or_404(
        Complaint.objects.visible_to(request.user).select_related(
            "about_member", "about_organization", "split_from"
        ),
        pk=pk,
    )
    can_manage = access.can_manage_complaints(request.user)
    form = ComplaintHandlingForm(request.POST or None, instance=complaint) if can_manage else None
    if request.method == "POST":
        access.require(can_manage)
        if form.is_valid():
            form.save()
            messages.success(request, _("The changes were saved."))
            return redirect("inspections:complaint_detail", pk=pk)
    return render(
        request,
        "inspections/complaint_detail.html",
        {
            "complaint": complaint,
            "form": form,
            "parts": complaint.split_parts.all(),
            "decisions": complaint.discipline_decisions.select_related("member", "organization"),
        },
    )


def discipline_list(request):
    access.require(access.sees_discipline(request.user))
    decisions = (
        DisciplineDecision.objects.visible_to(request.user)
        .select_related("member", "organization", "inspection", "complaint")
        .order_by("-decided_on", "-pk")
    )
    return render(
        request,
        "inspections/discipline_list.html",
        {
            "page": _page(request, decisions),
            "can_manage": access.can_record_discipline(request.user),
        },
    )


def discipline_create(request):
    access.require(access.can_record_discipline(request.user))
    form = DisciplineDecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_discipline(
                number=data["number"],
                decided_on=data["decided_on"],
                issuing_body=data["issuing_body"],
                form=data["form"],
                reason=data["reason"],
                member=data["member"],
                organization=data["organization"],
                inspection=data["inspection"],
                complaint=data["complaint"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The discipline decision was recorded."))
            return redirect("inspections:discipline_list")
    return render(
        request,
        "inspections/form.html",
        {"form": form, "title": _("Record a discipline decision")},
    )
