"""Issue 6's done-when, as the users do it in a browser: the office asks for the bloc's report
and has it rendered, a real Celery worker renders it, and a leader opens the report and
downloads the PDF, which says what the register says."""

import subprocess

import pytest

from partybloc.jobs.models import Job
from reports.models import Report
from tests.browser.conftest import browser_type_launch_args, log_in  # noqa: F401 (a fixture)
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_office_asks_a_worker_renders_and_a_leader_downloads(
    world, browser, live_server, celery_worker
):
    for user in (world.office, world.leader):
        user.set_password("x")
        user.save()
    office = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = office.new_page()
    log_in(page, "vanphong")
    page.goto("/reports/")
    page.select_option("#id_scope", label=world.bloc.name)
    page.select_option("#id_period", value="2025")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/reports/*/")
    page.fill("#n-organization", "Toàn Đảng bộ có [[members_active]] đảng viên.")
    # A draft: the number comes from the register only when the report is issued.
    page.get_by_role("button", name="Lưu và in bản dự thảo").click()
    report = Report.objects.get()
    job = wait_for(Job.objects.get(kind=Job.Kind.REPORT), timeout=120)
    assert job.state == Job.State.DONE, job.error
    office.close()

    leader = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = leader.new_page()
    log_in(page, "lanhdao")
    page.goto(f"/reports/{report.pk}/")
    assert "đã hoàn thành" in page.locator("main").inner_text()  # the rendering, done
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").first.click()
    pdf = download.value.path().read_bytes()
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    one_line = " ".join(text.split())
    assert "BÁO CÁO" in one_line and "Toàn Đảng bộ có 5 đảng viên." in one_line
    leader.close()
