"""Party documents as printed (Hướng dẫn 36-HD/VPTW): the date form, each header element's size
and style read from the PDF's text layout, the issuing body's line breaks, the signature block
for each kind of issuer and never alone on its page, the .docx's styles; the register of
documents issued: consecutive numbers per body and year, frozen files, corrections as versions,
its page and its Excel copy, and fifty numbers taken at once on PostgreSQL."""

import datetime
import hashlib
import io
import threading
from collections import Counter

import openpyxl
import pdfplumber
import pytest
from django.db import connection
from django.urls import reverse
from docx import Document

from members.models import LeadershipPosition
from partybloc.documents import header_lines, vietnamese_date, vietnamese_date_line
from partybloc.registry import services as registry
from partybloc.registry.choices import Body, DocumentKind
from partybloc.registry.issuers import issuer_of
from partybloc.registry.models import IssuedDocument
from partybloc.registry.services import Letterhead, Printed
from reports.figures import Period, compute_figures
from reports.rendering import render_report_docx, render_report_pdf, report_context

pytestmark = pytest.mark.django_db
D = datetime.date


# The date ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (D(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
        (D(2019, 2, 15), "ngày 15 tháng 02 năm 2019"),
        (D(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (D(2026, 7, 15), "ngày 15 tháng 7 năm 2026"),
        (D(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        (D(2026, 10, 10), "ngày 10 tháng 10 năm 2026"),
    ],
)
def test_a_leading_zero_only_for_days_below_10_and_for_january_and_february(day, written):
    assert vietnamese_date(day) == written
    assert vietnamese_date_line("Ninh Thuận", day) == f"Ninh Thuận, {written}"


# The issuing body's lines --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", ["ĐẢNG ỦY KHỐI", "CÁC CƠ QUAN TỈNH"]),
        ("ĐẢNG ỦY SỞ TƯ PHÁP", ["ĐẢNG ỦY SỞ TƯ PHÁP"]),
        (
            "ĐẢNG ỦY SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
            ["ĐẢNG ỦY SỞ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"],
        ),
        ("CHI BỘ KHO BẠC NHÀ NƯỚC TỈNH", ["CHI BỘ", "KHO BẠC NHÀ NƯỚC TỈNH"]),
        # Never inside a word of two syllables, never one word alone on a line.
        ("ĐẢNG BỘ TRƯỜNG CAO ĐẲNG NGHỀ NINH THUẬN", ["ĐẢNG BỘ TRƯỜNG CAO ĐẲNG", "NGHỀ NINH THUẬN"]),
        ("CHI BỘ QUỸ ĐẦU TƯ PHÁT TRIỂN TỈNH", ["CHI BỘ QUỸ ĐẦU TƯ", "PHÁT TRIỂN TỈNH"]),
    ],
)
def test_a_long_issuing_body_breaks_after_its_own_words(name, lines):
    assert header_lines(name) == lines


# Issuers and signature blocks ----------------------------------------------------------------


POSITION_START = D(2025, 6, 1)
ISSUED_ON = D(2026, 7, 15)
REGISTERED_ON = D(2026, 3, 2)


def _position(organization, member, post, on=POSITION_START):
    return LeadershipPosition.objects.create(
        organization=organization, member=member, post=post, started_on=on
    )


def test_the_signature_block_follows_the_issuing_body_and_the_signers_post(world):
    day = D(2026, 7, 15)
    bloc = issuer_of(world.bloc, on=day)
    assert (bloc.superior, bloc.body, bloc.symbol) == (
        "ĐẢNG BỘ TỈNH NINH THUẬN",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        "ĐUK",
    )
    assert bloc.signature(deputy=False) == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    assert bloc.signature(deputy=True) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")

    # A grassroots committee issues as its Đảng ủy; without a standing committee it signs
    # for the Đảng ủy, with one for the Ban Thường vụ.
    finance = issuer_of(world.finance, on=day)
    assert (finance.superior, finance.body, finance.symbol) == (
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
        "ĐẢNG ỦY SỞ TÀI CHÍNH",
        "ĐU",
    )
    assert finance.signature(deputy=False) == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    _position(world.finance, world.an, LeadershipPosition.Post.STANDING_COMMITTEE)
    assert issuer_of(world.finance, on=day).signature(deputy=True) == (
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
    )
    # ... on the days the standing committee existed.
    assert issuer_of(world.finance, on=D(2025, 1, 1)).authority == "T/M ĐẢNG ỦY"

    cell = issuer_of(world.inspectorate, on=day)
    assert (cell.superior, cell.body, cell.symbol, cell.signature(deputy=False)) == (
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
        "CHI BỘ THANH TRA TỈNH",
        "CB",
        ("T/M CHI BỘ", "BÍ THƯ"),
    )
    subordinate = issuer_of(world.finance_office, on=day)
    assert subordinate.superior == "ĐẢNG BỘ SỞ TÀI CHÍNH"
    assert subordinate.signature(deputy=True) == ("T/M CHI BỘ", "PHÓ BÍ THƯ")

    committee = issuer_of(world.bloc, body=Body.INSPECTION_COMMITTEE, on=day)
    assert (committee.superior, committee.body, committee.symbol) == (
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        "ỦY BAN KIỂM TRA",
        "UBKTĐUK",
    )
    assert committee.signature(deputy=False) == ("T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM")
    assert committee.number(DocumentKind.NOTICE, 7) == "07-TB/UBKTĐUK"


# The report's PDF, element by element ------------------------------------------------------


NARRATIVE = {
    "political_tasks": "Các cấp ủy bám sát nhiệm vụ chính trị của cơ quan, đơn vị.",
    "tasks": "Tiếp tục nâng cao chất lượng sinh hoạt chi bộ.",
}


def _letterhead(organization, *, number="45-BC/ĐUK", day=ISSUED_ON, deputy=False):
    return Letterhead(
        issuer=issuer_of(organization, on=day),
        number=number,
        issued_on=day,
        place="Ninh Thuận",
        signer_name="Hồ Văn Hùng",
        deputy=deputy,
        recipients=["Ban Thường vụ Tỉnh ủy", "Lưu Văn phòng"],
    )


def _report_pdf(world, narrative=NARRATIVE, **letterhead) -> bytes:
    figures = compute_figures(world.bloc, Period.parse("2026H1"))
    context = report_context(figures, narrative, _letterhead(world.bloc, **letterhead))
    return render_report_pdf(context)


def _lines(page):
    """The page's text lines: (text, size, bold, italic, top, x0, x1) per run of one style."""
    rows = []
    for line in page.extract_text_lines(return_chars=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        sizes = Counter(round(c["size"], 1) for c in chars)
        fonts = Counter(c["fontname"] for c in chars)
        font = fonts.most_common(1)[0][0]
        rows.append(
            {
                "text": line["text"],
                "size": sizes.most_common(1)[0][0],
                "bold": "Bold" in font,
                "italic": "Italic" in font,
                "top": line["top"],
                "x0": line["x0"],
                "x1": line["x1"],
            }
        )
    return rows


def _find(rows, text):
    found = [row for row in rows if text in row["text"]]
    assert found, f"{text!r} not on the page: {[row['text'] for row in rows]}"
    return found[0]


def test_each_header_element_has_the_guides_size_and_style(world):
    with pdfplumber.open(io.BytesIO(_report_pdf(world))) as pdf:
        page = pdf.pages[0]
        rows = _lines(page)
        # Two columns side by side share lines: split them at the middle of the text area.
        middle = (page.width + 30 * 72 / 25.4 - 15 * 72 / 25.4) / 2
        left = _lines(page.crop((0, 0, middle, 200)))
        right = _lines(page.crop((middle, 0, page.width, 200)))

        party = _find(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
        assert (party["size"], party["bold"], party["italic"]) == (15, True, False)
        # The line under it, as long as the words.
        under = [
            edge for edge in page.horizontal_edges if party["top"] < edge["top"] < party["top"] + 25
        ]
        assert under, "no line under ĐẢNG CỘNG SẢN VIỆT NAM"
        assert abs(under[0]["x0"] - party["x0"]) < 3 and abs(under[0]["x1"] - party["x1"]) < 3

        superior = _find(left, "ĐẢNG BỘ TỈNH NINH THUẬN")
        assert (superior["size"], superior["bold"]) == (14, False)
        for text in ("ĐẢNG ỦY KHỐI", "CÁC CƠ QUAN TỈNH"):  # the issuer, broken after its words
            issuer = _find(left, text)
            assert (issuer["size"], issuer["bold"]) == (14, True)
        number = _find(left, "Số 45-BC/ĐUK")
        assert (number["size"], number["bold"]) == (14, False)
        date = _find(right, "Ninh Thuận, ngày 15 tháng 7 năm 2026")
        assert (date["size"], date["italic"], date["bold"]) == (14, True, False)

        title = _find(rows, "BÁO CÁO")
        assert title["bold"] and 15 <= title["size"] <= 16
        subtitle = _find(rows, "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2026")
        assert (subtitle["size"], subtitle["bold"]) == (14, True)
        body = _find(rows, "Các cấp ủy bám sát nhiệm vụ chính trị")
        assert (body["size"], body["bold"], body["italic"]) == (14, False, False)
        opening = _find(rows, "Thực hiện chương trình công tác năm 2026")
        assert opening["size"] == 14
        # The statistics are not in the body: the appendix holds them, after the signature.
        assert not any("Biểu 1" in row["text"] for row in rows)
        last = pdf.pages[-1].extract_text()
        assert "PHỤ LỤC" in " ".join(page.extract_text() for page in pdf.pages[1:])
        assert "Cùng kỳ năm 2025" in " ".join(last.split()) or "Cùng kỳ" in last


def test_the_signature_block_is_never_alone_on_its_page(world):
    """However long the text, the page with the signature also holds the text's last lines."""
    filler = "Các cấp ủy tiếp tục quán triệt, triển khai thực hiện nghị quyết của cấp trên. " * 3
    for count in range(8, 17):
        narrative = {
            **NARRATIVE,
            "lessons": "\n".join(f"{index}. {filler}" for index in range(count)),
            "tasks": "Tiếp tục nâng cao chất lượng sinh hoạt chi bộ.\nKết thúc đoạn cuối.",
        }
        with pdfplumber.open(io.BytesIO(_report_pdf(world, narrative))) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
        signed = next(index for index, text in enumerate(pages) if "T/M BAN THƯỜNG VỤ" in text)
        assert "Kết thúc đoạn cuối." in pages[signed], count
        assert "Hồ Văn Hùng" in pages[signed], count


def test_the_docx_has_heading_styles_page_numbers_vietnamese_and_the_pdfs_sizes(world):
    figures = compute_figures(world.bloc, Period.parse("2025"))
    docx = render_report_docx(report_context(figures, NARRATIVE, _letterhead(world.bloc)))
    document = Document(io.BytesIO(docx))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Title"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "I. KẾT QUẢ THỰC HIỆN NĂM 2025" and "PHỤ LỤC" in headings
    # Vietnamese as the text's language, in the defaults and in the styles.
    xml = document.styles.element.xml
    assert 'w:val="vi-VN"' in xml and "en-US" not in xml
    # The page number: a PAGE field in the header, not on the first page.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    # The header's sizes are the PDF's.
    left, right = document.tables[0].rows[0].cells
    sizes = {run.text: (run.font.size.pt, run.bold) for p in left.paragraphs for run in p.runs}
    assert sizes["ĐẢNG BỘ TỈNH NINH THUẬN"] == (14, False)
    assert sizes["ĐẢNG ỦY KHỐI\nCÁC CƠ QUAN TỈNH"] == (14, True)
    party = right.paragraphs[0].runs[0]
    assert (party.text, party.font.size.pt, party.bold) == ("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True)
    date = right.paragraphs[1].runs[0]
    assert (date.font.size.pt, date.italic) == (14, True)
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].font.size.pt == 16 and title.runs[0].bold
    # "Nơi nhận:" bold, italic, underlined; the signature block kept on one page.
    recipients, signer = document.tables[1].rows[0].cells
    label = recipients.paragraphs[0].runs[0]
    assert label.text == "Nơi nhận:" and (label.bold, label.italic, label.underline) == (
        True,
        True,
        True,
    )
    assert [p.text for p in signer.paragraphs if p.text][:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert all(p.paragraph_format.keep_with_next for p in signer.paragraphs)
    closing = [p for p in document.paragraphs if p.text.startswith("Tiếp tục nâng cao")]
    assert closing[-1].paragraph_format.keep_with_next


# The register --------------------------------------------------------------------------------


def _printer(letterhead: Letterhead) -> Printed:
    return Printed(pdf=f"%PDF-1.7 {letterhead.number}".encode(), content={"n": letterhead.number})


def _issue(world, *, organization=None, kind=DocumentKind.REPORT, day=REGISTERED_ON, **kwargs):
    return registry.issue_document(
        organization=organization or world.bloc,
        kind=kind,
        issued_on=day,
        place="Ninh Thuận",
        subject="Sơ kết",
        signer_name="Hồ Văn Hùng",
        recipients=["Lưu Văn phòng"],
        render=_printer,
        by=world.office,
        **kwargs,
    )


def test_numbers_run_per_issuing_body_and_year_across_kinds(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    numbers = [
        _issue(world).number,
        _issue(world, kind=DocumentKind.NOTICE).number,
        _issue(world, kind=DocumentKind.PLAN).number,
        _issue(world, body=Body.INSPECTION_COMMITTEE, kind=DocumentKind.DECISION).number,
        _issue(world, organization=world.finance).number,
        _issue(world, day=D(2027, 1, 4)).number,
    ]
    assert numbers == [
        "01-BC/ĐUK",
        "02-TB/ĐUK",
        "03-KH/ĐUK",
        "01-QĐ/UBKTĐUK",
        "01-BC/ĐU",
        "01-BC/ĐUK",  # a new year starts again
    ]
    # A renderer that fails takes no number: the next one is still consecutive.
    with pytest.raises(RuntimeError):
        registry.issue_document(
            organization=world.bloc,
            kind=DocumentKind.REPORT,
            issued_on=D(2026, 3, 3),
            place="Ninh Thuận",
            subject="x",
            signer_name="Hồ Văn Hùng",
            recipients=[],
            render=lambda letterhead: (_ for _ in ()).throw(RuntimeError("printer jammed")),
            by=world.office,
        )
    assert _issue(world).number == "04-BC/ĐUK"


def test_a_correction_is_a_new_version_and_the_issued_one_stays_byte_for_byte(
    world, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    first = _issue(world)
    with first.pdf.open("rb") as handle:
        issued = handle.read()
    second = registry.correct_document(
        first,
        render=lambda letterhead: Printed(pdf=b"%PDF corrected " + letterhead.number.encode()),
        by=world.office,
        deputy=True,
    )
    assert (second.number, second.version, second.issued_on) == (first.number, 2, first.issued_on)
    assert second.signer_post == "PHÓ BÍ THƯ" and second.supersedes == first
    first.refresh_from_db()
    with first.pdf.open("rb") as handle:
        assert handle.read() == issued
    assert first.fingerprint == hashlib.sha256(issued).hexdigest()
    with pytest.raises(Exception, match="đã được đính chính"):
        registry.correct_document(first, render=_printer, by=world.office)
    assert list(IssuedDocument.objects.current()) == [second]


def test_the_register_page_is_the_offices_and_scoped_with_its_excel_copy(
    world, as_user, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    bloc_report = _issue(world)
    finance_report = _issue(world, organization=world.finance)
    url = reverse("registry:list")
    page = as_user(world.office).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for shown in ("01-BC/ĐUK", "01-BC/ĐU", "02/03/2026", "Sơ kết", "Hồ Văn Hùng", "Lưu Văn phòng"):
        assert shown in text
    # A committee's staff keep their committee's register only.
    page = as_user(world.finance_staff).get(url)
    assert list(page.context["page"]) == [finance_report]
    assert (
        as_user(world.finance_staff).get(reverse("registry:pdf", args=[bloc_report.pk])).status_code
        == 404
    )
    for user in (world.finance_office_secretary, world.outsider):
        assert as_user(user).get(url).status_code == 403
        # A document outside the register one keeps does not exist for them (it answered 403).
        pdf = reverse("registry:pdf", args=[bloc_report.pk])
        assert as_user(user).get(pdf).status_code == 404
    download = as_user(world.office).get(reverse("registry:pdf", args=[bloc_report.pk]))
    assert b"".join(download.streaming_content) == "%PDF-1.7 01-BC/ĐUK".encode()

    export = as_user(world.office).get(reverse("registry:export") + "?year=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Số và ký hiệu",
        "Ngày",
        "Trích yếu",
        "Cơ quan ban hành",
        "Người ký",
        "Nơi nhận",
    )
    assert {row[0] for row in rows[1:]} == {"01-BC/ĐUK", "01-BC/ĐU"}
    assert rows[1][1].date() == REGISTERED_ON


@pytest.mark.django_db(transaction=True)
def test_fifty_documents_issued_at_once_take_fifty_consecutive_numbers(world, settings, tmp_path):
    """Fifty requests at the same moment, each on its own connection: the locked counter row
    gives 01…50, no gap, no number twice (PostgreSQL; SQLite writes one at a time anyway)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are PostgreSQL's")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    start = threading.Barrier(50)
    errors = []

    def issue():
        try:
            start.wait(timeout=60)
            _issue(world)
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    numbers = sorted(IssuedDocument.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, 51))
    assert IssuedDocument.objects.values("number").distinct().count() == 50
