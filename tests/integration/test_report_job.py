"""A report rendered end to end by a real Celery worker through Redis: the page asks, the job
is queued after commit, the worker renders, and the PDF says what the register says."""

import subprocess

import pytest
from django.urls import reverse

from partybloc.jobs.models import Job
from reports.models import Report
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_renders_the_annual_report_with_the_registers_figures(
    world, client, celery_worker
):
    client.force_login(world.office)
    response = client.post(reverse("reports:list"), {"scope": world.bloc.pk, "period": "2025"})
    report = Report.objects.get()
    assert response["Location"] == reverse("reports:report", args=[report.pk])
    client.post(
        reverse("reports:report", args=[report.pk]),
        {
            "number": "12-BC/ĐUK",
            "place": "Ninh Thuận",
            "signed_by": "Hồ Văn Hùng",
            "recipients": "Ban Thường vụ Tỉnh ủy\nLưu Văn phòng",
            "narrative_organization": "Toàn Đảng bộ có [[members_active]] đảng viên.",
            "render": "1",
        },
    )
    job = wait_for(Job.objects.get(kind=Job.Kind.REPORT))
    assert job.state == "done", job.error
    pdf = client.get(reverse("reports:pdf", args=[report.pk, job.pk]))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=b"".join(pdf.streaming_content),
        capture_output=True,
        check=True,
    ).stdout.decode()
    one_line = " ".join(text.split())
    # A draft: its number is left for the register to give when the report is issued.
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số -BC/ĐUK" in one_line
    assert "DỰ THẢO" in one_line
    assert "Toàn Đảng bộ có 5 đảng viên." in one_line  # the world's five members
    docx = client.get(reverse("reports:docx", args=[report.pk, job.pk]))
    assert docx.status_code == 200
