"""The report as PDF and .docx: the party header, the number, the figures with their
Vietnamese diacritics and number format, the shipped font, and the same figures in Word."""

import datetime
import io
import subprocess

import pytest
from docx import Document

from members.year.models import Target, TargetGroup
from partybloc.registry.issuers import issuer_of
from partybloc.registry.services import Letterhead
from reports.figures import Period, compute_figures
from reports.rendering import (
    bar_chart_svg,
    fill_placeholders,
    render_report_docx,
    render_report_pdf,
    report_context,
)
from tests.conftest import make_member

pytestmark = pytest.mark.django_db
D = datetime.date

NARRATIVE = {
    "political_tasks": "Các cấp ủy bám sát nhiệm vụ chính trị của cơ quan, đơn vị.",
    "organization": (
        "Toàn Đảng bộ có [[organizations_grassroots]] tổ chức cơ sở đảng với "
        "[[members_active]] đảng viên (cùng kỳ [[members_active.previous]]).\n"
        "Kết nạp [[members_admitted]] đảng viên mới, đạt [[admissions_target_share]] chỉ tiêu."
    ),
    "limitations": "Việc cụ thể hóa nghị quyết còn chậm, lúng túng; [[no_such_figure]].",
    "tasks": "Tiếp tục nâng cao chất lượng sinh hoạt chi bộ.",
}


@pytest.fixture
def context(world):
    for index in range(3):
        make_member(
            world.finance_office,
            f"Lương Thị Ngọc {index}",
            gender="female",
            born=D(1999, 1, 5),
            admitted=D(2026, 2, 1 + index),
            official=None,
            youth_union_member=True,
        )
    group = TargetGroup.objects.create(year=2026, order=1, name="Phát triển đảng viên")
    Target.objects.create(
        group=group, name="Kết nạp", measure=Target.Measure.MEMBERS_ADMITTED, target_value=4
    )
    figures = compute_figures(world.bloc, Period.parse("2026H1"))
    return report_context(figures, NARRATIVE, letterhead(world.bloc, "12-BC/ĐUK", D(2026, 7, 15)))


def letterhead(organization, number, day, *, deputy=False):
    return Letterhead(
        issuer=issuer_of(organization, on=day),
        number=number,
        issued_on=day,
        place="Ninh Thuận",
        signer_name="Hồ Văn Hùng",
        deputy=deputy,
        recipients=["Ban Thường vụ Tỉnh ủy", "Lưu Văn phòng"],
    )


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_placeholders_are_replaced_by_formatted_figures(context):
    organization = next(
        area for area in context["areas"] if area["heading"].startswith("Công tác xây")
    )
    assert organization["paragraphs"][0] == (
        "Toàn Đảng bộ có 3 tổ chức cơ sở đảng với 8 đảng viên (cùng kỳ 5)."
    )
    assert organization["paragraphs"][1] == "Kết nạp 3 đảng viên mới, đạt 75,0% chỉ tiêu."
    limitations = context["sections"][0]["paragraphs"][0]
    assert "[[no_such_figure]]" in limitations  # left as written for the writer to see


def test_the_pdf_reads_like_a_party_report(context, tmp_path):
    text = pdf_text(render_report_pdf(context), tmp_path)
    words = " ".join(text.split())  # a justified line spreads its words
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG ỦY KHỐI\n" in text and "CÁC CƠ QUAN TỈNH" in text
    assert "Số 12-BC/ĐUK" in text
    assert "Ninh Thuận, ngày 15 tháng 7 năm 2026" in text
    assert "BÁO CÁO" in text
    assert "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2026" in text
    assert "với 8 đảng viên (cùng kỳ 5)" in text
    assert "đạt 75,0% chỉ tiêu" in text
    assert "Việc cụ thể hóa nghị quyết còn chậm, lúng túng" in words  # diacritics intact
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026" in text
    assert "T/M BAN THƯỜNG VỤ" in text and "Hồ Văn Hùng" in text
    assert "Nơi nhận" in text and "Lưu Văn phòng" in text
    pages = text.split("\f")
    # The page number at the top of every page but the first.
    assert not pages[0].strip().startswith("1")
    assert pages[1].strip().startswith("2")


def test_the_pdf_embeds_the_shipped_serif_and_no_other_font(context, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_report_pdf(context))
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        # The @font-face family of documents/party_document.html: static/fonts/Liberation*.ttf.
        assert line.split()[0].split("+")[-1].startswith("Party-Serif"), line
        assert " yes " in line  # embedded


def test_the_docx_holds_the_same_headings_and_figures(context):
    document = Document(io.BytesIO(render_report_docx(context)))
    paragraphs = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "BÁO CÁO" in paragraphs
    assert "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2026" in paragraphs
    assert "Toàn Đảng bộ có 3 tổ chức cơ sở đảng với 8 đảng viên (cùng kỳ 5)." in paragraphs
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    header = document.tables[0].rows[0].cells
    assert "Số 12-BC/ĐUK" in header[0].text and "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    rows = {
        row.cells[0].text: (row.cells[1].text, row.cells[2].text)
        for table in document.tables[2:]
        for row in table.rows
    }
    assert rows["Tổng số đảng viên"] == ("8", "5")
    assert rows["Kết nạp đảng viên mới"] == ("3", "0")
    assert rows["Kết nạp so với chỉ tiêu"][0] == "75,0%"
    assert any("Hồ Văn Hùng" in cell for cell in cells)


def test_a_chart_is_plain_svg_with_escaped_labels():
    svg = bar_chart_svg([("A & B", 2305, 2000)], title="<Đảng viên>", legend=("2026", "2025"))
    assert svg.startswith("<svg") and "<script" not in svg
    assert "A &amp; B" in svg and "&lt;Đảng viên&gt;" in svg and "2.305" in svg


def test_fill_placeholders_takes_spaces_inside_the_brackets(context):
    figures = context["figures"]
    assert fill_placeholders("[[ members_active ]] / [[members_active.previous]]", figures) == (
        "8 / 5"
    )


def test_word_tables_repeat_their_header_and_keep_rows_whole(context):
    document = Document(io.BytesIO(render_report_docx(context)))
    figures_table = document.tables[2]
    first, second = figures_table.rows[0]._tr, figures_table.rows[1]._tr
    assert first.xpath("./w:trPr/w:tblHeader") and not second.xpath("./w:trPr/w:tblHeader")
    assert second.xpath("./w:trPr/w:cantSplit")


def test_a_grassroots_organizations_report_is_issued_under_the_bloc(world):
    figures = compute_figures(world.finance, Period.parse("2025"))
    context = report_context(figures, {}, letterhead(world.finance, "03-BC/ĐU", D(2026, 1, 5)))
    assert context["superior"] == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
    assert context["issuer"] == "ĐẢNG ỦY SỞ TÀI CHÍNH"
    assert context["signature"] == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert context["subtitle"] == "Tổng kết công tác xây dựng Đảng năm 2025"
    assert context["sections"][-1]["heading"] == "Phương hướng, nhiệm vụ năm 2026"
