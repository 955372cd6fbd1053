"""Two years of cell meetings for the demo bloc (last year and this one): most cells every
month, a thematic meeting most quarters, a few months skipped, some minutes returned and
corrected, last month's still under review and a few drafts overdue. Deterministic for a given
day; bulk inserts throughout."""

import datetime
import random

from django.utils import timezone

from meetings.compliance import month_starts
from meetings.models import (
    Attendance,
    ComplianceExemption,
    Meeting,
    MeetingEvent,
    MinutesVersion,
    fingerprint,
)
from members.models import ACTIVE_STATUSES, LeadershipPosition, Member, Status, add_years
from organizations.models import Organization, RoleAssignment
from partybloc.demo.data.meetings import NEWS, PLACES, REASONS, RESULTS, TOPICS
from partybloc.demo.draws import days
from partybloc.demo.plan import DemoPlan

VOTES = ("votes_for", "votes_against", "votes_abstain")


def _month_starts(today: datetime.date, scale: int) -> list[datetime.date]:
    """January of last year to this month, so last year's report has a whole year of
    meetings; at benchmark scales only the last three months, to stay quick."""
    first = datetime.date(today.year - 1, 1, 1) if scale == 1 else _back(today.replace(day=1), 2)
    return month_starts(first, today)


def _back(month: datetime.date, count: int) -> datetime.date:
    for _ in range(count):
        month = (month - days(1)).replace(day=1)
    return month


def load(plan: DemoPlan, *, today: datetime.date | None = None) -> None:
    """Add the year's meetings and minutes to a loaded demo bloc, with its demo users."""
    today = today or plan.today
    rng = random.Random(905)
    users = plan.users
    secretary_of = {
        login.organization.pk: users[login.username]
        for login in plan.logins
        if login.role == RoleAssignment.Role.CELL_SECRETARY
    }
    reviewer_user = users["danguy"]
    roster: dict[int, list[Member]] = {}
    for member in plan.active_members:
        roster.setdefault(member.organization_id, []).append(member)
    # A cell that ended (merged) met with the members placed in it at the time.
    former: dict[int, list[Member]] = {}
    for placement in plan.placements:
        if placement.ended_on and placement.member.status in ACTIVE_STATUSES:
            former.setdefault(placement.organization_id, []).append(placement.member)
    months = _month_starts(today, plan.scale)
    first_month = months[0]
    # Cells that ended since (a merger) held their meetings until they ended.
    cells = [
        org for org in [*plan.grassroots, *plan.cells]
        if org.kind in Organization.CELL_KINDS
        and (org.ended_on is None or org.ended_on > first_month)
    ]  # fmt: skip
    this_month, last_month = months[-1], months[-2] if len(months) > 1 else None

    meetings, plans = [], []
    exemptions = []
    for cell in cells:
        members = sorted(roster.get(cell.pk) or former.get(cell.pk, []), key=lambda m: m.sort_key)
        if len(members) < 2:
            continue
        demo_cell = cell.pk in secretary_of
        for month in months:
            if cell.ended_on and cell.ended_on <= month:
                break
            if month == this_month:
                # Early this month a third of the cells have met; the demo secretaries have not,
                # so they can record this month's meeting themselves.
                if demo_cell or rng.random() > 0.3 or today.day < 6:
                    continue
            elif not demo_cell and rng.random() < 0.02:
                if rng.random() < 0.3:
                    exemptions.append((cell, month))
                continue  # a skipped month
            day = month.replace(day=rng.randint(3, 12))
            if day > today:
                continue
            meetings.append(_meeting(cell, day, Meeting.Kind.REGULAR, rng))
            plans.append(
                (meetings[-1], members, _fate(month, this_month, last_month, demo_cell, rng))
            )
            if month.month % 3 == 2 and rng.random() < 0.92:  # mid-quarter thematic meeting
                theme_day = month.replace(day=rng.randint(15, 25))
                if theme_day <= today:
                    meetings.append(_meeting(cell, theme_day, Meeting.Kind.THEMATIC, rng))
                    plans.append((meetings[-1], members, "accepted"))
    Meeting.objects.bulk_create(meetings, batch_size=2000)

    secretaries: dict[int, list[LeadershipPosition]] = {}
    for position in plan.positions:
        if position.post == LeadershipPosition.Post.SECRETARY:
            secretaries.setdefault(position.organization.pk, []).append(position)
    attendance, versions, events = [], [], []
    absentees = _absentees(secretary_of, roster, secretaries, today)
    for meeting, members, fate in plans:
        rows = _attendance(meeting, members, rng)
        _stays_away(meeting, rows, absentees)
        _settle(meeting, rows, secretaries.get(meeting.organization_id, []))
        attendance.extend(rows)
        if fate == "draft":
            continue
        content = meeting.snapshot(attendance=rows, tasks=[])
        submitted_at = _moment(meeting.held_on + days(rng.randint(1, 5)))
        reviewed_at = submitted_at + days(rng.randint(1, 4))
        secretary = secretary_of.get(meeting.organization_id)
        if fate == "corrected":
            returned = MinutesVersion(
                meeting=meeting,
                number=1,
                content=content,
                fingerprint=fingerprint(content),
                submitted_by=secretary,
                submitted_at=submitted_at,
                outcome="returned",
                reviewed_by=reviewer_user,
                reviewed_at=reviewed_at,
                review_comment="Đề nghị ghi rõ ý kiến thảo luận và phân "
                "công nhiệm vụ cụ thể cho từng đảng viên.",
            )
            versions.append(returned)
            meeting.discussion += "\nĐồng chí bí thư phân công cụ thể nhiệm vụ cho từng đảng viên."
            content = meeting.snapshot(attendance=rows, tasks=[])
            submitted_at = reviewed_at + days(2)
            reviewed_at = submitted_at + days(1)
        number = 2 if fate == "corrected" else 1
        outcome = {"accepted": "accepted", "corrected": "accepted", "returned": "returned"}.get(
            fate, ""
        )
        versions.append(
            MinutesVersion(
                meeting=meeting,
                number=number,
                content=content,
                fingerprint=fingerprint(content),
                submitted_by=secretary,
                submitted_at=submitted_at,
                outcome=outcome,
                reviewed_by=reviewer_user if outcome else None,
                reviewed_at=reviewed_at if outcome else None,
                review_comment="Bổ sung danh sách đảng viên vắng và lý do."
                if outcome == "returned"
                else "",
            )
        )
        meeting.state = {"corrected": "accepted"}.get(fate, fate)
        if secretary:
            events.append(
                MeetingEvent(
                    meeting=meeting,
                    action="submitted",
                    by=secretary,
                    at=submitted_at,
                    version=number,
                )
            )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    Meeting.objects.bulk_update(
        [m for m, _members, _fate in plans],
        ["state", "discussion", "chair", "clerk", "presenter", *VOTES],
        batch_size=2000,
    )
    MinutesVersion.objects.bulk_create(versions, batch_size=1000)
    MeetingEvent.objects.bulk_create(events)
    office = users["vanphong"]
    ComplianceExemption.objects.bulk_create(
        ComplianceExemption(
            organization=cell,
            period=month,
            recorded_by=office,
            reason="Kiện toàn tổ chức, chi bộ được miễn sinh hoạt tháng này",
        )
        for cell, month in exemptions
    )


def _fate(
    month: datetime.date,
    this_month: datetime.date,
    last_month: datetime.date | None,
    demo_cell: bool,
    rng: random.Random,
) -> str:
    """What became of a regular meeting's minutes by today."""
    if month == this_month:
        return rng.choice(["draft", "submitted"])
    if month == last_month:
        if demo_cell:
            return "accepted"
        return rng.choices(["accepted", "submitted", "returned", "draft"], [60, 25, 5, 10])[0]
    return "corrected" if rng.random() < 0.03 else "accepted"


def _meeting(cell: Organization, day: datetime.date, kind: str, rng: random.Random) -> Meeting:
    """The meeting as its minutes tell it; who chaired, kept the minutes and voted follows from
    the roll (_settle)."""
    thematic = kind == Meeting.Kind.THEMATIC
    return Meeting(
        organization=cell,
        kind=kind,
        held_on=day,
        period=day.replace(day=1),
        starts_at=(starts := datetime.time(rng.choice([14, 15, 16]), rng.choice([0, 30]))),
        # Two hours, and the minutes read out and adopted at the close, as a meeting ends.
        ends_at=starts.replace(hour=starts.hour + 2),
        minutes_adopted=True,
        place=rng.choice(PLACES),
        topic=rng.choice(TOPICS) if thematic else "",
        dues_collected=not thematic,
        agenda="1. Thông tin thời sự\n2. Kiểm điểm kết quả tháng\n3. Nhiệm vụ tháng tới",
        news=rng.choice(NEWS),
        last_period_results=rng.choice(RESULTS),
        discussion="Các đồng chí đảng viên phát biểu, thống nhất với báo cáo của chi ủy.",
        conclusion="Đồng chí chủ trì kết luận, giao nhiệm vụ cho từng đảng viên.",
        resolution=f"Nghị quyết sinh hoạt chi bộ tháng {day.month}/{day.year}: thống nhất các "
        "nhiệm vụ trọng tâm tháng tới.",
        state="draft",
    )


def _attendance(meeting: Meeting, members: list[Member], rng: random.Random) -> list[Attendance]:
    rows = []
    for member in members:
        if member.admitted_on > meeting.held_on:
            continue
        if member.status == Status.EXEMPT:
            standing = "exempt"
        elif add_years(member.admitted_on, 1) > meeting.held_on:
            standing = "probationary"
        else:
            standing = "official"
        roll = rng.random()
        presence = (
            "present" if roll < 0.9 else "absent_excused" if roll < 0.97 else "absent_unexcused"
        )
        rows.append(
            Attendance(
                meeting=meeting,
                member=member,
                standing=standing,
                presence=presence,
                reason=rng.choice(REASONS) if presence == "absent_excused" else "",
            )
        )
    return rows


def _absentees(
    secretary_of: dict, roster: dict, secretaries: dict, today: datetime.date
) -> dict[int, tuple[int, set[datetime.date]]]:
    """In each demo secretary's cell, one member (the last in name order, not its secretary)
    who stayed away without a reason from three regular meetings of a year (February to April
    of this year, or of last year before May): what the early warnings name with the evidence.
    Draws nothing, so the rest of the demo stays as it was."""
    year = today.year if today.month >= 5 else today.year - 1
    months = {datetime.date(year, month, 1) for month in (2, 3, 4)}
    chosen = {}
    for cell_id in secretary_of:
        leaders = {position.member.pk for position in secretaries.get(cell_id, [])}
        members = sorted(
            (
                m
                for m in roster.get(cell_id, [])
                if m.pk not in leaders and m.status != Status.EXEMPT
            ),
            key=lambda m: m.sort_key,
        )
        if len(members) >= 3:
            chosen[cell_id] = (members[-1].pk, months)
    return chosen


def _stays_away(meeting: Meeting, rows: list[Attendance], absentees: dict) -> None:
    member_id, months = absentees.get(meeting.organization_id, (None, ()))
    if meeting.kind != Meeting.Kind.REGULAR or meeting.period not in months:
        return
    for row in rows:
        if row.member.pk == member_id and row.standing != Attendance.Standing.EXEMPT:
            row.presence, row.reason = Attendance.Presence.ABSENT_UNEXCUSED, ""


def _settle(
    meeting: Meeting, rows: list[Attendance], secretaries: list[LeadershipPosition]
) -> None:
    """Make the minutes agree with their roll, as the portal requires before submitting: the
    cell's secretary chairs when present (else the first member present), the next member
    present keeps the minutes, and the members present vote for the resolution. Draws
    nothing, so the rest of the demo stays as it was."""
    counted = [row for row in rows if row.standing != Attendance.Standing.EXEMPT]
    present = [row.member for row in counted if row.presence == Attendance.Presence.PRESENT]
    for row in counted:  # a meeting needs a chair and a clerk: never seen, but never assumed
        if len(present) >= 2:
            break
        if row.presence != Attendance.Presence.PRESENT:
            row.presence, row.reason = Attendance.Presence.PRESENT, ""
            present.append(row.member)
    day = meeting.held_on
    in_office = [
        p.member
        for p in secretaries
        if p.started_on <= day and (p.ended_on is None or p.ended_on > day)
    ]
    chair = next((m for m in in_office if m in present), present[0])
    meeting.chair = chair
    meeting.clerk = next((m for m in present if m != chair), chair)
    if meeting.kind == Meeting.Kind.THEMATIC:
        meeting.presenter = chair.full_name
    meeting.votes_for, meeting.votes_against, meeting.votes_abstain = len(present), 0, 0


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
