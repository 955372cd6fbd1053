"""Words the portal writes into the register at the time of a change are shown in the
reader's language, whatever language the writer had chosen (partybloc.notes)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from members import services
from members.models import MemberStatusChange
from members.tasks import import_members
from organizations import services as organization_services
from partybloc.jobs.models import Job
from partybloc.jobs.services import create_job, run_job
from partybloc.notes import note, shown
from tests.excel_files import member_row, workbook_bytes

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def test_a_transfer_out_recorded_in_english_reads_in_vietnamese(world, as_user):
    with translation.override("en"):  # the writer had chosen English
        services.transfer_out(world.an, destination="Đảng bộ tỉnh Khánh Hòa", on=DAY)
    stored = MemberStatusChange.objects.filter(member=world.an).last().reason
    assert "Transferred" not in stored and "Chuyển" not in stored  # neither language kept
    client = as_user(world.office)
    html = client.get(reverse("members:detail", args=[world.an.pk])).content.decode()
    assert "Transferred out to" not in html
    assert shown(stored) in html and "Đảng bộ tỉnh Khánh Hòa" in html
    with translation.override("en"):
        assert shown(stored) == "Transferred out to Đảng bộ tỉnh Khánh Hòa"


def test_a_merge_carried_out_in_english_reads_in_vietnamese_in_the_history(world, as_user):
    with translation.override("en"):
        plan = organization_services.plan_merge(
            world.finance_office, into=world.finance_budget, on=DAY
        )
        organization_services.carry_out(plan, by=world.office)
    html = as_user(world.office).get(reverse("members:detail", args=[world.an.pk])).content
    html = html.decode()
    assert "merged into" not in html
    with translation.override("vi"):
        vietnamese = plan.describe()
    assert vietnamese != "Chi bộ Văn phòng Sở Tài chính merged into Chi bộ Phòng Ngân sách"
    assert vietnamese in html  # the placement's note and the history's reason


def test_registration_reasons_follow_the_reader(world):
    reasons = MemberStatusChange.objects.filter(member=world.an).values_list("reason", flat=True)
    with translation.override("en"):
        assert [shown(r) for r in reasons] == [
            "Admitted to the Party",
            "Recognized as an official member",
        ]
    with translation.override("vi"):
        assert "Admitted to the Party" not in [shown(r) for r in reasons]


def test_what_a_user_typed_is_shown_as_typed_and_a_long_note_still_fits():
    assert shown("Theo Quyết định 12-QĐ/ĐU") == "Theo Quyết định 12-QĐ/ĐU"
    assert shown("") == "" and shown(None) == ""
    long = note("transferred_out", destination="Đ" * 300, limit=255)
    assert len(long) == 255 and shown(long) == long


# --- Why a background job failed (Job.error): written by the job, in the language of whoever
# asked for it; read by whoever may open the job.


def test_a_refused_import_asked_for_in_english_reads_in_vietnamese(world, as_user, private_storage):

    birth = "Ngày sinh (dd/mm/yyyy)"
    rows = [member_row(world.finance_office, **{birth: "x"})]
    with translation.override("en"):  # the requester had chosen English
        job = create_job(
            kind=Job.Kind.MEMBER_IMPORT,
            by=world.office,
            input_file=ContentFile(workbook_bytes(rows), "f.xlsx"),
        )
        import_members(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "Nothing was imported" not in job.error and "Chưa nhập" not in job.error
    html = as_user(world.office).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Nothing was imported" not in html
    assert "Chưa nhập dữ liệu nào: tệp có 1 lỗi" in html and birth in html
    with translation.override("en"):
        assert job.reason().startswith("Nothing was imported: the file has 1 error.")


def test_an_unexpected_job_error_in_english_reads_in_vietnamese(world, as_user):
    with translation.override("en"):
        job = create_job(kind=Job.Kind.MEMBER_IMPORT, by=world.office)

        def runner(job):
            raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            run_job(import_members, job.pk, runner)
    job.refresh_from_db()
    html = as_user(world.office).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "unexpected error" not in html
    assert "Tác vụ dừng lại vì một lỗi ngoài dự kiến" in html and str(job.pk) in html


def test_a_job_interrupted_too_often_reads_in_the_readers_language(world):
    job = Job.objects.create(
        kind=Job.Kind.REPORT, created_by=world.office, params={"language": "en"}
    )
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING,
        attempts=99,
        started_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    )
    job.refresh_from_db()
    assert job.give_up()
    assert "was interrupted" not in job.error
    with translation.override("vi"):
        assert "bị gián đoạn" in job.reason()
    with translation.override("en"):
        assert "was interrupted" in job.reason()


def test_an_access_log_line_written_in_english_reads_in_vietnamese(world, as_user):
    client = as_user(world.office)
    client.post(reverse("set_language"), {"language": "en"})
    client.get(reverse("members:export"), {"organization": world.finance.pk, "gender": "female"})
    client.post(reverse("set_language"), {"language": "vi"})
    html = client.get(reverse("audit:access_log")).content.decode()
    assert "Gender" not in html and "female" not in html
    assert "nữ" in html
