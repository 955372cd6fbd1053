"""The year's work for the demo bloc: candidates at every admission step, two years of approved
ratings, the targets of two years, and Chỉ thị 05-CT/TW with plans and commitments (a few cells
whose plans are copies of each other, as seed 000 complains). Bulk inserts; deterministic."""

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from members.models import ACTIVE_STATUSES, Gender, Member, Status
from members.year.models import (
    AdmissionRule,
    Candidate,
    CandidateStep,
    Commitment,
    Directive,
    ImplementationPlan,
    Rating,
    RatingScale,
    Target,
    TargetGroup,
)
from organizations.models import Organization
from partybloc.demo.data.year import COPIED, FAMILY, GIVEN, PERSONAL, PLANS, TARGETS
from partybloc.demo.draws import days, national_id
from partybloc.demo.plan import DemoPlan


def load(plan: DemoPlan, *, today: datetime.date | None = None) -> None:
    """Add the year's candidates, ratings, targets and commitments to a loaded demo bloc."""
    today = today or plan.today
    rng = random.Random(1805)
    office = plan.users["vanphong"]
    cells = [
        org for org in [*plan.grassroots, *plan.cells]
        if org.kind in Organization.CELL_KINDS and org.ended_on is None
    ]  # fmt: skip
    active = plan.active_members
    _candidates(cells[: max(30, len(cells) // 6)], office, today, rng)
    _late_candidates_of_the_demo_cells(plan, office, today)
    for year in (today.year - 2, today.year - 1):
        _ratings(year, plan.members, plan, office, rng)
        _targets(year, complete=True)
    _targets(today.year, complete=False)
    _directive(cells, active, plan, office, today, rng)


def _candidates(
    cells: list[Organization], office: User, today: datetime.date, rng: random.Random
) -> None:
    rule = AdmissionRule.in_force(today)
    steps = list(rule.steps.order_by("order"))
    candidates, done = [], []
    for index, cell in enumerate(cells):
        gender = Gender.FEMALE if index % 2 else Gender.MALE
        born = datetime.date(rng.randint(1993, 2003), rng.randint(1, 12), rng.randint(1, 28))
        middle = "Thị" if gender == Gender.FEMALE else "Văn"
        candidate = Candidate(
            full_name=f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN[gender])}",
            gender=gender,
            date_of_birth=born,
            national_id=national_id("058", gender, born, 900000 + index),
            organization=cell,
            job="Chuyên viên",
            youth_union_member=rng.random() < 0.65,
        )
        candidates.append(candidate)
        reached = index % (len(steps) - 1) + 1  # spread over the steps, up to the decision
        # Dates run backwards from a recent last step, each gap within the rule's bounds; one
        # candidate in seven is left waiting too long for the next step.
        day = today - days(rng.randint(3, 15) + (70 if index % 7 == 3 else 0))
        dates = []
        for step in reversed(steps[:reached]):
            dates.append(day)
            low = step.min_days_after_previous or 7
            high = step.max_days_after_previous or low + 20
            day -= days(rng.randint(low, max(low, high - 5)))
        for step, done_on in zip(steps[:reached], reversed(dates), strict=True):
            done.append((candidate, step, done_on))
        if index % 11 == 0:  # a course certificate about to expire
            done[-reached] = (candidate, steps[0], today - days(365 * 5 - 40))
    Candidate.objects.bulk_create(candidates)
    CandidateStep.objects.bulk_create(
        CandidateStep(
            candidate=c,
            step=s,
            done_on=d,
            recorded_by=office,
            document_number=f"{rng.randint(1, 99)}-{s.forms.split(',')[0] or 'QĐ'}",
        )
        for c, s, d in done
    )


def _late_candidates_of_the_demo_cells(plan: DemoPlan, office: User, today: datetime.date) -> None:
    """Each demo secretary's cell keeps a candidate whose background verification is ten days
    past the procedure's limit: the daily run reminds the secretary and, for a subordinate
    cell, tells the committee (the demo's reminders, README "Reminders and notifications")."""
    rule = AdmissionRule.in_force(today)
    steps = {step.code: step for step in rule.steps.all()}
    limit = steps["verification"].max_days_after_previous or 60
    applied = today - days(limit + 10)
    cells = [
        login.organization
        for login in plan.logins
        if login.organization.kind in Organization.CELL_KINDS
    ]
    for index, cell in enumerate(cells):
        born = datetime.date(1996 + index, 4, 14)
        gender = Gender.FEMALE if index % 2 else Gender.MALE
        candidate = Candidate.objects.create(
            full_name=["Trương Văn Khánh", "Phan Thị Yến"][index % 2],
            gender=gender,
            date_of_birth=born,
            national_id=national_id("058", gender, born, 800000 + index),
            organization=cell,
            job="Chuyên viên",
            youth_union_member=True,
        )
        done = [
            ("course", applied - days(130)),
            ("helper", applied - days(120)),
            ("application", applied),
        ]
        CandidateStep.objects.bulk_create(
            CandidateStep(candidate=candidate, step=steps[code], done_on=on, recorded_by=office)
            for code, on in done
        )


def _ratings(
    year: int, members: list[Member], plan: DemoPlan, office: User, rng: random.Random
) -> None:
    """Every rating of the year, approved by the office before the year ended, in the shares
    seed 001 reports: 13.7% of the members rated excellent, 99% good or better, and 52 of the
    56 grassroots organizations (93%) good or better."""
    year_end = datetime.date(year, 12, 31)
    approved_at = timezone.make_aware(
        datetime.datetime.combine(datetime.date(year, 12, 22), datetime.time(9, 0))
    )
    approved = {
        "year": year,
        "rated_by": office,
        "rated_at": approved_at - datetime.timedelta(days=7),
        "state": "approved",
        "approved_by": office,
        "approved_at": approved_at,
    }
    scale = RatingScale.for_year(year, "member")
    levels = list(scale.levels.order_by("order"))
    # The members of the bloc at the year's end, whatever became of them since.
    in_year = [
        member
        for member in members
        if member.admitted_on <= year_end
        and (member.status in ACTIVE_STATUSES or member.status_since > year_end)
    ]
    rated = [member for member in in_year if member.status != Status.EXEMPT]
    excellent_count, below_count = round(len(rated) * 0.137), round(len(rated) * 0.01)
    picked = rng.sample(range(len(rated)), excellent_count + below_count)
    level_of = dict.fromkeys(picked[:excellent_count], levels[0])
    level_of.update(dict.fromkeys(picked[excellent_count:], levels[2]))
    rows = [
        Rating(scale=scale, member=member, not_rated="exempt", **approved)
        for member in in_year
        if member.status == Status.EXEMPT
    ]
    for index, member in enumerate(rated):
        level = level_of.get(index, levels[1])
        points = rng.randint(level.min_points, level.max_points) if scale.uses_points else None
        rows.append(Rating(scale=scale, member=member, level=level, points=points, **approved))
    organizations = RatingScale.for_year(year, "organization")
    org_levels = list(organizations.levels.order_by("order"))
    for index, organization in enumerate(plan.grassroots):
        if organization.ended_on is not None or organization.founded_on > year_end:
            continue
        level = org_levels[2] if index % 14 == 13 else org_levels[index % 2]
        points = (
            rng.randint(level.min_points, level.max_points) if organizations.uses_points else None
        )
        rows.append(
            Rating(
                scale=organizations,
                organization=organization,
                level=level,
                points=points,
                **approved,
            )
        )
    Rating.objects.bulk_create(rows, batch_size=2000)


def _targets(year: int, *, complete: bool) -> None:
    groups = {}
    for order, (group, name, measure, value, percent, entered, source) in enumerate(TARGETS, 1):
        if group not in groups:
            groups[group] = TargetGroup.objects.create(year=year, order=order, name=group)
        Target.objects.create(
            group=groups[group],
            name=name,
            measure=measure,
            target_value=value,
            is_percent=percent,
            entered_value=entered if complete else None,
            entered_source=source,
        )


def _directive(
    cells: list[Organization],
    members: list[Member],
    plan: DemoPlan,
    office: User,
    today: datetime.date,
    rng: random.Random,
) -> None:
    directive = Directive.objects.create(
        number="05-CT/TW",
        title="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        issued_on=datetime.date(2016, 5, 15),
    )
    Directive.objects.create(
        number="NQ TW4 khóa XII",
        title="Về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái",
        issued_on=datetime.date(2016, 10, 30),
    )
    ImplementationPlan.objects.bulk_create(
        ImplementationPlan(
            directive=directive,
            organization=org,
            recorded_by=office,
            adopted_on=datetime.date(today.year, 2, rng.randint(1, 28)),
            text=f"Kế hoạch thực hiện Chỉ thị 05-CT/TW năm {today.year}",
        )
        for org in plan.grassroots
        if org.ended_on is None
    )
    copying = {cell.pk for cell in cells[3:6]}
    writing = {cell.pk for cell in cells[: max(20, len(cells) // 8)]}
    rows, copies = [], {}
    for member in members:
        if member.organization_id not in writing or rng.random() < 0.2:
            continue
        # In a few cells three or four members hand in the same text (seed 000's complaint).
        if member.organization_id in copying and copies.get(member.organization_id, 0) < 4:
            copies[member.organization_id] = copies.get(member.organization_id, 0) + 1
            text = COPIED
        else:
            first, second = rng.sample(PLANS, 2)
            pledges = "; ".join(rng.sample(PERSONAL, 2))
            text = f"{first} {second} Năm {today.year} đăng ký: {pledges}."
        rows.append(
            Commitment(
                directive=directive, year=today.year, member=member, text=text, recorded_by=office
            )
        )
    Commitment.objects.bulk_create(rows)
