"""The server errors users met (issue 10, item 14), each as the user met it: the page answers
in Vietnamese, keeps what they typed where there is a form, and writes nothing it refused."""

import pytest
from django.urls import reverse

from partybloc.jobs.models import Job
from reports.models import Report

pytestmark = pytest.mark.django_db


def _blocked_storage(settings, tmp_path):
    """Private files can not be written: their folder is a file (a full or read-only disk)."""
    blocked = tmp_path / "private"
    blocked.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked), "base_url": None},
        },
    }
    return blocked


def test_a_failed_rendering_without_a_broker_is_told_on_the_page_without_server_paths(
    world, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The embedded mode runs the rendering in the request: its failure is the job's, shown on
    the report's page in words, not a bare server error, and no server path reaches the user."""
    blocked = _blocked_storage(settings, tmp_path)
    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)
    client.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report", args=[report.pk]), {"number": "15-BC/ĐUK", "render": "1"}
        )
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    for url in (reverse("reports:report", args=[report.pk]), reverse("jobs:detail", args=[job.pk])):
        page = client.get(url).content.decode()
        assert "Tác vụ dừng lại vì một lỗi ngoài dự kiến" in page
        assert str(blocked) not in page and str(tmp_path) not in page


def test_retrying_a_finished_rendering_is_refused_in_words(
    world, client, django_capture_on_commit_callbacks
):
    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)
    job = Job.objects.create(
        kind=Job.Kind.REPORT,
        created_by=world.office,
        organization=world.bloc,
        state=Job.State.DONE,
        params={"report_id": report.pk},
    )
    client.force_login(world.office)
    response = client.post(reverse("reports:retry", args=[report.pk, job.pk]), follow=True)
    assert response.status_code == 200
    assert (
        "Chỉ có thể chạy lại tác vụ không thành công hoặc đang bị treo."
        in response.content.decode()
    )
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 0)


def test_the_error_pages_speak_vietnamese_in_the_portals_look(world, as_user, rf):
    from django.core.exceptions import SuspiciousOperation
    from django.views import defaults

    client = as_user(world.inspector)
    pages = {
        404: client.get("/khong-co-trang-nay/"),
        403: client.get(reverse("members:list")),
        400: defaults.bad_request(rf.get("/"), SuspiciousOperation()),
        500: defaults.server_error(rf.get("/")),
    }
    words = {
        404: "Không tìm thấy",
        403: "Không được phép",
        400: "Yêu cầu không hợp lệ",
        500: "Lỗi máy chủ",
    }
    for status, response in pages.items():
        page = response.content.decode()
        assert response.status_code == status
        assert words[status] in page and "Về trang chủ" in page, status
        assert "navbar-party" in page, status  # the portal's bar, not Django's bare page
        assert "Server Error" not in page and "Bad Request" not in page


def test_a_nul_character_in_a_report_section_is_refused_on_that_section_and_kept(world, as_user):
    report = Report.objects.create(scope=world.bloc, period="2025", created_by=world.office)
    typed = "Toàn Đảng bộ\x00 có [[members_active]] đảng viên."
    response = as_user(world.office).post(
        reverse("reports:report", args=[report.pk]),
        {"number": "15-BC/ĐUK", "narrative_organization": typed, "save": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nội dung có ký tự không lưu được" in page
    assert "Toàn Đảng bộ" in page  # the section as typed
    report.refresh_from_db()
    assert report.number == "" and report.narrative == {}


YEAR_9999 = "31/12/9999"


def _member_data(world, **changes) -> dict:
    data = {
        "full_name": "Đặng Văn Cường",
        "gender": "male",
        "date_of_birth": "01/01/1980",
        "national_id": "058080123456",
        "admitted_on": "01/01/2010",
        "official_on": "01/01/2011",
        "organization": world.finance_office.pk,
        "ethnicity": "Kinh",
        "theory_level": "none",
    }
    return {**data, **changes}


@pytest.mark.parametrize("field", ["date_of_birth", "admitted_on", "official_on"])
def test_a_date_in_year_9999_on_the_member_form_is_refused_on_its_field(world, as_user, field):
    from members.models import Member

    client = as_user(world.office)
    before = Member.objects.count()
    for url in (reverse("members:create"), reverse("members:edit", args=[world.an.pk])):
        response = client.post(url, _member_data(world, **{field: YEAR_9999}))
        assert response.status_code == 200, url
        errors = response.context["form"].errors[field]
        assert "Nhập một ngày trong khoảng từ năm 1900 đến năm 2100." in errors, url
        assert YEAR_9999 in response.content.decode()  # what was typed stays in the box
    assert Member.objects.count() == before


def test_a_date_in_year_9999_in_an_import_is_an_error_on_its_cell(world, as_user, private_storage):
    from tests.excel_files import member_row, upload

    client = as_user(world.office)
    row = member_row(world.finance_office, **{"Ngày sinh (dd/mm/yyyy)": YEAR_9999})
    response = client.post(reverse("members:import"), {"file": upload([row])})
    assert response.status_code == 200
    errors = response.context["errors"]
    assert [(e.column, e.message) for e in errors] == [
        ("Ngày sinh (dd/mm/yyyy)", "Nhập một ngày trong khoảng từ năm 1900 đến năm 2100.")
    ]
