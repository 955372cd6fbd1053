"""The members' year: admissions board, annual ratings, targets, directives and commitments."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Member
from members.year import commitments, services, targets
from members.year.forms import (
    CandidateForm,
    CommitmentForm,
    ImplementationPlanForm,
    RatingGrid,
    ReturnForm,
    StepForm,
)
from members.year.models import (
    AdmissionRule,
    Candidate,
    CandidateStep,
    Commitment,
    Directive,
    Rating,
    RatingScale,
    candidate_cells,
)
from organizations import access
from organizations.models import PATH_SEGMENT_WIDTH, Organization
from partybloc.forms import add_service_error
from partybloc.pagination import EstimatingPaginator
from partybloc.xlsx import table_workbook, xlsx_response


def _organization(request, pk: int) -> Organization:
    return get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)


def _scope_default(request) -> Organization:
    """The organization the page is about: the one asked for, else where the user's tree
    starts."""
    if request.GET.get("organization", "").isdigit():
        return _organization(request, int(request.GET["organization"]))
    roots = Organization.objects.scope_roots(request.user)
    if not roots:
        raise Http404
    return roots[0]


# Admissions ----------------------------------------------------------------------------------


def admissions_board(request):
    access.require(access.sees_register(request.user))
    scope = _scope_default(request)
    in_progress = (
        Candidate.objects.visible_to(request.user)
        .filter(organization__path__startswith=scope.path, state=Candidate.State.IN_PROGRESS)
        .select_related("organization")
        .prefetch_related(
            Prefetch("steps_done", queryset=CandidateStep.objects.select_related("step"))
        )
        .order_by("organization__path", "full_name")
    )
    # A bloc at province scale has well over a thousand candidates: a page at a time.
    # (A page as long as the other lists: 200 cards took six times a small bloc's whole board.)
    page = EstimatingPaginator(in_progress, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    candidates = list(page)
    rules = AdmissionRule.with_steps()
    columns: dict[str, list] = {}
    for candidate in candidates:
        upcoming = candidate.next_step(rules)
        key = upcoming.get_code_display() if upcoming else _("admission pending")
        columns.setdefault(key, []).append((candidate, candidate.warnings(rules=rules)))
    return render(
        request,
        "year/admissions_board.html",
        {
            "scope": scope,
            "columns": columns.items(),
            "total": page.paginator.count,
            "page": page,
            "query": f"organization={scope.pk}",
            "admitted": Candidate.objects.visible_to(request.user)
            .filter(
                organization__path__startswith=scope.path,
                state=Candidate.State.ADMITTED,
                member__admitted_on__year=timezone.localdate().year,
            )
            .count(),
            "can_add": candidate_cells(request.user).exists(),
        },
    )


def candidate_create(request):
    access.require(candidate_cells(request.user).exists())
    form = CandidateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.add_candidate(
                form.save(commit=False), course_on=form.cleaned_data["course_on"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The candidate was added."))
            return redirect("year:candidate", pk=candidate.pk)
    return render(request, "year/candidate_form.html", {"form": form})


def _candidate(request, pk: int) -> Candidate:
    return get_object_or_404(
        Candidate.objects.visible_to(request.user).select_related(
            "organization", "helper", "member"
        ),
        pk=pk,
    )


def _candidate_page(request, candidate: Candidate, *, form: StepForm | None = None):
    """The candidate's steps, warnings and the form of the next step (bound and showing its
    errors after a refused step)."""
    rules = AdmissionRule.with_steps()
    upcoming = candidate.next_step(rules)
    if (
        form is None
        and upcoming is not None
        and access.can_record_admission_step(request.user, candidate, upcoming)
    ):
        form = StepForm(candidate=candidate, step=upcoming)
    return render(
        request,
        "year/candidate_detail.html",
        {
            "candidate": candidate,
            "rule": candidate.rule(rules),
            "done": candidate.steps_done.select_related("step", "recorded_by"),
            "upcoming": upcoming,
            "form": form,
            "warnings": candidate.warnings(rules=rules),
            "can_admit": candidate.state == Candidate.State.IN_PROGRESS
            and candidate.steps_done.filter(step__code="decision").exists()
            and access.can_decide_admission(request.user, candidate.organization),
        },
    )


def candidate_detail(request, pk):
    return _candidate_page(request, _candidate(request, pk))


@require_POST
def candidate_step(request, pk):
    candidate = _candidate(request, pk)
    upcoming = candidate.next_step()
    access.require(
        upcoming is not None and access.can_record_admission_step(request.user, candidate, upcoming)
    )
    form = StepForm(request.POST, request.FILES, candidate=candidate, step=upcoming)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_step(
                candidate,
                step_code=upcoming.code,
                done_on=data["done_on"],
                by=request.user,
                document_number=data["document_number"],
                document=data.get("document"),
                note=data["note"],
                helper=data.get("helper_member"),
                introducers=list(data.get("introducers") or ()),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The step was recorded."))
            return redirect("year:candidate", pk=candidate.pk)
    return _candidate_page(request, candidate, form=form)


@require_POST
def candidate_admit(request, pk):
    candidate = get_object_or_404(Candidate.objects.visible_to(request.user), pk=pk)
    access.require(access.can_decide_admission(request.user, candidate.organization))
    try:
        member = services.admit_candidate(candidate, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("year:candidate", pk=candidate.pk)
    messages.success(
        request, _("%(name)s was admitted as a probationary member.") % {"name": member.full_name}
    )
    return redirect("members:detail", pk=member.pk)


def admissions_export(request):
    """The board's candidates as .xlsx: name, cell, the steps done with their dates. Open to
    whoever may open the board."""
    access.require(access.sees_register(request.user))
    scope = _scope_default(request)
    candidates = (
        Candidate.objects.visible_to(request.user)
        .filter(organization__path__startswith=scope.path)
        .select_related("organization")
        .prefetch_related(
            Prefetch("steps_done", queryset=CandidateStep.objects.select_related("step"))
        )
        .order_by("organization__path", "full_name")
    )
    rules = AdmissionRule.with_steps()
    rows = []
    for candidate in candidates:
        upcoming = candidate.next_step(rules)
        steps = "; ".join(
            f"{done.step.get_code_display()} {done.done_on:%d/%m/%Y}"
            for done in sorted(candidate.steps_done.all(), key=lambda d: d.done_on)
        )
        rows.append(
            [
                candidate.full_name,
                candidate.date_of_birth,
                candidate.organization.name,
                candidate.get_state_display(),
                upcoming.get_code_display() if upcoming else "",
                steps,
            ]
        )
    content = table_workbook(
        _("Admissions"),
        [
            _("Full name"),
            _("Date of birth"),
            _("Party cell"),
            _("State"),
            _("Next step"),
            _("Steps done"),
        ],
        rows,
        widths=[26, 14, 36, 14, 28, 80],
    )
    return xlsx_response(content, f"ket-nap-{scope.pk}.xlsx")


# Ratings -------------------------------------------------------------------------------------


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 < int(raw) < 2100 else timezone.localdate().year


def _rating_grid(
    request,
    organization: Organization,
    *,
    field: str,
    subjects: list[Member] | list[Organization],
    scale: RatingScale | None,
    year: int,
    can_rate: bool,
    can_approve: bool,
    page=None,
    all_subjects=None,
):
    """The grid both ratings pages share: a row per subject, saved and submitted by the rater
    (which locks it), returned with a comment or approved by the level above. Errors of a row
    show on the row; the broken rules of the year and a refused step, above the grid. `field`
    names the subjects on a Rating: member or organization. A long grid comes a page at a time
    (`page`, the subjects its rows; `all_subjects`, the queryset of the whole sheet, which
    submitting and approving act on)."""
    sheet = services.sheet_of(organization, year=year, subject=field)
    existing = {
        getattr(rating, f"{field}_id"): rating
        for rating in Rating.objects.filter(year=year, **{f"{field}__in": subjects}).select_related(
            "level"
        )
    }
    locked = not sheet.is_editable or any(
        rating.state == Rating.State.APPROVED for rating in existing.values()
    )
    if page is not None and not locked:
        # The rows of other pages lock the sheet as well as this page's.
        locked = Rating.objects.filter(
            year=year, state=Rating.State.APPROVED, **{f"{field}__in": all_subjects}
        ).exists()
    whole = subjects if all_subjects is None else all_subjects
    grid = None
    if scale is not None:
        grid = RatingGrid(
            subjects=subjects, scale=scale, existing=existing, disabled=not can_rate or locked
        )
    problems = []
    return_form = ReturnForm(request.POST if "return" in request.POST else None)
    if request.method == "POST" and scale is not None:
        access.require(can_rate or can_approve)
        done = None
        try:
            if "approve" in request.POST:
                access.require(can_approve)
                count = services.approve_ratings(sheet, subjects=list(whole), by=request.user)
                done = _("%(count)s ratings approved and locked.") % {"count": count}
            elif "return" in request.POST:
                access.require(can_approve)
                if return_form.is_valid():
                    services.return_ratings(
                        sheet, by=request.user, comment=return_form.cleaned_data["comment"]
                    )
                    done = _("The ratings were returned for correction.")
            elif "submit" in request.POST:
                access.require(can_rate)
                services.submit_ratings(sheet, subjects=list(whole), by=request.user)
                done = _("The ratings were submitted to the level above and are locked.")
            else:
                access.require(can_rate)
                grid = RatingGrid(request.POST, subjects=subjects, scale=scale, existing=existing)
                if grid.is_valid():
                    services.save_ratings(
                        year=year, scale=scale, entries=grid.entries(), by=request.user, sheet=sheet
                    )
                    done = _("The ratings were saved.")
        except ValidationError as error:
            if "return" in request.POST and hasattr(error, "error_dict"):
                add_service_error(return_form, error)
            else:
                problems = error.messages
        if done is not None:
            messages.success(request, done)
            on_page = f"&page={page.number}" if page is not None and page.number > 1 else ""
            return redirect(f"{request.path}?year={year}{on_page}")
    events = sheet.events.select_related("by") if sheet.pk else []
    return render(
        request,
        "year/ratings_grid.html",
        {
            "cell": organization,
            "year": year,
            "scale": scale,
            "rules": scale.rules.all() if scale else [],
            "grid": grid,
            "problems": problems,
            "sheet": sheet,
            "events": events,
            "return_form": return_form,
            "can_rate": can_rate and not locked,
            "can_submit": can_rate and sheet.is_editable and not locked and bool(existing),
            "can_review": can_approve and sheet.state == sheet.State.SUBMITTED,
            "locked": locked,
            "organizations": field == "organization",
            "page": page,
            "query": f"year={year}",
        },
    )


def member_ratings(request, pk):
    """One grid for a cell's members for a year, on that year's scale."""
    cell = _organization(request, pk)
    if not cell.is_cell:
        raise Http404
    year = _year(request)
    members = list(
        Member.objects.active()
        .filter(organization=cell, admitted_on__lte=datetime.date(year, 12, 31))
        .order_by("sort_key")
    )
    return _rating_grid(
        request,
        cell,
        field="member",
        subjects=members,
        scale=RatingScale.for_year(year, RatingScale.Subject.MEMBER),
        year=year,
        can_rate=access.can_rate_members_of(request.user, cell),
        can_approve=access.can_approve_member_ratings(request.user, cell),
    )


def organization_ratings(request, pk):
    """A committee rates its cells; the bloc office rates the grassroots organizations. The
    bloc office approves."""
    parent = _organization(request, pk)
    if parent.is_cell:
        raise Http404
    year = _year(request)
    rated = parent.children.active(datetime.date(year, 12, 31)).order_by("sort_key", "pk")
    # The bloc rates every grassroots organization: thousands in a province, a page at a time.
    page = EstimatingPaginator(rated, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    subjects = list(page)
    return _rating_grid(
        request,
        parent,
        field="organization",
        subjects=subjects,
        scale=RatingScale.for_year(year, RatingScale.Subject.ORGANIZATION),
        year=year,
        # The right follows from the parent, which every row shares.
        can_rate=bool(subjects)
        and all(access.can_rate_organization(request.user, o) for o in subjects),
        can_approve=access.can_manage_year_plan(request.user),
        page=page,
        all_subjects=rated,
    )


def member_ratings_export(request, pk):
    cell = _organization(request, pk)
    if not cell.is_cell:
        raise Http404
    year = _year(request)
    rows = [
        [
            r.member.full_name,
            r.level.label if r.level else "",
            r.points,
            r.get_not_rated_display() if r.not_rated else "",
            r.get_state_display(),
            r.self_assessment,
        ]
        for r in Rating.objects.filter(year=year, member__organization=cell)
        .select_related("member", "level")
        .order_by("member__sort_key")
    ]
    content = table_workbook(
        _("Ratings %(year)s") % {"year": year},
        [
            _("Full name"),
            _("Level"),
            _("Points"),
            _("Not rated because"),
            _("State"),
            _("Self-assessment"),
        ],
        rows,
        widths=[26, 30, 8, 30, 12, 60],
    )
    return xlsx_response(content, f"xep-loai-{year}-{cell.pk}.xlsx")


# Targets -------------------------------------------------------------------------------------


def target_results(request):
    access.require(access.sees_targets(request.user))
    year = _year(request)
    scope = Organization.objects.filter(parent__isnull=True, ended_on__isnull=True).first()
    if scope is None:
        raise Http404
    as_of = min(timezone.localdate(), datetime.date(year, 12, 31))
    groups = targets.year_results(year, scope=scope, as_of=as_of)
    return render(
        request,
        "year/targets.html",
        {
            "year": year,
            "groups": groups,
            "tally": targets.tally(groups),
            "as_of": as_of,
        },
    )


# Directives and commitments ------------------------------------------------------------------


def directive_list(request):
    access.require(access.sees_register(request.user))
    page = Paginator(Directive.objects.all(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "year/directive_list.html", {"directives": page})


# Grassroots organizations whose near-copied commitments one page of a directive shows.
NEAR_COPIES_PAGE = 10


def _near_copies(recorded, scope: Organization, number):
    """Near-copied commitments, found within each grassroots organization (where copying
    happens). Under the bloc, those of a page of the grassroots organizations that recorded
    any (a province holds thousands); under one of them, all of its own."""
    if scope.kind != Organization.Kind.BLOC:
        return None, commitments.near_copies(recorded)
    # A grassroots organization's path is its first two segments: the heads are read from the
    # commitments' own paths (one hashed semi-join, no subquery per organization).
    head_length = 2 * (PATH_SEGMENT_WIDTH + 1)
    heads = (
        Organization.objects.grassroots()
        .filter(
            path__in=recorded.annotate(
                head=Substr("member__organization__path", 1, head_length)
            ).values("head")
        )
        .order_by("path")
    )
    page = EstimatingPaginator(heads, NEAR_COPIES_PAGE).get_page(number)
    within = Q()
    for head in page:
        within |= Q(member__organization__path__startswith=head.path)
    return page, commitments.near_copies(recorded.filter(within)) if within else []


def directive_detail(request, pk):
    access.require(access.sees_register(request.user))
    directive = get_object_or_404(Directive, pk=pk)
    year = _year(request)
    scope = _scope_default(request)
    members = (
        Member.objects.visible_to(request.user)
        .active()
        .filter(organization__path__startswith=scope.path)
    )
    recorded = Commitment.objects.filter(
        directive=directive, year=year, member__in=members
    ).select_related("member__organization")
    form = None
    keepable = candidate_cells(request.user).filter(path__startswith=scope.path)
    if keepable.exists():
        writable = commitments.missing_commitments(
            directive, year, members.filter(organization__in=keepable)
        ).order_by("sort_key")
        posted = request.POST if request.method == "POST" and "plan" not in request.POST else None
        form = CommitmentForm(posted, members=writable, under=scope.pk)
        if posted is not None and form.is_valid():
            commitment = form.save(commit=False)
            commitment.directive, commitment.year, commitment.recorded_by = (
                directive,
                year,
                request.user,
            )
            commitment.save()
            messages.success(request, _("The commitment was recorded."))
            return redirect(f"{request.path}?year={year}&organization={scope.pk}")
    elif request.method == "POST" and "plan" not in request.POST:
        access.require(False)
    # Each grassroots organization records its plan for the directive (its keepers do).
    plannable = (
        Organization.objects.visible_to(request.user)
        .active()
        .filter(access.plan_keeping_q(request.user), path__startswith=scope.path)
        .exclude(implementation_plans__directive=directive)
        .order_by("sort_key")
    )
    plan_form = None
    if plannable.exists():
        plan_form = ImplementationPlanForm(
            request.POST if "plan" in request.POST else None,
            request.FILES if "plan" in request.POST else None,
            organizations=plannable,
            under=scope.pk,
        )
        if "plan" in request.POST and plan_form.is_valid():
            plan = plan_form.save(commit=False)
            plan.directive, plan.recorded_by = directive, request.user
            plan.save()
            messages.success(request, _("The implementation plan was recorded."))
            return redirect(f"{request.path}?year={year}&organization={scope.pk}")
    elif "plan" in request.POST:
        access.require(False)
    plans = EstimatingPaginator(
        directive.plans.filter(organization__path__startswith=scope.path)
        .select_related("organization")
        .order_by("organization__path", "pk"),
        settings.PAGE_SIZE,
    ).get_page(request.GET.get("plans_page"))
    copies_page, near_copies = _near_copies(recorded, scope, request.GET.get("copies_page"))
    missing = commitments.missing_commitments(directive, year, members)
    missing_page = EstimatingPaginator(
        missing.select_related("organization").order_by("organization__path", "sort_key"),
        settings.PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "year/directive_detail.html",
        {
            "directive": directive,
            "year": year,
            "scope": scope,
            "recorded_count": recorded.count(),
            "missing_count": missing_page.paginator.count,
            "missing": missing_page,
            "query": f"year={year}&organization={scope.pk}",
            "near_copies": near_copies,
            "copies_page": copies_page,
            "plans": plans,
            "plan_form": plan_form,
            "form": form,
        },
    )
