"""Members in and out of Excel: the template, every row checked, nothing imported when a row
fails, the marked copy, scope, and the export of exactly the filtered list."""

import datetime
import io
import time
import zipfile

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from lxml import etree

from members import excel
from members.models import Gender, Member, MemberStatusChange, Status
from members.services import register_member, register_members_bulk
from partybloc.jobs.models import Job
from tests.excel_files import HEADERS, many_rows, member_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db

BIRTH = "Ngày sinh (dd/mm/yyyy)"
CCCD = "Số CCCD"
CARD = "Số thẻ đảng viên"
CELL_CODE = "Mã chi bộ"
CELL_NAME = "Tên chi bộ"


def parse(rows, user, headers=HEADERS):
    with translation.override("en"):  # messages checked in their msgid wording
        return excel.parse_rows(io.BytesIO(workbook_bytes(rows, headers)), user=user)


def test_the_template_has_the_vietnamese_headers_and_the_users_cells(world):
    workbook = openpyxl.load_workbook(io.BytesIO(excel.build_template(user=world.finance_staff)))
    members_sheet, cells_sheet = workbook.worksheets
    assert [cell.value for cell in members_sheet[1]] == [
        "Họ và tên",
        "Giới tính (Nam/Nữ)",
        "Ngày sinh (dd/mm/yyyy)",
        "Dân tộc",
        "Tôn giáo",
        "Quê quán",
        "Số CCCD",
        "Số thẻ đảng viên",
        "Ngày vào Đảng (dd/mm/yyyy)",
        "Ngày chính thức (dd/mm/yyyy)",
        "Mã chi bộ",
        "Tên chi bộ",
        "Nghề nghiệp",
        "Chức vụ",
        "Trình độ học vấn",
        "Lý luận chính trị",
        "Đoàn viên khi kết nạp (x)",
        "Nơi cư trú",
        "Chi bộ nơi cư trú",
    ]
    listed = {row[0] for row in cells_sheet.iter_rows(min_row=2, values_only=True)}
    assert listed == {world.finance_office.pk, world.finance_budget.pk}
    assert members_sheet.data_validations.dataValidation  # dropdowns for gender, level, cell


def test_a_valid_file_is_read_without_saving_anything(world):
    parsed = parse([member_row(world.finance_office)], world.finance_staff)
    assert parsed.errors == []
    member = parsed.rows[0].member
    assert (member.pk, member.organization, member.gender) == (None, world.finance_office, "male")
    assert member.theory_level == "intermediate" and member.youth_union_member
    assert member.official_on == datetime.date(2011, 2, 3)
    assert parsed.by_cell == [(world.finance_office.name, 1)]


def _as_saved_by_excel(content: bytes) -> bytes:
    """The same workbook with its text in a shared strings table, as Excel saves it (openpyxl
    writes text inline), the full name in two formatted runs and a gap of empty rows."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    source = zipfile.ZipFile(io.BytesIO(content))
    sheet = etree.fromstring(source.read("xl/worksheets/sheet1.xml"))
    strings = []
    for cell in sheet.iter(f"{{{main}}}c"):
        inline = cell.find(f"{{{main}}}is")
        if inline is not None:
            text = inline.findtext(f"{{{main}}}t")
            cell.remove(inline)
            cell.set("t", "s")
            etree.SubElement(cell, f"{{{main}}}v").text = str(len(strings))
            strings.append(text)
    for row in sheet.iter(f"{{{main}}}row"):  # the members' rows move down by two
        if row.get("r") != "1":
            row.set("r", str(int(row.get("r")) + 2))
            for cell in row:
                cell.set("r", cell.get("r").rstrip("0123456789") + row.get("r"))
    items = []
    for text in strings:
        if text.startswith("Đặng Văn"):  # formatted runs: bold family name
            items.append(
                f"<si><r><rPr><b/></rPr><t xml:space='preserve'>Đặng </t></r>"
                f"<r><t>{text[5:]}</t></r><rPh sb='0' eb='1'><t>x</t></rPh></si>"
            )
        else:
            items.append(f"<si><t>{text}</t></si>")
    table = f"<sst xmlns='{main}' count='{len(items)}'>{''.join(items)}</sst>"
    types = source.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w") as target:
        for name in source.namelist():
            if name == "xl/worksheets/sheet1.xml":
                target.writestr(name, etree.tostring(sheet))
            elif name == "[Content_Types].xml":
                target.writestr(name, types)
            else:
                target.writestr(name, source.read(name))
        target.writestr("xl/sharedStrings.xml", table.encode())
    return saved.getvalue()


def test_a_file_saved_by_excel_with_shared_and_formatted_text_is_read(world):
    rows = [
        member_row(world.finance_office, name="Đặng Văn Một"),
        member_row(world.finance_office, name="Đặng Văn Hai", **{BIRTH: "31/02/1980"}),
    ]
    content = _as_saved_by_excel(workbook_bytes(rows))
    with translation.override("en"):
        parsed = excel.parse_rows(io.BytesIO(content), user=world.finance_staff)
    assert [row.member.full_name for row in parsed.rows] == ["Đặng Văn Một"]
    assert [(error.row, error.column) for error in parsed.errors] == [(5, BIRTH)]
    marked = openpyxl.load_workbook(
        io.BytesIO(excel.errors_workbook(io.BytesIO(content), parsed.errors))
    ).worksheets[0]
    assert marked.cell(row=5, column=1).value == "Đặng Văn Hai"
    assert marked.cell(row=5, column=HEADERS.index(BIRTH) + 1).comment is not None
    assert marked.cell(row=3, column=1).value is None  # the empty rows stay where they were


def test_real_excel_dates_and_a_number_cell_that_lost_the_leading_zero_are_read(world):
    row = member_row(world.finance_office)
    national_id = row[CCCD]
    # Excel holds dates as naive date-times; openpyxl reads and writes them so.
    row.update({BIRTH: datetime.datetime(1980, 2, 1), CCCD: int(national_id)})  # noqa: DTZ001
    parsed = parse([row], world.finance_staff)
    assert parsed.errors == []
    assert parsed.rows[0].member.national_id == national_id  # "058…": the 0 put back
    assert parsed.rows[0].member.date_of_birth == datetime.date(1980, 2, 1)


def test_one_bad_row_names_its_row_and_column(world):
    rows = [
        member_row(world.finance_office, name="Đặng Văn Một"),
        member_row(world.finance_office, name="Đặng Văn Hai", **{BIRTH: "31/02/1980"}),
        member_row(world.finance_office, name="Đặng Văn Ba"),
    ]
    parsed = parse(rows, world.finance_staff)
    assert [(e.row, e.column) for e in parsed.errors] == [(3, BIRTH)]
    assert "dd/mm/yyyy" in parsed.errors[0].message
    assert [row.row for row in parsed.rows] == [2, 4]


def test_required_cells_formats_and_the_id_against_gender_and_birth_year(world):
    rows = [
        member_row(world.finance_office, **{"Họ và tên": "", "Giới tính (Nam/Nữ)": "khác"}),
        member_row(world.finance_office, **{CCCD: "12345", CARD: "12ab"}),
        member_row(world.finance_office, **{"Giới tính (Nam/Nữ)": "Nữ"}),  # ID says male
        member_row(world.finance_office, **{"Ngày vào Đảng (dd/mm/yyyy)": "01/01/1995"}),
    ]
    errors = {(e.row, e.column) for e in parse(rows, world.finance_staff).errors}
    assert errors == {
        (2, "Họ và tên"),
        (2, "Giới tính (Nam/Nữ)"),
        (3, CCCD),
        (3, CARD),
        (4, CCCD),
        (5, "Ngày vào Đảng (dd/mm/yyyy)"),  # admitted at 14
    }


def test_duplicates_within_the_file_and_against_the_register(world):
    first = member_row(world.finance_office, name="Đặng Văn Một")
    rows = [
        first,
        member_row(world.finance_office, name="Đặng Văn Hai", **{CCCD: first[CCCD]}),
        member_row(world.finance_office, name="Đặng Văn Ba", **{CARD: first[CARD]}),
        member_row(
            world.finance_office,
            name="Đặng Văn Bốn",
            **{CCCD: world.an.national_id, BIRTH: "12/05/1985"},
        ),
        member_row(world.finance_office, name="Đặng Văn Năm", **{CARD: world.an.party_card_number}),
    ]
    parsed = parse(rows, world.finance_staff)
    assert [(e.row, e.column) for e in parsed.errors] == [
        (3, CCCD),
        (4, CARD),
        (5, CCCD),
        (6, CARD),
    ]
    assert "row 2" in parsed.errors[0].message


def test_a_cell_outside_the_users_scope_is_an_error_on_its_row(world):
    """A crafted file cannot place members where the user may not register them."""
    rows = [
        member_row(world.finance_office, name="Đặng Văn Một"),
        member_row(world.health_office, name="Đặng Văn Hai"),  # by code
        member_row(world.health_office, name="Đặng Văn Ba", **{CELL_CODE: None}),  # by name
        member_row(world.finance_office, name="Đặng Văn Bốn", **{CELL_CODE: 999999}),
    ]
    parsed = parse(rows, world.finance_staff)
    assert [(e.row, e.column) for e in parsed.errors] == [
        (3, CELL_CODE),
        (4, CELL_NAME),
        (5, CELL_CODE),
    ]
    assert [row.row for row in parsed.rows] == [2]


def test_a_code_and_a_name_that_disagree_are_refused(world):
    row = member_row(world.finance_office, **{CELL_NAME: world.finance_budget.name})
    assert [(e.row, e.column) for e in parse([row], world.finance_staff).errors] == [(2, CELL_NAME)]


def test_a_file_without_the_template_headers_is_refused_as_a_whole(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Số CCCD"):
        parse([member_row(world.finance_office)], world.office, headers=HEADERS[:6])
    with pytest.raises(ValidationError):
        excel.parse_rows(io.BytesIO(b"%PDF-1.4 not a workbook"), user=world.office)


def test_a_file_over_the_row_limit_is_refused_before_it_is_checked(world, monkeypatch):
    from django.core.exceptions import ValidationError

    monkeypatch.setattr(excel, "MAX_ROWS", 2)
    with pytest.raises(ValidationError, match="split"):
        parse([member_row(world.finance_office, name=f"Đặng Văn {i}") for i in "ABC"], world.office)


def test_the_marked_copy_fills_and_notes_the_bad_cell(world):
    rows = [
        member_row(world.finance_office, name="Đặng Văn Một"),
        member_row(world.finance_office, name="Đặng Văn Hai", **{BIRTH: "31/02/1980"}),
    ]
    content = workbook_bytes(rows)
    parsed = parse(rows, world.finance_staff)
    marked = openpyxl.load_workbook(
        io.BytesIO(excel.errors_workbook(io.BytesIO(content), parsed.errors))
    )
    sheet = marked.worksheets[0]
    bad = sheet.cell(row=3, column=HEADERS.index(BIRTH) + 1)
    assert bad.fill.start_color.rgb.endswith("FFC7CE")
    assert "dd/mm/yyyy" in bad.comment.text
    assert sheet.cell(row=2, column=HEADERS.index(BIRTH) + 1).comment is None
    assert sheet.cell(row=1, column=len(HEADERS) + 1).value == excel.ERRORS_HEADER
    assert BIRTH in sheet.cell(row=3, column=len(HEADERS) + 1).value


def test_the_bulk_registration_writes_what_register_member_writes(world):
    def history(member):
        return (
            [
                (c.status, c.effective_on, c.reason, c.recorded_by_id)
                for c in member.status_changes.order_by("effective_on")
            ],
            [
                (p.organization_id, p.started_on, p.ended_on, p.reason, p.came_from)
                for p in member.placements.all()
            ],
            (member.status, member.status_since, member.organization_id),
            # The first copy in the history of changes.
            list(
                member.history.values_list(
                    "history_type",
                    "history_user_id",
                    "full_name",
                    "status",
                    "status_since",
                    "official_on",
                    "organization_id",
                )
            ),
        )

    def new(national_id, card, official):
        return Member(
            full_name="  Hồ   Thị Lan ",
            gender=Gender.FEMALE,
            date_of_birth=datetime.date(1988, 4, 4),
            national_id=national_id,
            party_card_number=card,
            admitted_on=datetime.date(2015, 5, 5),
            official_on=official,
            organization=world.finance_budget,
        )

    for official in (datetime.date(2016, 5, 5), None):
        one = register_member(
            new(f"05818800{official is None:04d}", None, official), by=world.office
        )
        other = register_members_bulk(
            [new(f"05818801{official is None:04d}", "", official)], by=world.office
        )[0]
        one.refresh_from_db()
        other.refresh_from_db()
        assert history(other) == history(one)
        assert (other.full_name, other.sort_key, other.party_card_number) == (
            one.full_name,
            one.sort_key,
            None,
        )
        assert other.national_id in other.search_text


def test_the_import_goes_from_upload_to_preview_to_the_register(world, as_user, private_storage):
    client = as_user(world.finance_staff)
    rows = [
        member_row(world.finance_office, name="Đặng Văn Một"),
        member_row(world.finance_budget, name="Đặng Văn Hai"),
    ]
    response = client.post(reverse("members:import"), {"file": upload(rows)})
    assert response.status_code == 200
    assert [row.member.full_name for row in response.context["preview"]] == [
        "Đặng Văn Một",
        "Đặng Văn Hai",
    ]
    assert not Member.objects.filter(full_name="Đặng Văn Một").exists()  # a preview only

    token = response.context["token"]
    response = client.post(reverse("members:import_confirm", args=[token]))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.state, job.result["imported"], job.created_by) == ("done", 2, world.finance_staff)
    member = Member.objects.get(full_name="Đặng Văn Hai")
    assert member.organization == world.finance_budget and member.status == Status.OFFICIAL
    assert member.status_changes.count() == 2
    assert member.placements.get().recorded_by == world.finance_staff
    # The token is spent: confirming twice does not import twice.
    assert client.post(reverse("members:import_confirm", args=[token])).status_code == 404


def test_a_file_with_one_bad_row_imports_nothing(world, as_user, private_storage):
    client = as_user(world.office)
    before = (Member.objects.count(), MemberStatusChange.objects.count())
    rows = many_rows(world.inspectorate, 30)
    rows[16][BIRTH] = "1980"
    response = client.post(reverse("members:import"), {"file": upload(rows)})
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(18, BIRTH)]
    assert "Ngày sinh" in response.content.decode()
    token = response.context["token"]
    assert client.post(reverse("members:import_confirm", args=[token])).status_code == 404
    assert (Member.objects.count(), MemberStatusChange.objects.count()) == before

    marked = client.get(reverse("members:import_errors", args=[token]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(marked.streaming_content))).worksheets[0]
    assert sheet.cell(row=18, column=HEADERS.index(BIRTH) + 1).comment is not None


def test_the_upload_token_belongs_to_the_session_that_uploaded(world, client, private_storage):
    client.force_login(world.office)
    response = client.post(
        reverse("members:import"), {"file": upload([member_row(world.finance_office)])}
    )
    token = response.context["token"]
    client.force_login(world.finance_staff)  # a new session
    assert client.post(reverse("members:import_confirm", args=[token])).status_code == 404
    assert client.get(reverse("members:import_errors", args=[token])).status_code == 404


def test_a_large_file_is_imported_by_a_job_after_commit(
    world, as_user, private_storage, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    client = as_user(world.office)
    response = client.post(
        reverse("members:import"), {"file": upload(many_rows(world.inspectorate, 3))}
    )
    assert response.context["as_job"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("members:import_confirm", args=[response.context["token"]]))
    job = Job.objects.get()
    assert job.state == Job.State.QUEUED and len(callbacks) == 1  # queued, sent after commit
    callbacks[0]()  # no broker in unit tests: the task runs in-process (always eager)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.result["imported"]) == ("done", 1, 3)
    assert Member.objects.in_subtree(world.inspectorate).count() == 4


def test_the_export_holds_exactly_the_filtered_visible_list(world, as_user):
    client = as_user(world.finance_staff)
    response = client.get(reverse("members:export"), {"gender": "female"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADERS, excel.STATUS_HEADER]
    assert [row[0] for row in rows[1:]] == ["Trần Thị Đào"]  # not Ánh: outside the committee
    dao = dict(zip(rows[0], rows[1], strict=True))
    assert dao[CCCD] == f"058*******{world.dao.national_id[-2:]}"  # masked unless asked
    assert dao[CELL_CODE] == world.finance_office.pk
    assert dao["Giới tính (Nam/Nữ)"] == "Nữ"
    assert dao[BIRTH] == datetime.datetime(1990, 8, 2)  # noqa: DTZ001 (as Excel holds it)
    assert sheet.cell(row=2, column=HEADERS.index(BIRTH) + 1).number_format == "DD/MM/YYYY"

    everyone = client.get(reverse("members:export"))
    names = [r[0] for r in openpyxl.load_workbook(io.BytesIO(everyone.content)).active.values]
    listed = client.get(reverse("members:list"))
    assert names[1:] == [member.full_name for member in listed.context["page"]]


def test_an_exported_file_can_be_imported_again_once_the_ids_are_new(world):
    client_rows = excel.export_members(
        Member.objects.filter(pk=world.an.pk).select_related("organization"),
        full_national_ids=True,
    )
    sheet = openpyxl.load_workbook(io.BytesIO(client_rows)).worksheets[0]
    parsed = excel.parse_rows(io.BytesIO(client_rows), user=world.office)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, CCCD), (2, CARD)]  # already there
    assert sheet.max_row == 2


def test_the_check_costs_the_same_few_queries_for_any_number_of_rows(
    world, django_assert_num_queries
):
    for count in (3, 60):
        rows = many_rows(world.inspectorate, count)
        user = type(world.office).objects.get(pk=world.office.pk)  # roles not yet read
        # the user's roles, the cells they may fill, the IDs and cards already registered
        with django_assert_num_queries(3):
            assert len(parse(rows, user).rows) == count


def test_the_import_costs_the_same_queries_for_any_number_of_rows(world, private_storage):
    """The job checks the file again and registers every member: the cells, the register's
    IDs and cards are read once, the members, their history, status changes and placements
    written in bulk, whatever the file's length (up to a batch of 500)."""
    counts = []
    for count in (3, 60):
        job = Job.objects.create(
            kind=Job.Kind.MEMBER_IMPORT,
            created_by=type(world.office).objects.get(pk=world.office.pk),  # roles not yet read
            input_file=ContentFile(workbook_bytes(many_rows(world.inspectorate, count)), "f.xlsx"),
        )
        with CaptureQueriesContext(connection) as captured:
            outcome = excel.import_file(job)
        assert outcome.result["imported"] == count
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_ten_thousand_rows_validate_in_seconds(world, capsys):
    content = workbook_bytes(many_rows(world.inspectorate, 10_000))
    started = time.perf_counter()
    parsed = excel.parse_rows(io.BytesIO(content), user=world.office)
    elapsed = time.perf_counter() - started
    assert parsed.errors == [] and len(parsed.rows) == 10_000
    with capsys.disabled():
        print(f"\n10,000-row import file validated in {elapsed:.1f} s")


def test_the_export_costs_the_same_queries_however_long_the_list(world, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(world.office)
    counts = []
    for extra in (0, 40):
        if extra:
            rows = parse(many_rows(world.inspectorate, extra), world.office).rows
            register_members_bulk([row.member for row in rows], by=world.office)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("members:export")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
