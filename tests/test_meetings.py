"""Cell meetings: the roll from the register, the minutes workflow with its lock, versions and
fingerprint, the concurrent-edit refusal, scans, and who may do what."""

import datetime
import io
import re
import subprocess

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings import services
from meetings.forms import MinutesForm
from meetings.models import Attendance, Meeting, MinutesVersion, RefusedDraft, fingerprint
from members.models import Status
from members.services import change_status, transfer_member
from tests.conftest import make_member
from tests.upload_files import image_bytes

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 10, 8)


def record(world, cell=None, *, kind=Meeting.Kind.REGULAR, held_on=DAY, by=None, **fields):
    cell = cell or world.finance_office
    return services.record_meeting(
        organization=cell,
        kind=kind,
        held_on=held_on,
        by=by or world.finance_office_secretary,
        **fields,
    )


def fill(meeting, world, *, by=None, **changes):
    """Save a complete draft: chair, clerk, a resolution, everyone present."""
    fields = {"chair": world.an, "clerk": world.dao, "resolution": "Nghị quyết tháng 10", **changes}
    rows = meeting.attendance.all()
    return services.save_draft(
        meeting,
        fields=fields,
        attendance={row.member_id: ("present", "") for row in rows},
        tasks=[],
        revision=meeting.revision,
        by=by or world.finance_office_secretary,
    )


def submitted(world, cell=None, **kwargs):
    meeting = fill(record(world, cell, **kwargs), world)
    services.submit_minutes(meeting, by=world.finance_office_secretary)
    meeting.refresh_from_db()
    return meeting


def task_rows(*rows):
    """The tasks as the edit page posts them: a formset, one dict of fields per row."""
    data = {"tasks-TOTAL_FORMS": len(rows), "tasks-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        data.update({f"tasks-{index}-{name}": value for name, value in row.items()})
    return data


def roll_marks(**marks):
    """The roll as the edit page posts it: roll-<member id>-presence / -reason."""
    data = {}
    for member_id, (presence, reason) in marks.items():
        data[f"roll-{member_id}-presence"] = presence
        data[f"roll-{member_id}-reason"] = reason
    return data


# The roll ---------------------------------------------------------------------------------


def test_the_roll_is_the_cell_as_it_stood_on_the_meeting_date(world):
    transfer_member(world.binh, to=world.finance_office, on=datetime.date(2026, 10, 20))
    meeting = record(world)
    assert {row.member for row in meeting.attendance.all()} == {world.an, world.dao}
    later = record(world, held_on=datetime.date(2026, 11, 3))
    assert {row.member for row in later.attendance.all()} == {world.an, world.dao, world.binh}


def test_exempt_members_are_listed_apart_and_not_counted(world):
    change_status(world.dao, to=Status.EXEMPT, on=datetime.date(2026, 1, 1), reason="Tuổi cao")
    meeting = record(world)
    dao = meeting.attendance.get(member=world.dao)
    assert dao.standing == Attendance.Standing.EXEMPT
    services.save_draft(
        meeting,
        fields={},
        tasks=[],
        revision=meeting.revision,
        attendance={world.an.pk: ("absent_unexcused", ""), world.dao.pk: ("absent_unexcused", "")},
        by=world.finance_office_secretary,
    )
    counts = meeting.roll_counts()
    assert counts["official"] == 1 and counts["exempt"] == 1 and counts["expected"] == 1
    assert counts["absent_unexcused"] == 1 and counts["present"] == 0


def test_changing_the_date_refreshes_the_roll_and_keeps_the_marks(world):
    meeting = record(world)
    services.save_draft(
        meeting,
        fields={},
        tasks=[],
        revision=meeting.revision,
        attendance={world.an.pk: ("absent_excused", "Công tác")},
        by=world.finance_office_secretary,
    )
    meeting.refresh_from_db()
    services.save_draft(
        meeting,
        fields={"held_on": datetime.date(2026, 10, 9)},
        tasks=[],
        attendance={},
        revision=meeting.revision,
        by=world.finance_office_secretary,
    )
    row = meeting.attendance.get(member=world.an)
    assert (row.presence, row.reason) == ("absent_excused", "Công tác")


def test_one_regular_meeting_per_cell_and_month(world):
    record(world)
    with pytest.raises(ValidationError):
        record(world, held_on=DAY + datetime.timedelta(days=5))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Meeting.objects.create(
            organization=world.finance_office,
            kind="regular",
            held_on=DAY + datetime.timedelta(days=6),
        )
    record(
        world,
        kind=Meeting.Kind.THEMATIC,
        held_on=DAY + datetime.timedelta(days=7),
        topic="Học tập Nghị quyết",
    )  # a thematic one in the same month is fine


def test_the_start_page_names_the_clash(world, as_user):
    record(world)
    response = as_user(world.finance_office_secretary).post(
        reverse("meetings:start"),
        {
            "organization": world.finance_office.pk,
            "kind": "regular",
            "held_on": "20/10/2026",
            "place": "Hội trường",
        },
    )
    assert response.status_code == 200
    assert "08/10/2026" in str(response.context["form"].non_field_errors())
    assert 'value="Hội trường"' in response.content.decode()


# The workflow ------------------------------------------------------------------------------


def test_submitting_locks_and_fingerprints_the_minutes(world):
    meeting = submitted(world)
    version = meeting.versions.get()
    assert meeting.state == Meeting.State.SUBMITTED
    assert version.fingerprint == fingerprint(version.content) == fingerprint(meeting.snapshot())
    with pytest.raises(ValidationError):
        fill(meeting, world, resolution="Sửa sau khi nộp")


def test_incomplete_minutes_cannot_be_submitted(world):
    meeting = record(world)
    with pytest.raises(ValidationError) as error:
        services.submit_minutes(meeting, by=world.finance_office_secretary)
    assert "chủ trì" in " ".join(error.value.messages)


def test_a_returned_minute_is_corrected_as_a_new_version(world):
    meeting = submitted(world)
    with pytest.raises(ValidationError):
        services.return_minutes(meeting, by=world.finance_staff, comment="  ")
    services.return_minutes(meeting, by=world.finance_staff, comment="Ghi rõ ý kiến thảo luận")
    meeting.refresh_from_db()
    fill(meeting, world, discussion="Đồng chí Đào đề nghị tăng cường kiểm tra.")
    services.submit_minutes(meeting, by=world.finance_office_secretary)
    services.accept_minutes(meeting, by=world.finance_staff)
    first, second = MinutesVersion.objects.filter(meeting=meeting).order_by("number")
    assert first.outcome == "returned" and first.review_comment == "Ghi rõ ý kiến thảo luận"
    assert first.content["discussion"] == "" and second.content["discussion"].startswith("Đồng chí")
    assert second.outcome == "accepted" and first.fingerprint != second.fingerprint
    actions = list(meeting.events.values_list("action", flat=True))
    assert actions == ["created", "submitted", "returned", "submitted", "accepted"]


def test_only_submitted_minutes_are_reviewed(world):
    meeting = record(world)
    with pytest.raises(ValidationError):
        services.accept_minutes(meeting, by=world.finance_staff)


def test_a_second_editor_cannot_overwrite_the_first(world):
    meeting = record(world)
    opened_at = meeting.revision
    services.save_draft(
        meeting,
        fields={"discussion": "Văn bản của đồng chí An"},
        attendance={},
        tasks=[],
        revision=opened_at,
        by=world.finance_office_secretary,
    )
    with pytest.raises(services.DraftConflict) as conflict:
        services.save_draft(
            meeting,
            fields={"discussion": "Văn bản của người thứ hai"},
            attendance={},
            tasks=[],
            revision=opened_at,
            by=world.finance_staff,
        )
    meeting.refresh_from_db()
    assert meeting.discussion == "Văn bản của đồng chí An"
    kept = RefusedDraft.objects.get(pk=conflict.value.refused.pk)
    assert kept.data["fields"]["discussion"] == "Văn bản của người thứ hai"


def test_the_edit_page_shows_both_texts_on_a_conflict(world, as_user):
    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    stale = {"revision": meeting.revision, "held_on": "08/10/2026", "discussion": "Bản của tôi"}
    services.save_draft(
        meeting,
        fields={"discussion": "Bản đã lưu trước"},
        attendance={},
        tasks=[],
        revision=meeting.revision,
        by=world.finance_office_secretary,
    )
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bản của tôi" in html and "Bản đã lưu trước" in html


def test_autosave_saves_and_refuses_a_stale_revision(world, as_user):
    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    url = reverse("meetings:autosave", args=[meeting.pk])
    data = {
        "revision": meeting.revision,
        "held_on": "08/10/2026",
        "news": "Tin tức tháng 10",
        **task_rows({"description": "Nộp báo cáo quý", "assignee": world.dao.pk}),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.news == "Tin tức tháng 10"
    assert meeting.tasks.get().assignee == world.dao
    assert f'value="{meeting.revision}"' in response.content.decode()
    assert client.post(url, data).status_code == 409  # the old revision again


def test_tasks_can_only_go_to_members_on_the_roll(world, as_user):
    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    client.post(
        reverse("meetings:autosave", args=[meeting.pk]),
        {
            "revision": meeting.revision,
            "held_on": "08/10/2026",
            **task_rows({"description": "Việc lạ", "assignee": world.duc.pk}),
        },
    )
    assert meeting.tasks.get().assignee is None


# The roll and the tasks, row by row ----------------------------------------------------------


def a_page_post(world, meeting, *, due_3="31/02/2026"):
    """The whole edit page with four tasks, the third with the due date given."""
    return {
        "revision": meeting.revision,
        "held_on": "08/10/2026",
        "news": "Tin tức tháng 10",
        **roll_marks(
            **{
                str(world.an.pk): ("present", ""),
                str(world.dao.pk): ("absent_excused", "Đi công tác"),
            }
        ),
        **task_rows(
            {"description": "Nộp báo cáo quý", "assignee": world.dao.pk, "due_on": "2026-10-31"},
            {"description": "Thu đảng phí", "assignee": world.an.pk, "due_on": ""},
            {"description": "Kiểm tra chéo", "assignee": world.an.pk, "due_on": due_3},
            {"description": "Học tập nghị quyết", "assignee": "", "due_on": "15/11/2026"},
            {"description": "", "assignee": "", "due_on": ""},
        ),
    }


def test_a_bad_date_on_task_row_3_is_shown_on_row_3_and_nothing_else_is_lost(world, as_user):
    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), a_page_post(world, meeting))
    assert response.status_code == 200
    rows = response.context["tasks"].forms
    assert list(rows[2].errors) == ["due_on"]
    assert [row.errors for index, row in enumerate(rows) if index != 2] == [{}] * 4
    html = response.content.decode()
    for typed in ("Tin tức tháng 10", "Đi công tác", "Nộp báo cáo quý", "Thu đảng phí",
                  "Kiểm tra chéo", 'value="31/02/2026"', "Học tập nghị quyết"):  # fmt: skip
        assert typed in html, typed
    meeting.refresh_from_db()
    assert meeting.news == "" and not meeting.tasks.exists()  # the page asks first
    # The autosave keeps what passed its checks and names the row to correct.
    autosave = client.post(
        reverse("meetings:autosave", args=[meeting.pk]), a_page_post(world, meeting)
    )
    assert autosave.status_code == 422
    status = autosave.content.decode()
    assert "Nhiệm vụ 3" in status and 'id="tasks-2-errors"' in status
    meeting.refresh_from_db()
    assert f'value="{meeting.revision}"' in status
    assert meeting.news == "Tin tức tháng 10"
    assert meeting.attendance.get(member=world.dao).reason == "Đi công tác"
    assert [(t.description, t.due_on) for t in meeting.tasks.order_by("pk")] == [
        ("Nộp báo cáo quý", datetime.date(2026, 10, 31)),
        ("Thu đảng phí", None),
        ("Kiểm tra chéo", None),
        ("Học tập nghị quyết", datetime.date(2026, 11, 15)),
    ]
    corrected = client.post(
        reverse("meetings:autosave", args=[meeting.pk]),
        a_page_post(world, meeting, due_3="2026-11-30"),
    )
    assert corrected.status_code == 200
    assert meeting.tasks.order_by("pk")[2].due_on == datetime.date(2026, 11, 30)


def test_a_wrong_roll_row_is_named_and_the_others_are_saved(world, as_user):
    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    data = {
        "revision": meeting.revision,
        "held_on": "08/10/2026",
        **roll_marks(
            **{str(world.an.pk): ("asleep", ""), str(world.dao.pk): ("absent_unexcused", "")}
        ),
    }
    response = client.post(reverse("meetings:autosave", args=[meeting.pk]), data)
    assert response.status_code == 422 and "Nguyễn Văn An" in response.content.decode()
    marks = dict(meeting.attendance.values_list("member_id", "presence"))
    assert marks == {world.an.pk: "present", world.dao.pk: "absent_unexcused"}


def test_sixty_tasks_are_all_kept(world, as_user):
    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    tasks = [{"description": f"Việc số {n}", "assignee": world.an.pk} for n in range(1, 61)]
    data = {"revision": meeting.revision, "held_on": "08/10/2026", **task_rows(*tasks)}
    assert client.post(reverse("meetings:edit", args=[meeting.pk]), data).status_code == 302
    kept = list(meeting.tasks.order_by("pk").values_list("description", flat=True))
    assert kept == [f"Việc số {n}" for n in range(1, 61)]
    page = client.get(reverse("meetings:edit", args=[meeting.pk]))
    assert len(page.context["tasks"].forms) == 62  # and two empty rows for more


def test_more_tasks_than_the_limit_are_refused_with_a_message_not_cut(world, as_user):
    from meetings.forms import MAX_TASKS

    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    tasks = [{"description": f"Việc số {n}"} for n in range(MAX_TASKS + 1)]
    data = {"revision": meeting.revision, "held_on": "08/10/2026", **task_rows(*tasks)}
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert f"tối đa {MAX_TASKS} nhiệm vụ" in " ".join(response.context["tasks"].non_form_errors())
    assert not meeting.tasks.exists()


def test_the_page_stores_the_minutes_as_typed(world, as_user):
    meeting = record(world)
    client = as_user(world.finance_office_secretary)
    data = {
        "revision": meeting.revision,
        "held_on": "08/10/2026",
        "chair": world.an.pk,
        "clerk": world.an.pk,  # Đào is away
        "resolution": "Nghị quyết tháng 10",
        **roll_marks(
            **{
                str(world.an.pk): ("present", "x"),
                str(world.dao.pk): ("absent_excused", "Đi công tác "),
            }
        ),
        **task_rows(
            {"description": " Nộp báo cáo quý ", "assignee": world.dao.pk, "due_on": "2026-10-31"}
        ),
        "submit": "1",
    }
    assert client.post(reverse("meetings:edit", args=[meeting.pk]), data).status_code == 302
    content = meeting.versions.get().content
    assert content["attendance"] == [
        {"member": "Nguyễn Văn An", "standing": "official", "presence": "present", "reason": ""},
        {
            "member": "Trần Thị Đào",
            "standing": "official",
            "presence": "absent_excused",
            "reason": "Đi công tác ",
        },
    ]
    assert content["tasks"] == [
        {"assignee": "Trần Thị Đào", "description": "Nộp báo cáo quý", "due_on": "2026-10-31"}
    ]


def test_a_post_without_the_roll_or_the_tasks_leaves_them_as_stored(world, as_user):
    meeting = record(world)
    services.save_draft(
        meeting,
        fields={},
        attendance={world.dao.pk: ("absent_excused", "Ốm")},
        tasks=[{"description": "Thu đảng phí", "assignee": world.an, "due_on": None}],
        revision=meeting.revision,
        by=world.finance_office_secretary,
    )
    client = as_user(world.finance_office_secretary)
    data = {"revision": meeting.revision, "held_on": "08/10/2026", "news": "Tin mới"}
    assert client.post(reverse("meetings:autosave", args=[meeting.pk]), data).status_code == 200
    assert meeting.attendance.get(member=world.dao).reason == "Ốm"
    assert list(meeting.tasks.values_list("description", flat=True)) == ["Thu đảng phí"]


# Scans ---------------------------------------------------------------------------------------


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_scans_are_checked_by_content_and_size(world, as_user, private_storage, settings):
    meeting = submitted(world)
    client = as_user(world.finance_office_secretary)
    url = reverse("meetings:attach", args=[meeting.pk])
    client.post(url, {"file": SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00evil")})
    assert not meeting.attachments.exists()
    settings.UPLOAD_MAX_BYTES = 100
    client.post(url, {"file": SimpleUploadedFile("lon.png", b"\x89PNG\r\n\x1a\n" + b"0" * 200)})
    assert not meeting.attachments.exists()
    settings.UPLOAD_MAX_BYTES = 10_000
    scan = image_bytes("JPEG")
    client.post(url, {"file": SimpleUploadedFile("trang1.jpg", scan)})
    attachment = meeting.attachments.get()
    assert attachment.kind == "jpg"
    download = reverse("meetings:attachment", args=[meeting.pk, attachment.pk])
    assert b"".join(client.get(download).streaming_content) == scan
    client.force_login(world.inspectorate_secretary)
    assert client.get(download).status_code == 404


# Who may do what ----------------------------------------------------------------------------

ROLES = [
    "office",
    "leader",
    "finance_staff",
    "finance_office_secretary",
    "inspectorate_secretary",
    "inspector",
    "outsider",
]


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


LINE = dict(office=200, leader=200, finance_staff=200, finance_office_secretary=200)
PAGES = [
    # Offered to those who see part of the register, and the queue to those who review.
    ("meetings:list", False, expect(200, inspector=403, outsider=403)),
    ("meetings:queue", False, expect(403, office=200, finance_staff=200)),
    (
        "meetings:start",
        False,
        expect(403, finance_staff=200, finance_office_secretary=200, inspectorate_secretary=200),
    ),
    ("meetings:compliance", False, expect(200, inspector=403, outsider=403)),
    ("meetings:exemption_create", False, expect(403, office=200, finance_staff=200)),
    ("meetings:detail", True, expect(404, **LINE)),
    (
        "meetings:edit",
        True,
        expect(404, office=403, leader=403, finance_staff=403, finance_office_secretary=200),
    ),
    ("meetings:pdf", True, expect(404, **LINE)),
]


@pytest.mark.parametrize(("name", "with_pk", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_each_role_reaches_only_its_line(world, client, name, with_pk, expected):
    meeting = record(world)
    url = reverse(name, args=[meeting.pk] if with_pk else [])
    for role in ROLES:
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == expected[role], role
    client.logout()
    assert client.get(url).status_code == 302


def test_versions_are_readable_only_in_the_line(world, client):
    meeting = submitted(world)
    url = reverse("meetings:version", args=[meeting.pk, 1])
    for role in ROLES:
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == expect(404, **LINE)[role], role


def test_posts_are_refused_outside_the_line_and_without_the_right(world, client):
    meeting = submitted(world)
    review = reverse("meetings:review", args=[meeting.pk])
    for role, status in [
        ("outsider", 404),
        ("inspectorate_secretary", 404),
        ("leader", 403),
        ("office", 403),
        ("finance_office_secretary", 403),
    ]:
        client.force_login(getattr(world, role))
        assert client.post(review, {"decision": "accept"}).status_code == status, role
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.SUBMITTED
    client.force_login(world.finance_staff)
    assert client.post(review, {"decision": "accept"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.ACCEPTED
    for role, status in [("outsider", 404), ("leader", 403), ("finance_staff", 403)]:
        client.force_login(getattr(world, role))
        assert client.post(reverse("meetings:submit", args=[meeting.pk])).status_code == status
        assert client.post(reverse("meetings:autosave", args=[meeting.pk])).status_code == status


def test_the_bloc_reviews_grassroots_cells_and_committees_review_their_cells(world, as_user):
    cell_meeting = submitted(world)
    grassroots = services.record_meeting(
        organization=world.inspectorate,
        kind="regular",
        held_on=DAY,
        by=world.inspectorate_secretary,
    )
    grassroots = fill(
        grassroots, world, chair=world.anh, clerk=world.anh, by=world.inspectorate_secretary
    )
    services.submit_minutes(grassroots, by=world.inspectorate_secretary)
    office_queue = as_user(world.office).get(reverse("meetings:queue")).context["page"]
    assert [m.pk for m in office_queue] == [grassroots.pk]
    committee_queue = as_user(world.finance_staff).get(reverse("meetings:queue")).context["page"]
    assert [m.pk for m in committee_queue] == [cell_meeting.pk]


def test_review_queue_queries_do_not_grow_with_cells(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_org

    client.force_login(world.finance_staff)
    submitted(world)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("meetings:queue")).status_code == 200
        return len(queries)

    before = count()
    for index in range(4):
        cell = make_org(f"Chi bộ thêm {index}", "subordinate_cell", world.finance)
        member = make_member(cell, f"Hoàng Văn Thêm {index}")
        meeting = services.record_meeting(
            organization=cell, kind="regular", held_on=DAY, by=world.finance_staff
        )
        fill(meeting, world, chair=member, clerk=member)
        services.submit_minutes(meeting, by=world.finance_staff)
    assert count() == before


# The printed minutes --------------------------------------------------------------------------


def test_the_printed_minutes_carry_the_party_header_and_the_fingerprint(world, as_user):
    meeting = submitted(world, place="Hội trường Sở Tài chính")
    response = as_user(world.finance_staff).get(reverse("meetings:pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    # The cell's name breaks after "CHI BỘ", the superior body is its committee's Đảng bộ.
    assert "ĐẢNG BỘ SỞ TÀI CHÍNH" in text
    assert re.search(r"CHI BỘ\n\s*VĂN PHÒNG SỞ TÀI CHÍNH", text)
    assert "Ninh Thuận, ngày 08 tháng 10 năm 2026" in " ".join(text.split())
    one_line = " ".join(text.split())  # the layout wraps long lines
    assert "BIÊN BẢN" in text and "Hội trường Sở Tài chính" in one_line
    assert "Nguyễn Văn An" in text and "Trần Thị Đào" in text
    flat = text.replace("\n", "").replace(" ", "")
    assert meeting.versions.get().fingerprint in flat


def test_the_printed_minutes_close_with_the_end_time_the_adoption_and_the_presenter(world, as_user):
    meeting = record(world, kind=Meeting.Kind.THEMATIC, starts_at=datetime.time(14, 0))
    meeting = fill(
        meeting,
        world,
        topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        presenter="Nguyễn Văn An",
        agenda="Báo cáo chuyên đề\nThảo luận\nBiểu quyết nghị quyết",
        ends_at=datetime.time(16, 30),
        minutes_adopted=True,
    )
    services.submit_minutes(meeting, by=world.finance_office_secretary)
    response = as_user(world.finance_staff).get(reverse("meetings:pdf", args=[meeting.pk]))
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
        lines = [
            line
            for page in pdf.pages
            for line in page.extract_text_lines()
            if line["text"] in ("Báo cáo chuyên đề", "Thảo luận", "Biểu quyết nghị quyết")
        ]
    assert "Vào lúc 14 giờ 00 ngày 08/10/2026" in text
    assert "Người trình bày: Nguyễn Văn An." in text
    assert "Buổi sinh hoạt kết thúc lúc 16 giờ 30 cùng ngày." in text
    assert "Biên bản đã được đọc lại trước hội nghị và được hội nghị nhất trí thông qua." in text
    # Every agenda item starts at the same indent.
    assert len(lines) == 3 and len({round(line["x0"]) for line in lines}) == 1


def test_the_meeting_cannot_end_before_it_starts(world, as_user):
    meeting = record(world, starts_at=datetime.time(14, 0))
    form = MinutesForm(
        {"held_on": "08/10/2026", "starts_at": "14:00", "ends_at": "13:00", "revision": 1},
        meeting=meeting,
    )
    assert not form.is_valid()
    assert form.errors["ends_at"] == ["Giờ kết thúc phải sau giờ bắt đầu."]
