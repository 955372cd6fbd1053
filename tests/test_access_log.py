"""The access log (issue 11, item 10): who viewed or exported members' personal data — member
pages, searches, exports, import previews and their marked copies — readable by the bloc
office with filters, kept for AUDIT_RETENTION_DAYS, and never changed."""

import datetime
import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partybloc.audit import tasks
from partybloc.audit.models import AccessRecord, RecordIsFinal
from partybloc.jobs.models import Job
from tests.conftest import make_member
from tests.excel_files import many_rows, member_row, upload

pytestmark = pytest.mark.django_db
Action = AccessRecord.Action
LOG = reverse("audit:access_log")


def test_viewing_a_member_page_or_its_edit_form_is_recorded(world, as_user):
    client = as_user(world.finance_staff)
    assert AccessRecord.objects.count() == 0
    client.get(reverse("members:detail", args=[world.an.pk]))
    client.get(reverse("members:edit", args=[world.dao.pk]))
    viewed, opened = AccessRecord.objects.order_by("pk")
    assert (viewed.user, viewed.action, viewed.member, viewed.organization) == (
        world.finance_staff,
        Action.MEMBER_VIEWED,
        world.an,
        world.finance_office,
    )
    assert viewed.address == "127.0.0.1" and viewed.at <= timezone.now()
    assert (opened.action, opened.member) == (Action.MEMBER_OPENED_FOR_EDITING, world.dao)
    # A page outside the user's scope shows nothing, and records nothing.
    assert client.get(reverse("members:detail", args=[world.anh.pk])).status_code == 404
    assert AccessRecord.objects.count() == 2


def test_an_export_is_recorded_with_its_scope_rows_and_masking(world, as_user):
    client = as_user(world.leader)
    client.get(
        reverse("members:export"),
        {"organization": world.finance.pk, "gender": "female", "admitted_from": "01/01/2005"},
    )
    record = AccessRecord.objects.get()
    assert (record.user, record.action, record.organization, record.rows) == (
        world.leader,
        Action.MEMBERS_EXPORTED,
        world.finance,
        1,
    )
    assert record.full_national_ids is False
    assert "Đảng bộ Sở Tài chính" in record.detail and "nữ" in record.detail
    assert "01/01/2005" in record.detail  # the filters in words, as the user chose them


def test_a_search_is_recorded_with_a_national_id_masked(world, as_user):
    client = as_user(world.office)
    client.post(reverse("members:list"), {"q": world.dao.national_id})
    record = AccessRecord.objects.get()
    assert record.action == Action.MEMBERS_SEARCHED
    assert record.detail == f"058*******{world.dao.national_id[-2:]}"


def test_import_previews_marked_copies_and_job_files_are_recorded(world, as_user, private_storage):
    client = as_user(world.office)
    rows = many_rows(world.inspectorate, 3)
    rows[1]["Ngày sinh (dd/mm/yyyy)"] = "1980"
    response = client.post(reverse("members:import"), {"file": upload(rows, name="ds.xlsx")})
    client.get(reverse("members:import_errors", args=[response.context["token"]]))
    previewed, downloaded = AccessRecord.objects.order_by("pk")
    assert (previewed.action, previewed.rows, previewed.detail) == (
        Action.IMPORT_PREVIEWED,
        3,
        "ds.xlsx",
    )
    assert downloaded.action == Action.IMPORT_FILE_DOWNLOADED

    # A file valid when previewed, refused when imported (someone registered one of its IDs
    # meanwhile): the job keeps a marked copy, whose download is recorded too.
    row = member_row(world.inspectorate)
    preview = client.post(reverse("members:import"), {"file": upload([row])})
    make_member(
        world.inspectorate,
        "Đặng Văn Trước",
        national_id=row["Số CCCD"],
        born=datetime.date(1980, 2, 1),
        card=False,
    )
    client.post(reverse("members:import_confirm", args=[preview.context["token"]]))
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and job.output_file
    client.get(reverse("jobs:download", args=[job.pk]))
    last = AccessRecord.objects.latest("pk")
    assert last.action == Action.IMPORT_FILE_DOWNLOADED and str(job.pk) in last.detail


def test_the_access_log_is_read_by_the_bloc_office_only(world, as_user):
    assert as_user(world.office).get(LOG).status_code == 200
    for user in (world.leader, world.finance_staff, world.finance_office_secretary):
        assert as_user(user).get(LOG).status_code == 403, user
    office_menu = as_user(world.office).get(reverse("home")).content.decode()
    assert LOG in office_menu
    assert LOG not in as_user(world.leader).get(reverse("home")).content.decode()


def test_the_access_log_filters_by_who_whom_what_and_when(world, as_user):
    as_user(world.finance_staff).get(reverse("members:detail", args=[world.an.pk]))
    as_user(world.leader).get(reverse("members:detail", args=[world.dao.pk]))
    as_user(world.leader).get(reverse("members:export"))
    office = as_user(world.office)

    def shown(**filters):
        page = office.get(LOG, filters).context["page"]
        return [(record.user.username, record.action) for record in page]

    assert len(shown()) == 3
    assert shown(who="danguy") == [("danguy_taichinh", Action.MEMBER_VIEWED)]
    assert shown(member=world.dao.pk) == [("lanhdao", Action.MEMBER_VIEWED)]
    assert shown(action=Action.MEMBERS_EXPORTED) == [("lanhdao", Action.MEMBERS_EXPORTED)]
    today = timezone.localdate()
    assert len(shown(date_from=f"{today:%d/%m/%Y}", date_to=f"{today:%d/%m/%Y}")) == 3
    assert shown(date_to=f"{today - datetime.timedelta(1):%d/%m/%Y}") == []
    # Whom, by name or national ID: sent by POST, so the address carries a token instead.
    moved = office.post(LOG, {"whom": world.an.national_id})
    assert world.an.national_id not in moved["Location"]
    page = office.get(moved["Location"]).context["page"]
    assert [record.member for record in page] == [world.an]


def test_the_access_log_pages_with_the_same_queries_however_long(world, as_user, settings):
    settings.PAGE_SIZE = 5
    office = as_user(world.office)
    counts = []
    for views in (6, 30):
        for _ in range(views):
            as_user(world.leader).get(reverse("members:detail", args=[world.an.pk]))
        office = as_user(world.office)
        with CaptureQueriesContext(connection) as queries:
            page = office.get(LOG).context["page"]
        assert len(page) == 5
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_record_cannot_be_changed_or_deleted(world, as_user):
    as_user(world.leader).get(reverse("members:detail", args=[world.an.pk]))
    record = AccessRecord.objects.get()
    record.reason = "sửa lại"
    with pytest.raises(RecordIsFinal):
        record.save()
    with pytest.raises(RecordIsFinal):
        record.delete()
    with pytest.raises(RecordIsFinal):
        AccessRecord.objects.update(reason="sửa lại")
    with pytest.raises(RecordIsFinal):
        AccessRecord.objects.all().delete()
    # Nor by SQL that goes around the model: the database refuses (a trigger).
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessrecord SET reason = 'x'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accessrecord")
    assert AccessRecord.objects.get().reason == ""
    assert AccessRecord not in admin.site._registry  # nor through the admin


def test_records_older_than_the_retention_are_pruned(world, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    for age in (40, 31, 29, 0):
        AccessRecord.objects.create(
            user=world.leader,
            action=Action.MEMBER_VIEWED,
            member=world.an,
            at=now - datetime.timedelta(days=age),
        )
    out = io.StringIO()
    call_command("prune_access_log", stdout=out)
    assert out.getvalue().startswith("2 ")
    assert sorted((now - record.at).days for record in AccessRecord.objects.all()) == [0, 29]
    # The nightly task (Celery beat) prunes the same way.
    AccessRecord.objects.create(
        user=world.leader, action=Action.MEMBER_VIEWED, at=now - datetime.timedelta(days=60)
    )
    assert tasks.prune_access_log() == 1
    assert AccessRecord.objects.count() == 2
    assert settings.CELERY_BEAT_SCHEDULE["prune-access-log"]["task"] == tasks.prune_access_log.name
