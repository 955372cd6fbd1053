"""The report as a party document: figures and the staff's narrative into one context, then
PDF (WeasyPrint, the shipped Noto Serif) or .docx (python-docx) from that same context.

Narrative placeholders: ``[[figure_key]]`` is replaced by the figure's formatted value
(2.305; 93,0%) and ``[[figure_key.previous]]`` by the same figure a year earlier. Double
square brackets are not Django template syntax and survive a copy through Word; an unknown
key is left as written so the writer sees it in the draft."""

import datetime
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from partybloc.documents import render_pdf, vietnamese_date_line
from reports import outline
from reports.figures import Figures, Period, compute_figures, format_number, format_percent
from reports.outline import LABELS, TABLES

PLACEHOLDER = re.compile(r"\[\[\s*([a-z0-9_]+)(\.previous)?\s*\]\]")


def fill_placeholders(text: str, figures: Figures) -> str:
    """Replace [[key]] and [[key.previous]] with the figures, formatted the Vietnamese way."""

    def replace(match):
        figure = figures.items.get(match.group(1))
        if figure is None:
            return match.group(0)
        return figure.previous_formatted if match.group(2) else figure.formatted

    return PLACEHOLDER.sub(replace, text or "")


def paragraphs(text: str, figures: Figures) -> list[str]:
    filled = fill_placeholders(text, figures)
    return [line.strip() for line in filled.splitlines() if line.strip()]


def _table(caption: str, keys: list[str], figures: Figures) -> dict | None:
    rows = [
        {
            "label": LABELS[key],
            "value": figures[key].formatted,
            "previous": figures[key].previous_formatted,
            "link": figures[key].link,
        }
        for key in keys
        if key in figures and figures[key].applicable
    ]
    return {"caption": caption, "rows": rows} if rows else None


def bar_chart_svg(
    bars: list[tuple[str, float | int | None, float | int | None]],
    *,
    title: str,
    legend: tuple[str, str],
    width: int = 480,
) -> str:
    """A horizontal bar chart as inline SVG, drawn on the server: for each label a dark bar
    (this period) and a light one (the comparison). No script, so it prints."""
    label_width, value_width, bar_height, gap = 170, 60, 12, 10
    row_height = bar_height * 2 + gap
    top = 30
    height = top + row_height * len(bars) + 8
    largest = max([value or 0 for _label, *values in bars for value in values] + [1])
    scale = (width - label_width - value_width) / largest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Party Serif, serif" font-size="10">',
        f'<text x="0" y="12" font-weight="bold">{escape(title)}</text>',
        f'<rect x="{label_width}" y="18" width="10" height="8" fill="#1f3b73"/>'
        f'<text x="{label_width + 14}" y="26">{escape(legend[0])}</text>'
        f'<rect x="{label_width + 120}" y="18" width="10" height="8" fill="#a9b8d6"/>'
        f'<text x="{label_width + 134}" y="26">{escape(legend[1])}</text>',
    ]
    for index, (label, value, other) in enumerate(bars):
        y = top + index * row_height
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height + 4}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        for offset, amount, colour in ((0, value, "#1f3b73"), (bar_height, other, "#a9b8d6")):
            length = max((amount or 0) * scale, 0)
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length:.1f}" '
                f'height="{bar_height - 1}" fill="{colour}"/>'
                f'<text x="{label_width + length + 4:.1f}" y="{y + offset + bar_height - 2}">'
                f"{escape(format_number(amount))}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped above


def _charts(figures: Figures) -> list[str]:
    previous_label = f"Cùng kỳ {figures.period.previous().label}"
    charts = [
        bar_chart_svg(
            [
                (LABELS[key], figures[key].value, figures[key].previous)
                for key in ("members_official", "members_probationary", "members_exempt")
            ],
            title="Đảng viên theo tình trạng (đến cuối kỳ)",
            legend=(figures.period.label.capitalize(), previous_label),
        )
    ]
    if "admissions_target" in figures:
        charts.append(
            bar_chart_svg(
                [
                    ("Chỉ tiêu kết nạp", figures["admissions_target"].value, None),
                    (
                        "Đã kết nạp",
                        figures["members_admitted"].value,
                        figures["members_admitted"].previous,
                    ),
                    (
                        "Trong đó đoàn viên",
                        figures["members_admitted_youth"].value,
                        figures["members_admitted_youth"].previous,
                    ),
                ],
                title="Kết nạp đảng viên so với chỉ tiêu",
                legend=(figures.period.label.capitalize(), previous_label),
            )
        )
    return charts


def _headers(figures: Figures) -> tuple[str, str]:
    """The superior body and the issuing body of the header's left block."""
    scope = figures.scope
    if scope.parent_id is None:
        return (
            f"ĐẢNG BỘ TỈNH {settings.DOCUMENT_PLACE.upper()}",
            "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        )
    return ("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", scope.name.upper())


def report_context(
    figures: Figures,
    narrative: dict,
    *,
    number: str,
    place: str,
    signed_by: str,
    recipients: list[str],
    day: datetime.date | None = None,
    signer_title: tuple[str, str] = ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
) -> dict:
    """Everything the PDF and the .docx print, already in the document's words and formats."""
    period = figures.period
    superior, issuer = _headers(figures)
    kind = "Tổng kết" if period.is_annual else "Sơ kết"
    areas, sections = [], []
    for section in outline.sections(period):
        printed = {
            "key": section.key,
            "number": section.number,
            "heading": section.heading,
            "paragraphs": paragraphs(narrative.get(section.key, ""), figures),
        }
        if not section.is_result_area:
            sections.append(printed)
            continue
        tables = [_table(caption, keys, figures) for caption, keys in TABLES.get(section.key, [])]
        printed["tables"] = [table for table in tables if table]
        is_organization = section.key == outline.ORGANIZATION_SECTION
        printed["charts"] = _charts(figures) if is_organization else []
        if is_organization and figures.member_ratings:
            printed["ratings"] = [
                {
                    "label": row["label"],
                    "count": format_number(row["count"]),
                    "share": format_percent(row["share"]),
                }
                for row in figures.member_ratings
            ]
        areas.append(printed)
    day = day or timezone.localdate()
    figure_heads = [
        head.format(period=period.label.capitalize(), previous=period.previous().label)
        for head in outline.FIGURE_HEADS
    ]
    return {
        "superior": superior,
        "issuer": issuer,
        "number": f"Số {number}",
        "date_line": vietnamese_date_line(place, day),
        "title": "BÁO CÁO",
        "subtitle": f"{kind} công tác xây dựng Đảng {period.label}",
        "results_number": f"{outline.RESULTS_NUMBER}.",
        "results_heading": outline.results_heading(period).upper(),
        "areas": areas,
        "sections": sections,
        "figure_heads": figure_heads,
        "ratings_caption": outline.RATINGS_CAPTION,
        "ratings_heads": outline.RATINGS_HEADS,
        "signer_title": signer_title,
        "signed_by": signed_by,
        "recipients": recipients,
        "figures": figures,
    }


@dataclass
class RenderedReport:
    pdf: bytes
    docx: bytes
    # The figures as printed, each with the link to the records behind it (for the report's
    # page).
    figures: list[dict]


def render_report(report, *, day: datetime.date | None = None) -> RenderedReport:
    """A report as PDF and .docx, with its figures as of the period's end and the narrative
    as it stands: a plain function a job, a command or a test calls."""
    figures = compute_figures(report.scope, Period.parse(report.period))
    context = report_context(
        figures,
        {key: report.narrative.get(key, "") for key in outline.NARRATIVE_KEYS},
        number=report.number or "…-BC/ĐUK",
        place=report.place,
        signed_by=report.signed_by,
        recipients=[line.strip() for line in report.recipients.splitlines() if line.strip()],
        day=day,
    )
    shown = [
        {
            "key": key,
            "label": LABELS.get(key, key),
            "value": figure.formatted,
            "previous": figure.previous_formatted,
            "link": figure.link,
        }
        for key, figure in figures.items.items()
        if figure.applicable and key in LABELS
    ]
    return RenderedReport(
        pdf=render_report_pdf(context), docx=render_report_docx(context), figures=shown
    )


def render_report_pdf(context: dict) -> bytes:
    return render_pdf("reports/report_document.html", context)


# Word ---------------------------------------------------------------------------------------


def _docx_font(run, *, size=13, bold=False, italic=False, underline=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")


def _docx_paragraph(container, text, *, align=None, indent=False, **font):
    from docx.shared import Mm

    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    _docx_font(paragraph.add_run(text), **font)
    return paragraph


def _docx_keep_table_readable(table):
    """Repeat the header row on each page and never split a row across pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        if index == 0:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            properties.append(header)
        no_split = OxmlElement("w:cantSplit")
        no_split.set(qn("w:val"), "true")
        properties.append(no_split)


def render_report_docx(context: dict) -> bytes:
    """The same report as .docx for editing in Word: headings, paragraphs, figure tables."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].alignment = center
    _docx_font(left.paragraphs[0].add_run(context["superior"]))
    _docx_paragraph(left, context["issuer"], align=center, bold=True)
    _docx_paragraph(left, "*", align=center)
    _docx_paragraph(left, context["number"], align=center)
    right.paragraphs[0].alignment = center
    _docx_font(right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM"), bold=True, underline=True)
    _docx_paragraph(right, context["date_line"], align=center, italic=True)

    _docx_paragraph(document, context["title"], align=center, size=15, bold=True)
    _docx_paragraph(document, context["subtitle"], align=center, bold=True)
    _docx_paragraph(
        document, f"{context['results_number']} {context['results_heading']}", bold=True
    )
    for area in context["areas"]:
        _docx_paragraph(document, f"{area['number']} {area['heading']}", bold=True)
        for text in area["paragraphs"]:
            _docx_paragraph(document, text, align=justify, indent=True)
        for table in area["tables"]:
            _docx_paragraph(document, table["caption"], italic=True, size=12)
            grid = document.add_table(rows=1, cols=3)
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, context["figure_heads"], strict=True):
                cell.paragraphs[0].alignment = center
                _docx_font(cell.paragraphs[0].add_run(text), size=12, bold=True)
            for row in table["rows"]:
                cells = grid.add_row().cells
                _docx_font(cells[0].paragraphs[0].add_run(row["label"]), size=12)
                for cell, text in ((cells[1], row["value"]), (cells[2], row["previous"])):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    _docx_font(cell.paragraphs[0].add_run(text), size=12)
            _docx_keep_table_readable(grid)
        if area.get("ratings"):
            _docx_paragraph(document, context["ratings_caption"], italic=True, size=12)
            grid = document.add_table(rows=1, cols=3)
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, context["ratings_heads"], strict=True):
                _docx_font(cell.paragraphs[0].add_run(text), size=12, bold=True)
            for row in area["ratings"]:
                cells = grid.add_row().cells
                for cell, text in zip(
                    cells, (row["label"], row["count"], row["share"]), strict=True
                ):
                    _docx_font(cell.paragraphs[0].add_run(text), size=12)
            _docx_keep_table_readable(grid)
    for section_ in context["sections"]:
        _docx_paragraph(document, f"{section_['number']} {section_['heading'].upper()}", bold=True)
        for text in section_["paragraphs"]:
            _docx_paragraph(document, text, align=justify, indent=True)

    signature = document.add_table(rows=1, cols=2)
    recipients, signer = signature.rows[0].cells
    _docx_font(recipients.paragraphs[0].add_run("Nơi nhận:"), size=12, bold=True, italic=True)
    for index, line in enumerate(context["recipients"], start=1):
        end = "." if index == len(context["recipients"]) else ","
        _docx_paragraph(recipients, f"- {line}{end}", size=11)
    signer.paragraphs[0].alignment = center
    _docx_font(signer.paragraphs[0].add_run(context["signer_title"][0]), bold=True)
    _docx_paragraph(signer, context["signer_title"][1], align=center, bold=True)
    _docx_paragraph(signer, "", align=center)
    _docx_paragraph(signer, "", align=center)
    _docx_paragraph(signer, context["signed_by"], align=center, bold=True)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
