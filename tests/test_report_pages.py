"""Report pages: who may prepare, who may read, the narrative kept as a draft, the rendering
job (in-process when no broker), scoped downloads, retry, and the command line."""

import datetime
import hashlib
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from partybloc.jobs.models import Job
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def test_the_office_opens_a_report_and_saves_a_draft(world, client):
    client.force_login(world.office)
    client.post(reverse("reports:list"), {"scope": world.bloc.pk, "period": "2026H1"})
    report = Report.objects.get()
    client.post(
        reverse("reports:report", args=[report.pk]),
        {
            "number": "08-BC/ĐUK",  # the number is the register's, never typed
            "issued_on": "15/07/2026",
            "place": "Ninh Thuận",
            "narrative_lessons": "Bài học một.",
        },
    )
    report.refresh_from_db()
    assert report.number == "" and report.narrative["lessons"] == "Bài học một."
    assert report.issued_on == datetime.date(2026, 7, 15)
    assert not Job.objects.exists()  # a draft renders nothing


def test_who_may_prepare_and_who_may_read(world, client):
    report = Report.objects.create(scope=world.finance, period="2025", created_by=world.office)
    url = reverse("reports:report", args=[report.pk])
    for role, status in [
        ("office", 200),
        ("leader", 200),
        ("finance_staff", 200),
        ("finance_office_secretary", 404),
        ("inspectorate_secretary", 404),
        ("outsider", 404),
    ]:
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == status, role
    client.force_login(world.leader)
    assert client.post(url, {"number": "1"}).status_code == 403
    client.force_login(world.finance_staff)
    assert client.post(url, {"number": "3-BC/ĐU"}).status_code == 302
    assert (
        client.post(reverse("reports:list"), {"scope": world.bloc.pk, "period": "2025"}).status_code
        == 200
    )  # not its
    assert Report.objects.count() == 1


def test_rendering_in_process_and_downloads_within_scope(
    world, client, private_files, django_capture_on_commit_callbacks
):
    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)
    client.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=True):  # the job is queued after commit
        client.post(
            reverse("reports:report", args=[report.pk]),
            {
                "issued_on": "08/01/2026",
                "narrative_tasks": "Kết nạp [[members_admitted]] đảng viên.",
                "render": "1",
            },
        )
    job = Job.objects.get()
    assert job.state == "done", job.error  # no broker configured: the task ran in-process
    pdf = client.get(reverse("reports:pdf", args=[report.pk, job.pk]))
    text = subprocess.run(
        ["pdftotext", "-", "-"],
        input=b"".join(pdf.streaming_content),
        capture_output=True,
        check=True,
    ).stdout.decode()
    # A draft: marked so, its number left open for the register, dated as set.
    words = " ".join(text.split())
    assert "DỰ THẢO" in words and "Số -BC/ĐUK" in words
    assert "ngày 08 tháng 01 năm 2026" in words
    # Both files are the job's own fields, named by the field's upload_to, not by hand.
    assert job.output_docx.name.startswith("jobs/") and job.output_docx.name.endswith(".docx")
    assert "docx" not in job.result
    with job.output_docx.open("rb") as docx:
        assert Document(docx).paragraphs
    for role, status in [("leader", 200), ("finance_staff", 404), ("outsider", 404)]:
        client.force_login(getattr(world, role))
        url = reverse("reports:docx", args=[report.pk, job.pk])
        assert client.get(url).status_code == status, role


def test_a_failed_rendering_says_why_and_can_be_retried(
    world, client, private_files, django_capture_on_commit_callbacks
):
    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)
    job = Job.objects.create(
        kind=Job.Kind.REPORT,
        created_by=world.office,
        state="failed",
        error="Hết thời gian",
        params={"report_id": report.pk},
    )
    client.force_login(world.office)
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "Hết thời gian" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:retry", args=[report.pk, job.pk]))
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 1), job.error


def test_the_command_writes_the_pdf_and_the_docx(world, tmp_path, private_files):
    world.office.is_superuser = True
    world.office.save()
    out = tmp_path / "out"
    call_command("render_report", "--scope", "bloc", "--period", "2025H1", "--out", str(out))
    names = sorted(path.suffix for path in out.iterdir())
    assert names == [".docx", ".pdf"]
    text = subprocess.run(
        ["pdftotext", str(next(out.glob("*.pdf"))), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "6 tháng đầu năm 2025" in " ".join(text.split())


def test_the_report_page_links_each_figure_to_its_records(
    world, client, private_files, django_capture_on_commit_callbacks
):
    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)
    client.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report", args=[report.pk]), {"render": "1"})
    figures = {
        f["key"]: f
        for f in client.get(reverse("reports:report", args=[report.pk])).context["figures"]
    }
    assert figures["members_active"]["value"] == "5"
    assert figures["members_active"]["link"].startswith(reverse("members:list"))


def _failed_rendering(world, report, *, by) -> Job:
    return Job.objects.create(
        kind=Job.Kind.REPORT,
        created_by=by,
        organization=report.scope,
        state="failed",
        error="Hết thời gian",
        params={"report_id": report.pk},
    )


def test_the_retry_right_is_the_same_on_the_jobs_page_and_the_reports_page(
    world, client, django_capture_on_commit_callbacks
):
    """One right (access.can_retry_job): the author, and whoever prepares the report."""
    report = Report.objects.create(scope=world.finance, period="2025", created_by=world.office)
    job = _failed_rendering(world, report, by=world.finance_staff)
    report_page = reverse("reports:report", args=[report.pk])
    for role, may in [("office", True), ("leader", False), ("finance_staff", True)]:
        client.force_login(getattr(world, role))
        assert client.get(reverse("jobs:detail", args=[job.pk])).context["can_retry"] is may
        assert (job.pk in client.get(report_page).context["retryable"]) is may
        for url in (
            reverse("jobs:retry", args=[job.pk]),
            reverse("reports:retry", args=[report.pk, job.pk]),
        ):
            with django_capture_on_commit_callbacks(execute=False):
                status = client.post(url).status_code
            assert status == (302 if may else 403), (role, url)
            Job.objects.filter(pk=job.pk).update(state="failed")


@pytest.mark.parametrize("page", ["jobs", "reports"])
def test_retrying_a_job_that_did_not_fail_says_so_in_vietnamese(world, client, page):
    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)
    job = _failed_rendering(world, report, by=world.office)
    Job.objects.filter(pk=job.pk).update(state="done")
    client.force_login(world.office)
    url = (
        reverse("jobs:retry", args=[job.pk])
        if page == "jobs"
        else reverse("reports:retry", args=[report.pk, job.pk])
    )
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert (
        "Chỉ có thể chạy lại tác vụ không thành công hoặc đang bị treo."
        in response.content.decode()
    )
    job.refresh_from_db()
    assert job.state == "done"


def test_issuing_gives_the_registers_number_and_freezes_the_files(world, client, private_files):
    from partybloc.registry.models import IssuedDocument

    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)
    url = reverse("reports:report", args=[report.pk])
    client.force_login(world.office)
    fields = {
        "place": "Ninh Thuận",
        "signed_by": "Hồ Văn Hùng",
        "recipients": "Ban Thường vụ Tỉnh ủy\nLưu Văn phòng",
        "narrative_tasks": "Nâng cao chất lượng sinh hoạt chi bộ.",
        "issue": "1",
    }
    # No date yet: the page again with the error on the field, nothing issued.
    page = client.post(url, fields)
    assert page.status_code == 200
    assert "Đặt ngày của văn bản trước khi ban hành." in page.content.decode()
    assert not IssuedDocument.objects.exists()

    assert client.post(url, {**fields, "issued_on": "20/01/2026"}).status_code == 302
    first = IssuedDocument.objects.get()
    assert (first.number, first.version, first.issued_on) == (
        "01-BC/ĐUK",
        1,
        datetime.date(2026, 1, 20),
    )
    assert (first.signer_name, first.signer_post) == ("Hồ Văn Hùng", "BÍ THƯ")
    report.refresh_from_db()
    assert report.number == "01-BC/ĐUK"
    issued_pdf = first.pdf.open("rb").read()
    first.pdf.close()
    words = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=issued_pdf, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Số 01-BC/ĐUK" in words and "ngày 20 tháng 01 năm 2026" in words
    assert "DỰ THẢO" not in words

    # A correction: the same number and date, version 2; version 1 stays as issued.
    client.post(
        url,
        {
            **fields,
            "issued_on": "20/01/2026",
            "narrative_tasks": "Sửa lại.",
            "signer_is_deputy": "on",
        },
    )
    second = IssuedDocument.objects.get(version=2)
    assert second.number == "01-BC/ĐUK" and second.supersedes_id == first.pk
    assert second.signer_post == "PHÓ BÍ THƯ"
    download = client.get(reverse("reports:issued_pdf", args=[report.pk, first.pk]))
    assert b"".join(download.streaming_content) == issued_pdf
    assert hashlib.sha256(issued_pdf).hexdigest() == first.fingerprint
    # Moving the date of an issued report would change a signed document: refused.
    page = client.post(url, {**fields, "issued_on": "21/01/2026"})
    assert page.status_code == 200 and IssuedDocument.objects.count() == 2
    # The leader reads the issued files; a cell's secretary does not see the report.
    client.force_login(world.leader)
    assert (
        client.get(reverse("reports:issued_docx", args=[report.pk, second.pk])).status_code == 200
    )
    client.force_login(world.finance_office_secretary)
    assert client.get(reverse("reports:issued_pdf", args=[report.pk, first.pk])).status_code == 404
