"""Issue 5's done-when, walked in a browser: a cell secretary on a phone records a candidate's
next admission step, rates the cell's members on the grid (every box named) and submits them;
the committee returns them with a comment, the secretary corrects and submits again, the
committee approves. The secretary records a commitment that copies others; the office reads
the near-copies as one group and the year's targets, groups without figures said so."""

import datetime
import re

import pytest
from django.utils import timezone

from members.year.models import (
    Candidate,
    Commitment,
    Directive,
    Rating,
    RatingScale,
    RatingSheet,
    Target,
    TargetGroup,
)
from tests.conftest import make_member
from tests.year.candidates import candidate, walk

pytestmark = pytest.mark.django_db(transaction=True)
PLAN = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; hoàn thành tốt nhiệm vụ "
    "được giao; chấp hành nghiêm quy chế làm việc của cơ quan; giữ gìn đoàn kết nội bộ."
)


def _main(page) -> str:
    return page.locator("main").inner_text()


def test_a_cell_secretary_records_a_step_on_a_phone(world, phone_as):
    person = candidate(world)
    today = timezone.localdate()
    walk(person, world.office, [("course", 0)], today - datetime.timedelta(days=20))
    page = phone_as(world.finance_office_secretary)
    page.goto("/year/admissions/")
    page.get_by_role("link", name=re.compile("Lương Thị Mai")).first.click()
    page.fill("#id_done_on", (today - datetime.timedelta(days=10)).isoformat())
    page.select_option("#id_helper_member", value=str(world.an.pk))
    page.get_by_role("button", name="Ghi nhận bước này").click()
    assert "Nguyễn Văn An" in _main(page)
    person.refresh_from_db()
    assert person.helper == world.an and person.state == Candidate.State.IN_PROGRESS
    assert person.steps_done.filter(step__code="helper").exists()


def _fill_row(page, name, scale, value):
    if scale.uses_points:
        box = page.get_by_role("spinbutton", name=f"Điểm — {name}")
        box.fill(str(value))
    else:
        box = page.get_by_role("combobox", name=f"Mức xếp loại — {name}")
        box.select_option(label=value)
    return box


def test_ratings_go_up_and_come_back_with_a_comment(world, phone_as, desktop_as):
    year = timezone.localdate().year
    scale = RatingScale.for_year(year, "member")
    good = 80 if scale.uses_points else "Hoàn thành tốt nhiệm vụ"
    fair = 60 if scale.uses_points else "Hoàn thành nhiệm vụ"
    secretary = phone_as(world.finance_office_secretary)
    url = f"/year/ratings/cells/{world.finance_office.pk}/?year={year}"
    secretary.goto(url)
    box = _fill_row(secretary, "Nguyễn Văn An", scale, good)
    _fill_row(secretary, "Trần Thị Đào", scale, fair)
    # On a phone the column heads are hidden: a label above each box says what it is.
    label = secretary.locator(f"label[for='{box.get_attribute('id')}']")
    assert label.is_visible() and label.inner_text() in ("Điểm", "Mức xếp loại")
    assert secretary.locator("thead").is_hidden()
    secretary.screenshot(path="/tmp/yearfix-ratings-360.png", full_page=True)
    secretary.get_by_role("button", name="Lưu kết quả xếp loại").click()
    secretary.get_by_role("button", name="Nộp lên cấp trên").click()
    assert "bị khóa" in _main(secretary)

    committee = desktop_as(world.finance_staff)
    committee.goto(url)
    committee.fill("#id_comment", "Đồng chí Đào cần được xếp loại lại.")
    committee.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    assert "Đã trả lại" in _main(committee)

    secretary.goto(url)
    assert "Đồng chí Đào cần được xếp loại lại." in _main(secretary)
    _fill_row(secretary, "Trần Thị Đào", scale, good)
    secretary.get_by_role("button", name="Lưu kết quả xếp loại").click()
    secretary.get_by_role("button", name="Nộp lên cấp trên").click()

    committee.goto(url)
    committee.get_by_role("button", name="Phê duyệt và khóa").click()
    assert "Quá trình xử lý kết quả xếp loại" in _main(committee)
    sheet = RatingSheet.objects.get(organization=world.finance_office, year=year)
    assert sheet.state == RatingSheet.State.APPROVED
    assert set(Rating.objects.values_list("state", flat=True)) == {"approved"}
    assert list(sheet.events.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]


def test_near_copies_and_targets_as_the_office_reads_them(world, phone_as, desktop_as):
    year = timezone.localdate().year
    directive = Directive.objects.create(
        number="05-CT/TW", title="Học tập và làm theo", issued_on=datetime.date(2016, 5, 15)
    )
    other = make_member(world.finance_office, "Hoàng Văn Cường")
    for member in (world.an, other):
        Commitment.objects.create(
            directive=directive, year=year, member=member, text=PLAN, recorded_by=world.office
        )
    secretary = phone_as(world.finance_office_secretary)
    secretary.goto(f"/year/directives/{directive.pk}/?year={year}")
    secretary.select_option("#id_member", value=str(world.dao.pk))
    secretary.fill("#id_text", PLAN)
    secretary.get_by_role("button", name="Lưu").click()
    assert "1 nhóm kế hoạch gần giống nhau" in _main(secretary)
    assert "3 kế hoạch, giống nhau 100%" in _main(secretary)

    group = TargetGroup.objects.create(year=year, order=1, name="Nhiệm vụ chính trị")
    Target.objects.create(group=group, name="Cơ quan hoàn thành", measure="entered", target_value=9)
    admitted = TargetGroup.objects.create(year=year, order=2, name="Phát triển đảng viên")
    Target.objects.create(
        group=admitted, name="Kết nạp", measure="members_admitted", target_value=0
    )
    office = desktop_as(world.office)
    office.goto(f"/year/targets/?year={year}")
    text = _main(office)
    assert "Đạt 1/1 nhóm chỉ tiêu có số liệu; 1 nhóm chưa có số liệu" in text
    office.screenshot(path="/tmp/yearfix-targets.png", full_page=True)
