from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members.forms import PositionForm
from members.models import LeadershipPosition, Member
from organizations import access, services
from organizations.forms import (
    OrganizationForm,
    OrganizationSearchForm,
    RestructureForm,
    SplitRows,
    choice_label,
)
from organizations.models import Organization, ParentLink
from organizations.tree import member_counts_under, subtree_member_counts
from partybloc.downloads import stored_file_response
from partybloc.forms import add_service_error
from partybloc.pickers import options_response

TREE_PAGE_SIZE = 50


def _visible(request):
    return Organization.objects.visible_to(request.user)


def _active_among(user, condition):
    return Organization.objects.visible_to(user).active().filter(condition)


# What an organization picker's search box may ask for (organizations.forms): each a door of
# the access package, narrowed further by kind, by being active or by a subtree.
PICKER_SCOPES = {
    "visible": lambda user: Organization.objects.visible_to(user),
    "kept": lambda user: Organization.objects.visible_to(user).kept_by(user),
    "destinations": lambda user: Organization.objects.member_destinations_for(user),
    "recordable": lambda user: Organization.objects.recordable_by(user),
    "exemptable": lambda user: _active_among(user, access.exemptable_q(user)),
    "reports": lambda user: _active_among(user, access.report_scope_q(user)),
    "candidates": lambda user: _active_among(user, access.candidate_keeping_q(user)),
    "plans": lambda user: _active_among(user, access.plan_keeping_q(user)),
}


@require_GET
def pick(request):
    """The organizations matching a picker's search text, among those the user may choose
    (its select's options, for htmx). A subtree asked for outside the scope is 404."""
    organizations = PICKER_SCOPES.get(request.GET.get("scope", ""), PICKER_SCOPES["visible"])(
        request.user
    )
    kinds = [k for k in request.GET.getlist("kind") if k in Organization.Kind.values]
    if kinds:
        organizations = organizations.filter(kind__in=kinds)
    if request.GET.get("active"):
        organizations = organizations.active()
    if request.GET.get("under", "").isdigit():
        under = get_object_or_404(_visible(request), pk=int(request.GET["under"]))
        organizations = organizations.filter(path__startswith=under.path)
    return options_response(
        request, organizations.select_related("parent").in_tree_order(), choice_label
    )


def tree(request):
    access.require(access.sees_register(request.user))
    form = OrganizationSearchForm(request.GET or None)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    query = form.cleaned_data.get("q") if form.is_valid() else ""
    if on:
        return _tree_as_of(request, form, on)
    roots = sorted(Organization.objects.scope_roots(request.user), key=lambda o: o.sort_key)
    # The tops and the first page of what is under each: the rest loads as the user opens it.
    for root in roots:
        root.loaded_children, root.next_page = _children_page(root, 1)
    counts = subtree_member_counts(roots)
    for root in roots:
        root.member_count = counts.get(root.pk, 0)
    matches = None
    if query:
        matches = list(
            _visible(request).search(query).select_related("parent").order_by("sort_key")[:50]
        )
    return render(
        request,
        "organizations/tree.html",
        {"form": form, "roots": roots, "matches": matches, "query": query},
    )


def _tree_as_of(request, form, on):
    """The tree of a past date, one level at a time: the organization asked about (else where
    the user's tree starts) and what stood directly under it then, a page at a time, each
    with its members on that day. Only that organization's subtree of the day is read."""
    within_id = request.GET.get("within", "")
    if within_id.isdigit():
        tops = [get_object_or_404(_visible(request), pk=within_id)]
    else:
        tops = sorted(Organization.objects.scope_roots(request.user), key=lambda o: o.sort_key)
    rows, parents = [], {}
    for top in tops:
        # The day's subtree by id, its members from the month-end figures; only the rows
        # shown (the top and what stood directly under it) are loaded as organizations.
        parent_of = services.parents_as_of(on, within=top)
        if top.pk not in parent_of:
            continue
        counts = member_counts_under(on, parent_of)
        below = Organization.objects.filter(
            pk__in=[pk for pk, parent in parent_of.items() if parent == top.pk and pk != top.pk]
        ).values_list("sort_key", "pk")
        rows.append((top.pk, 0, counts.get(top.pk, 0)))
        rows.extend((pk, 1, counts.get(pk, 0)) for _key, pk in sorted(below, key=lambda r: r[0]))
        parents[top.pk] = parent_of[top.pk]
    page = Paginator(rows, TREE_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)
    # A subtree of that day may hold what has since moved out of the user's scope; only the
    # page's organizations are loaded.
    organizations = _visible(request).in_bulk([pk for pk, _d, _c in shown])
    up = None
    if within_id.isdigit() and len(tops) == 1 and parents.get(tops[0].pk):
        up = _visible(request).filter(pk=parents[tops[0].pk]).first()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/tree_as_of.html",
        {
            "form": form,
            "rows": [
                (organizations[pk], depth, count)
                for pk, depth, count in shown
                if pk in organizations
            ],
            "page": page,
            "query": query.urlencode(),
            "on": on,
            "up": up,
        },
    )


def _children_page(parent, number: int):
    """A page of an organization's active children with their member counts, and the number
    of the next page (None on the last)."""
    start = (number - 1) * TREE_PAGE_SIZE
    kids = list(
        parent.children.active()
        .select_related("host_agency")
        .order_by("kind", "sort_key")[start : start + TREE_PAGE_SIZE + 1]
    )
    next_page = number + 1 if len(kids) > TREE_PAGE_SIZE else None
    kids = kids[:TREE_PAGE_SIZE]
    counts = subtree_member_counts(kids)
    for kid in kids:
        kid.member_count = counts.get(kid.pk, 0)
    return kids, next_page


def children(request, pk):
    """The children of one node, a page at a time, loaded when the user expands it (and each
    further page when they ask for more)."""
    organization = get_object_or_404(_visible(request), pk=pk)
    page = request.GET.get("page", "")
    number = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    kids, next_page = _children_page(organization, number)
    return render(
        request,
        "organizations/_children.html",
        {"nodes": kids, "parent": organization, "next_page": next_page, "first": number == 1},
    )


def detail(request, pk):
    organization = get_object_or_404(
        _visible(request).select_related("parent", "host_agency", "successor"), pk=pk
    )
    # A bloc holds thousands of organizations: its page lists them a page at a time.
    kids_page = Paginator(
        organization.children.select_related("host_agency").order_by("ended_on", "sort_key"),
        TREE_PAGE_SIZE,
    ).get_page(request.GET.get("children"))
    kids = list(kids_page)
    counts = subtree_member_counts([organization, *kids])
    for kid in kids:
        kid.member_count = counts.get(kid.pk, 0)
    positions = (
        LeadershipPosition.objects.filter(organization=organization, ended_on__isnull=True)
        .select_related("member")
        .order_by("post", "member__sort_key")
    )
    members = Member.objects.in_subtree(organization).active().select_related("organization")
    page = Paginator(members.in_name_order(), 20).get_page(request.GET.get("page"))
    history = ParentLink.objects.filter(organization=organization).select_related("parent")
    user = request.user
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "ancestors": organization.ancestors().filter(access.organization_scope_q(user)),
            "children": kids,
            "children_page": kids_page,
            "member_count": counts.get(organization.pk, 0),
            "positions": positions,
            "page": page,
            "history": history.order_by("valid_from"),
            "predecessors": organization.predecessors.filter(access.organization_scope_q(user)),
            "flags": organization.flags(),
            "can_manage": access.can_manage_organization(user, organization),
            "can_add_child": access.can_add_child(user, organization),
            "can_restructure": access.can_restructure(user, organization),
        },
    )


def create(request):
    access.require(access.can_add_organizations(request.user))
    initial = {"founded_on": timezone.localdate()}
    parent_id = request.GET.get("parent")
    if parent_id:
        parent = get_object_or_404(_visible(request), pk=parent_id)
        access.require(access.can_add_child(request.user, parent))
        initial["parent"] = parent
        initial["kind"] = (
            Organization.Kind.SUBORDINATE_CELL
            if parent.kind == Organization.Kind.COMMITTEE
            else Organization.Kind.GRASSROOTS_CELL
        )
    form = OrganizationForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        organization = form.save(commit=False)
        try:
            with transaction.atomic():
                services.found_organization(organization, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organization was created."))
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "organizations/form.html", {"form": form, "organization": None})


def edit(request, pk):
    organization = get_object_or_404(_visible(request), pk=pk)
    access.require(access.can_manage_organization(request.user, organization))
    form = OrganizationForm(
        request.POST or None, request.FILES or None, user=request.user, instance=organization
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes were saved."))
        return redirect("organizations:detail", pk=organization.pk)
    return render(request, "organizations/form.html", {"form": form, "organization": organization})


def restructure(request, pk):
    organization = get_object_or_404(_visible(request), pk=pk)
    access.require(access.can_restructure(request.user, organization))
    form = RestructureForm(request.POST or None, organization=organization, user=request.user)
    plan = split_rows = None
    valid = form.is_valid()
    names = form.cleaned_data.get("new_name_list", []) if form.is_bound else []
    if names and "new_names" not in form.errors:
        # Shown with the names, even while another field needs correcting, so that the
        # choices made in the table survive the correction.
        split_rows = SplitRows(request.POST, organization=organization, names=names)
    if valid and (split_rows is None or split_rows.is_valid()):
        try:
            plan = _plan_from(form, organization, split_rows)
            if "confirm" in request.POST:
                services.carry_out(plan, by=request.user, decision=form.cleaned_data["decision"])
        except ValidationError as error:
            plan = None
            add_service_error(form, error)
        else:
            if "confirm" in request.POST:
                messages.success(request, plan.describe())
                return redirect("organizations:detail", pk=organization.pk)
    return render(
        request,
        "organizations/restructure.html",
        {"organization": organization, "form": form, "plan": plan, "split_rows": split_rows},
    )


def _plan_from(form, organization, split_rows):
    action, on = form.cleaned_data["action"], form.cleaned_data["on"]
    if action == "merge":
        return services.plan_merge(organization, into=form.cleaned_data["into"], on=on)
    if action == "dissolve":
        return services.plan_dissolve(
            organization, on=on, members_to=form.cleaned_data.get("members_to")
        )
    return services.plan_split(
        organization,
        new_names=form.cleaned_data["new_name_list"],
        assignment=split_rows.assignment(),
        on=on,
    )


def regulation_file(request, pk):
    organization = get_object_or_404(_visible(request), pk=pk)
    return stored_file_response(organization.regulation_file)


@require_POST
def end_position(request, pk, position_pk):
    organization = get_object_or_404(_visible(request), pk=pk)
    access.require(access.can_manage_organization(request.user, organization))
    position = get_object_or_404(organization.positions, pk=position_pk, ended_on__isnull=True)
    position.ended_on = timezone.localdate()
    position.save(update_fields=["ended_on"])
    messages.success(request, _("The position was ended."))
    return redirect("organizations:detail", pk=organization.pk)


def add_position(request, pk):
    organization = get_object_or_404(_visible(request), pk=pk)
    access.require(access.can_manage_organization(request.user, organization))
    form = PositionForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        position = form.save(commit=False)
        position.organization = organization
        position.save()
        messages.success(request, _("The position was recorded."))
        return redirect("organizations:detail", pk=organization.pk)
    return render(
        request, "organizations/position_form.html", {"form": form, "organization": organization}
    )
