"""A year of inspection work for the demo bloc, shaped like seeds 001 and 004: a thematic plan
whose decision forms two teams (10 grassroots organizations inspected, one subordinate cell and
one committee supervised), a party-finance plan over 14 organizations, findings, remediation in
every state, letters and discipline decisions. Deterministic: the organizations are taken in
the order the register builder drew them; dates count back from the plan's today."""

import datetime

from django.contrib.auth.models import User
from simple_history.utils import bulk_create_with_history

from inspections.models import (
    Complaint,
    Decision,
    DisciplineDecision,
    DisciplineForm,
    Finding,
    Inspection,
    Plan,
    RemediationItem,
    RemediationReport,
    Subject,
    Team,
    TeamMember,
)
from members.models import MemberStatusChange, Status
from organizations.models import Organization
from partybloc.demo.data.inspections import (
    FINANCE_FINDINGS,
    FINANCE_REMEDIATION,
    FINDINGS,
    INSPECTION_COMMITTEE,
    ISSUER,
    ISSUER_SHORT,
    PLACE,
    REMEDIATION,
    SUPERIOR,
    THEMES,
)
from partybloc.demo.draws import days
from partybloc.demo.plan import DemoPlan

Kind = Organization.Kind
IKind = Inspection.Kind
IStatus = Inspection.Status
RStatus = RemediationItem.Status


# Plan and decision numbers of last year's work and of this year's.
LAST_YEAR_NUMBERS = {
    "plan": "08", "decision": "97", "finance_plan": "15", "finance": "121", "conclusions": 60,
}  # fmt: skip
THIS_YEAR_NUMBERS = {
    "plan": "13", "decision": "109", "finance_plan": "21", "finance": "135", "conclusions": 100,
}  # fmt: skip


def load(plan: DemoPlan, *, today: datetime.date | None = None) -> None:
    """Add two years of inspection work to a loaded demo bloc, with its demo users: last
    year's, all carried out in that calendar year (seed 001's year: 10 grassroots organizations
    inspected, 1 cell and 1 committee supervised, 14 on party finance, 6 denunciations about
    members resolved), and this year's, every step on show, none of it before 1 January."""
    today = today or plan.today
    office = plan.users["vanphong"]
    _year_of_work(
        plan, start=datetime.date(today.year - 1, 1, 4), today=today, settled=True,
        numbers=LAST_YEAR_NUMBERS,
    )  # fmt: skip
    start = max(today - days(330), datetime.date(today.year, 1, 4))
    inspections = _year_of_work(
        plan, start=start, today=today, settled=False, numbers=THIS_YEAR_NUMBERS
    )
    _load_letters_and_discipline(plan, today, inspections, office)
    _last_years_letters(plan, today, office)


def _as_of(status: str, starts_on: datetime.date, today: datetime.date) -> str:
    """An inspection's status as far as it can have come by today."""
    if starts_on > today:
        return IStatus.PLANNED
    if status in Inspection.PUBLISHED and starts_on + days(20) > today:
        return IStatus.IN_PROGRESS
    if status == IStatus.CLOSED and starts_on + days(120) > today:
        return IStatus.CONCLUDED
    return status


def _year_of_work(
    plan: DemoPlan,
    *,
    start: datetime.date,
    today: datetime.date,
    settled: bool,
    numbers: dict,
) -> list[Inspection]:
    """A year's plans, teams, inspections, findings and remediation from start on; settled:
    a past year, every inspection concluded or closed and most remediation done, a few items
    only after the year ended."""
    inspector, office = plan.users["kiemtra"], plan.users["vanphong"]
    holder = {login.username: login.holder for login in plan.logins}
    live = [o for o in plan.grassroots if o.ended_on is None]
    committees = [o for o in live if o.kind == Kind.COMMITTEE]
    cells = [o for o in live if o.kind == Kind.GRASSROOTS_CELL]
    subordinate = [o for o in plan.cells if o.ended_on is None and o.kind == Kind.SUBORDINATE_CELL]
    # Seed 001: 10 grassroots organizations inspected, 1 subordinate cell and 1 committee
    # supervised, 14 organizations inspected on party finance.
    inspected = committees[:6] + cells[:4]
    supervised = [subordinate[-1], committees[-1]]
    finance = committees[6:14] + cells[4:10]

    thematic = Plan.objects.create(
        number=f"{numbers['plan']}-KH/{ISSUER_SHORT}",
        issued_on=start,
        superior_body=SUPERIOR,
        issuing_body=ISSUER,
        place=PLACE,
        title="Kiểm tra việc sửa đổi, bổ sung quy chế làm việc sau đại hội, công tác đảng viên "
        "và công tác bảo vệ chính trị nội bộ",
        period_start=start + days(10),
        period_end=start + days(200),
        themes="\n".join(THEMES),
        created_by=office,
    )
    thematic.targets.set(inspected + supervised)
    decision = Decision.objects.create(
        plan=thematic,
        number=f"{numbers['decision']}-QĐ/{ISSUER_SHORT}",
        decided_on=start + days(11),
        issuing_body=ISSUER,
    )
    team_one = Team.objects.create(decision=decision, name="Tổ kiểm tra số 1")
    team_two = Team.objects.create(decision=decision, name="Tổ kiểm tra số 2")
    TeamMember.objects.bulk_create(
        [
            # The demo inspector leads one team and sits on the other: both sides of the rule.
            TeamMember(team=team_one, user=inspector, member=holder.get("kiemtra"), is_leader=True),
            TeamMember(team=team_one, user=office, member=holder.get("vanphong")),
            TeamMember(team=team_two, user=office, member=holder.get("vanphong"), is_leader=True),
            TeamMember(team=team_two, user=inspector, member=holder.get("kiemtra")),
        ]
    )
    finance_plan = Plan.objects.create(
        number=f"{numbers['finance_plan']}-KH/{ISSUER_SHORT}",
        issued_on=start + days(60),
        superior_body=SUPERIOR,
        issuing_body=ISSUER,
        place=PLACE,
        title="Kiểm tra công tác thu, chi, trích nộp và sử dụng tài chính Đảng",
        period_start=start + days(70),
        period_end=start + days(260),
        themes="Thu, nộp đảng phí\nQuản lý, sử dụng tài chính Đảng",
        created_by=office,
    )
    finance_plan.targets.set(finance)
    finance_decision = Decision.objects.create(
        plan=finance_plan,
        number=f"{numbers['finance']}-QĐ/{ISSUER_SHORT}",
        decided_on=start + days(65),
        issuing_body=ISSUER,
    )
    finance_team = Team.objects.create(decision=finance_decision, name="Tổ kiểm tra tài chính")
    TeamMember.objects.create(team=finance_team, user=office, is_leader=True)

    # (plan, team, organization, kind, status, days after start)
    rows = []
    team_one_statuses = [IStatus.CLOSED, IStatus.CLOSED, IStatus.CONCLUDED, IStatus.CONCLUDED,
                         IStatus.IN_PROGRESS]  # fmt: skip
    team_two_statuses = [IStatus.CLOSED, IStatus.CONCLUDED, IStatus.CONCLUDED,
                         IStatus.FINDINGS_FINALIZED, IStatus.IN_PROGRESS]  # fmt: skip
    if settled:
        team_one_statuses = team_two_statuses = [IStatus.CLOSED] * 3 + [IStatus.CONCLUDED] * 2
    for index, organization in enumerate(inspected[:5]):
        rows.append((thematic, team_one, organization, IKind.THEMATIC_INSPECTION,
                     team_one_statuses[index], 30 + 7 * index))  # fmt: skip
    for index, organization in enumerate(inspected[5:]):
        rows.append((thematic, team_two, organization, IKind.THEMATIC_INSPECTION,
                     team_two_statuses[index], 33 + 7 * index))  # fmt: skip
    rows.append((thematic, team_one, supervised[0], IKind.THEMATIC_SUPERVISION,
                 IStatus.CONCLUDED, 80))  # fmt: skip
    rows.append((thematic, team_two, supervised[1], IKind.THEMATIC_SUPERVISION,
                 IStatus.CONCLUDED if settled else IStatus.IN_PROGRESS, 90))  # fmt: skip
    for index, organization in enumerate(finance):
        status = IStatus.CLOSED if index < 10 else IStatus.CONCLUDED
        rows.append((finance_plan, finance_team, organization, IKind.PARTY_FINANCE, status,
                     80 + 5 * index))  # fmt: skip
    if not settled:  # one more, not yet started, so the list shows every step
        rows.append((thematic, team_one, supervised[0], IKind.REGULAR_SUPERVISION,
                     IStatus.PLANNED, 300))  # fmt: skip

    inspections = []
    for number, (in_plan, team, organization, kind, status, offset) in enumerate(rows, start=1):
        starts_on = start + days(offset)
        status = _as_of(status, starts_on, today)
        concluded = status in Inspection.PUBLISHED
        inspections.append(
            Inspection(
                plan=in_plan,
                team=team,
                organization=organization,
                kind=kind,
                starts_on=starts_on,
                ends_on=starts_on + days(2),
                status=status,
                finalized_by=office if status not in Inspection.DRAFTING else None,
                conclusion_number=f"{numbers['conclusions'] + number}-TB/{ISSUER_SHORT}"
                if concluded
                else "",
                concluded_on=starts_on + days(20) if concluded else None,
                closed_on=starts_on + days(120) if status == IStatus.CLOSED else None,
            )
        )
    Inspection.objects.bulk_create(inspections)

    findings, items = [], []
    for number, inspection in enumerate(inspections):
        if inspection.status == IStatus.PLANNED:
            continue
        source = FINANCE_FINDINGS if inspection.kind == IKind.PARTY_FINANCE else FINDINGS
        if inspection.status == IStatus.IN_PROGRESS:
            source = source[:3]  # a draft still being written
        author = office if inspection.team in (team_two, finance_team) else inspector
        findings += [
            Finding(inspection=inspection, category=c, topic=t, text=text, written_by=author)
            for c, t, text in source
        ]
        if inspection.status not in Inspection.PUBLISHED:
            continue
        texts = [FINANCE_REMEDIATION] if inspection.kind == IKind.PARTY_FINANCE else REMEDIATION
        for position, text in enumerate(texts):
            deadline = inspection.concluded_on + days(60 + 30 * position)
            if settled:
                # Done, most within the year; one item in five only in the new year.
                status = RStatus.DONE
            elif inspection.status == IStatus.CLOSED:
                status = RStatus.CARRIED_OVER if (number + position) % 7 == 3 else RStatus.DONE
            else:
                # Concluded: a mix of done, in progress, and pending items, some past due.
                status = (RStatus.DONE, RStatus.IN_PROGRESS, RStatus.OPEN)[(number + position) % 3]
            items.append(
                RemediationItem(
                    inspection=inspection,
                    owner=inspection.organization,
                    description=text,
                    deadline=deadline,
                    status=status,
                    done_on=_done_on(deadline, today, settled, number + position)
                    if status == RStatus.DONE
                    else None,
                    carry_over_note="Chờ kiện toàn cấp ủy sau sáp nhập"
                    if status == RStatus.CARRIED_OVER
                    else "",
                    carried_over_on=inspection.closed_on - days(3)
                    if status == RStatus.CARRIED_OVER
                    else None,
                )
            )
    Finding.objects.bulk_create(findings)
    RemediationItem.objects.bulk_create(items)
    RemediationReport.objects.bulk_create(
        RemediationReport(
            item=item,
            reported_on=item.done_on or min(item.deadline, today - days(1)),
            text="Đã bổ sung, hoàn thiện theo kết luận."
            if item.status == RStatus.DONE
            else "Đang triển khai, dự kiến hoàn thành đúng hạn.",
            status_after=item.status,
        )
        for item in items
        if item.status in (RStatus.DONE, RStatus.IN_PROGRESS)
    )
    return inspections


def _done_on(deadline: datetime.date, today: datetime.date, settled: bool, index: int):
    if settled and index % 5 == 4:
        return datetime.date(deadline.year + 1, 1, 10 + index % 15)
    if settled:
        return min(deadline, datetime.date(deadline.year, 12, 20)) - days(5)
    return min(deadline, today) - days(5)


def _last_years_letters(plan: DemoPlan, today: datetime.date, office: User) -> None:
    """Last year's denunciations about members: six resolved within the year (seed 001), a
    seventh received in the autumn and resolved in the new year; one led to a warning."""
    year = today.year - 1
    officials = [
        m
        for m in plan.members
        if m.status == Status.OFFICIAL and m.official_on and m.official_on.year < year - 1
    ]
    letters = []
    for index in range(7):
        received = datetime.date(year, 2, 10) + days(40 * index)
        resolved_on = received + days(30 if index < 6 else 95)
        letters.append(
            Complaint(
                received_on=received,
                sender="" if index % 3 == 1 else f"Công dân ở {PLACE}",
                anonymous=index % 3 == 1,
                kind=Complaint.Kind.DENUNCIATION,
                about_member=officials[50 + 89 * index],
                content="Tố cáo đảng viên vi phạm những điều đảng viên không được làm.",
                handled_by=INSPECTION_COMMITTEE,
                status=Complaint.Status.RESOLVED,
                result="Nội dung tố cáo không đúng; đã trả lời người tố cáo."
                if index % 2
                else "Nội dung tố cáo đúng một phần; đã kiểm điểm, rút kinh nghiệm.",
                resolved_on=resolved_on,
                recorded_by=office,
            )
        )
    bulk_create_with_history(letters, Complaint)
    bulk_create_with_history(
        [
            DisciplineDecision(
                number=f"7-QĐ/UBKT{ISSUER_SHORT}",
                decided_on=letters[0].resolved_on + days(12),
                issuing_body=INSPECTION_COMMITTEE,
                form=DisciplineForm.REPRIMAND,
                member=letters[0].about_member,
                subject=Subject.OFFICIAL_MEMBER,
                reason="Vi phạm quy định về những điều đảng viên không được làm.",
                complaint=letters[0],
                recorded_by=office,
            )
        ],
        DisciplineDecision,
    )


def _load_letters_and_discipline(
    plan: DemoPlan, today: datetime.date, inspections: list[Inspection], office: User
) -> None:
    # Members official long before the letters, and the longest-standing probationary one, so
    # each decision meets the member in the standing it records.
    officials = [
        m
        for m in plan.members
        if m.status == Status.OFFICIAL and m.official_on and m.official_on < today - days(400)
    ]
    probationary = min(
        (m for m in plan.members if m.status == Status.PROBATIONARY),
        key=lambda m: (m.admitted_on, m.national_id),
    )
    letters = []
    # Seed 001: six denunciations about members resolved in the year (and one still open),
    # none before 1 January.
    first = max(today - days(300), datetime.date(today.year, 1, 5))
    for index in range(7):
        received = first + days(35 * index)
        if received >= today:
            break
        resolved = index < 6 and received + days(30) < today
        letters.append(
            Complaint(
                received_on=received,
                sender="" if index % 3 == 0 else f"Công dân ở {PLACE}",
                anonymous=index % 3 == 0,
                kind=Complaint.Kind.DENUNCIATION,
                about_member=officials[100 + 97 * index],
                content="Tố cáo đảng viên vi phạm quy định về những điều đảng viên không được làm.",
                handled_by=INSPECTION_COMMITTEE,
                status=Complaint.Status.RESOLVED if resolved else Complaint.Status.HANDLING,
                result="Nội dung tố cáo đúng một phần; đã kiểm điểm, rút kinh nghiệm."
                if resolved
                else "",
                resolved_on=received + days(30) if resolved else None,
                recorded_by=office,
            )
        )
    bulk_create_with_history(letters, Complaint)
    # A letter mixing a complaint and a denunciation, registered as two linked records.
    mixed = Complaint.objects.create(
        received_on=max(today - days(40), datetime.date(today.year, 1, 2)),
        sender="Đảng viên chi bộ cơ sở",
        kind=Complaint.Kind.COMPLAINT,
        about_organization=inspections[3].organization,
        content="Khiếu nại việc xếp loại chất lượng đảng viên cuối năm.",
        handled_by=INSPECTION_COMMITTEE,
        status=Complaint.Status.HANDLING,
        recorded_by=office,
    )
    Complaint.objects.create(
        received_on=mixed.received_on,
        sender=mixed.sender,
        kind=Complaint.Kind.DENUNCIATION,
        about_organization=mixed.about_organization,
        content="Tố cáo việc sử dụng tài chính Đảng không đúng quy định.",
        handled_by=INSPECTION_COMMITTEE,
        split_from=mixed,
        recorded_by=office,
    )

    warning = (
        DisciplineDecision(
            number=f"12-QĐ/UBKT{ISSUER_SHORT}",
            decided_on=min(letters[0].resolved_on + days(10), today),
            issuing_body=INSPECTION_COMMITTEE,
            form=DisciplineForm.WARNING,
            member=letters[0].about_member,
            subject=Subject.OFFICIAL_MEMBER,
            reason="Vi phạm quy định về những điều đảng viên không được làm.",
            complaint=letters[0],
            recorded_by=office,
        )
        if letters and letters[0].resolved_on
        else None
    )
    concluded = inspections[1].concluded_on  # None early in a year: not concluded yet
    decisions = [
        DisciplineDecision(
            number=f"15-QĐ/UBKT{ISSUER_SHORT}",
            decided_on=min(today - days(1), probationary.admitted_on + days(200)),
            issuing_body=INSPECTION_COMMITTEE,
            form=DisciplineForm.REPRIMAND,
            member=probationary,
            subject=Subject.PROBATIONARY_MEMBER,
            reason="Không sinh hoạt đảng ba kỳ liên tiếp không có lý do.",
            recorded_by=office,
        ),
        DisciplineDecision(
            number=f"18-QĐ/UBKT{ISSUER_SHORT}",
            decided_on=min((concluded or today) + days(15), today),
            issuing_body=ISSUER,
            form=DisciplineForm.REPRIMAND,
            organization=inspections[1].organization,
            subject=Subject.ORGANIZATION,
            reason="Buông lỏng lãnh đạo công tác quản lý hồ sơ đảng viên.",
            inspection=inspections[1],
            recorded_by=office,
        ),
    ]
    if warning is not None:
        decisions.insert(0, warning)
    if concluded is None:
        decisions.pop()
    # The register already holds one expulsion (with its status change): record its decision.
    expulsion = (
        MemberStatusChange.objects.filter(status=Status.EXPELLED)
        .select_related("member")
        .order_by("pk")
        .first()
    )
    if expulsion is not None and expulsion.decision_number not in {d.number for d in decisions}:
        decisions.append(
            DisciplineDecision(
                number=expulsion.decision_number,
                decided_on=expulsion.effective_on,
                issuing_body=INSPECTION_COMMITTEE,
                form=DisciplineForm.EXPULSION,
                member=expulsion.member,
                subject=Subject.OFFICIAL_MEMBER,
                reason=expulsion.reason or "Vi phạm kỷ luật Đảng.",
                recorded_by=office,
            )
        )
    bulk_create_with_history(decisions, DisciplineDecision)
