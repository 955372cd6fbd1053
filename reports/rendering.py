"""The report as a party document: figures and the staff's narrative into one context, then
PDF (WeasyPrint, the shipped Liberation Serif) or .docx (python-docx) from that same context.

Narrative placeholders: ``[[figure_key]]`` is replaced by the figure's formatted value
(2.305; 93,0%) and ``[[figure_key.previous]]`` by the same figure a year earlier. Double
square brackets are not Django template syntax and survive a copy through Word; an unknown
key is left as written so the writer sees it in the draft."""

import datetime
import io
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from members.year.models import Target
from partybloc.documents import header_lines, render_pdf
from partybloc.registry.choices import DocumentKind
from partybloc.registry.issuers import issuer_of
from partybloc.registry.services import Letterhead
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
    previous_label = outline.comparison_label(figures.period)
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


def _target_value(target) -> str:
    value = target.target_value.normalize()
    text = f"{value:f}".replace(".", ",")
    return f"{text}%" if target.is_percent else text


def _targets(period: Period) -> list[str]:
    """The bloc's targets for the period that follows (the next year after an annual report,
    the rest of this year after a semi-annual one), as the tasks part lists them."""
    year = period.year + 1 if period.is_annual else period.year
    return [
        f"{target.group.name}: {target.name} {_target_value(target)}."
        for target in Target.objects.filter(group__year=year).select_related("group")
    ]


def _opening(letterhead: Letterhead, period: Period, instruction: str) -> str:
    kind = "tổng kết" if period.is_annual else "sơ kết"
    basis = instruction.strip().rstrip(".") or f"chương trình công tác năm {period.year}"
    return (
        f"Thực hiện {basis}, {letterhead.issuer.name} báo cáo {kind} công tác xây dựng Đảng "
        f"{period.label} và phương hướng, nhiệm vụ {outline.next_period_label(period)} như sau:"
    )


def draft_letterhead(report, *, on: datetime.date | None = None) -> Letterhead:
    """The letterhead of a draft: the issuer and signer as they will be, the number left open
    ("Số    -BC/ĐUK") until the register gives it on issuing."""
    day = report.issued_on or on or timezone.localdate()
    issuer = issuer_of(report.scope, on=day)
    return Letterhead(
        issuer=issuer,
        number=f"     -{DocumentKind.REPORT}/{issuer.symbol}",
        issued_on=day,
        place=report.place,
        signer_name=report.signed_by,
        deputy=report.signer_is_deputy,
        recipients=report.recipient_list,
    )


def report_context(
    figures: Figures,
    narrative: dict,
    letterhead: Letterhead,
    *,
    instruction: str = "",
    draft: bool = False,
) -> dict:
    """Everything the PDF and the .docx print, already in the document's words and formats:
    the narrative with its key figures in the body, the statistics in the appendix."""
    period = figures.period
    kind = "Tổng kết" if period.is_annual else "Sơ kết"
    areas, sections, appendix = [], [], []
    for section in outline.sections(period):
        printed = {
            "key": section.key,
            "number": section.number,
            "heading": section.heading,
            "paragraphs": paragraphs(narrative.get(section.key, ""), figures),
        }
        if not section.is_result_area:
            if section.key == outline.TASKS_SECTION:
                printed["targets"] = _targets(period)
            sections.append(printed)
            continue
        areas.append(printed)
        tables = [_table(caption, keys, figures) for caption, keys in TABLES.get(section.key, [])]
        appendix.extend(table for table in tables if table)
    ratings = [
        {
            "label": row["label"],
            "count": format_number(row["count"]),
            "share": format_percent(row["share"]),
        }
        for row in figures.member_ratings or []
    ]
    figure_heads = [
        head.format(period=period.label.capitalize(), previous=outline.comparison_label(period))
        for head in outline.FIGURE_HEADS
    ]
    return {
        "superior": letterhead.issuer.superior,
        "issuer": letterhead.issuer.body,
        "number": letterhead.printed_number,
        "date_line": letterhead.date_line,
        "draft": draft,
        "title": "BÁO CÁO",
        "subtitle": f"{kind} công tác xây dựng Đảng {period.label}",
        "opening": _opening(letterhead, period, instruction),
        "results_number": f"{outline.RESULTS_NUMBER}.",
        "results_heading": outline.results_heading(period).upper(),
        "areas": areas,
        "sections": sections,
        "appendix_title": outline.APPENDIX_TITLE,
        "appendix_subtitle": outline.APPENDIX_SUBTITLE.format(
            number=letterhead.number, date=letterhead.issued_on.strftime("%d/%m/%Y")
        ),
        "appendix": appendix,
        "ratings": ratings,
        "charts": _charts(figures),
        "figure_heads": figure_heads,
        "ratings_caption": outline.RATINGS_CAPTION,
        "ratings_heads": outline.RATINGS_HEADS,
        "signature": letterhead.signature,
        "signed_by": letterhead.signer_name,
        "recipients": letterhead.recipients,
        "figures": figures,
    }


@dataclass
class RenderedReport:
    pdf: bytes
    docx: bytes
    # The figures as printed, each with the link to the records behind it (for the report's
    # page).
    figures: list[dict]


def shown_figures(figures: Figures) -> list[dict]:
    return [
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


def render_report(report, *, letterhead: Letterhead | None = None) -> RenderedReport:
    """A report as PDF and .docx, with its figures as of the period's end and the narrative
    as it stands: a plain function a job, a command or a test calls. Without a letterhead
    from the register it prints as a draft."""
    figures = compute_figures(report.scope, Period.parse(report.period))
    context = report_context(
        figures,
        {key: report.narrative.get(key, "") for key in outline.NARRATIVE_KEYS},
        letterhead or draft_letterhead(report),
        instruction=report.instruction,
        draft=letterhead is None,
    )
    return RenderedReport(
        pdf=render_report_pdf(context),
        docx=render_report_docx(context),
        figures=shown_figures(figures),
    )


def render_report_pdf(context: dict) -> bytes:
    return render_pdf("reports/report_document.html", context)


# Word ---------------------------------------------------------------------------------------

# The sizes of the PDF's header and body (templates/documents/party_document.html), in points.
SIZES = {"body": 14, "party": 15, "title": 16, "recipients": 12, "list": 12, "table": 12}
LANGUAGE = "vi-VN"
FONT = "Times New Roman"


def _docx_font(run, *, size=SIZES["body"], bold=False, italic=False, underline=False):
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline


def _docx_paragraph(
    container, text, *, align=None, indent=False, style=None, keep_with_next=False, **font
):
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.paragraph_format.keep_with_next = keep_with_next or None
    _docx_font(paragraph.add_run(text), **font)
    return paragraph


def _docx_set_fonts(properties, *, language: str = LANGUAGE) -> None:
    """Times New Roman for every script and Vietnamese as the language of the text, so that
    Word checks the spelling in Vietnamese; `properties` is a w:rPr element."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)  # a theme font would win over the face
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)
    properties.append(lang)


def _docx_styles(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    # The document's defaults (docDefaults) and every style used: one face, one language.
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _docx_set_fonts(defaults)
    normal = styles["Normal"]
    normal.font.size = Pt(SIZES["body"])
    _docx_set_fonts(normal.element.get_or_add_rPr())
    for name in ("Heading 1", "Heading 2", "Title"):
        style = styles[name]
        style.font.size = Pt(SIZES["title"] if name == "Title" else SIZES["body"])
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.keep_with_next = True
        _docx_set_fonts(style.element.get_or_add_rPr())
    paragraph = styles["Title"].element.get_or_add_pPr()
    border = paragraph.find(qn("w:pBdr"))
    if border is not None:
        paragraph.remove(border)


def _docx_page_numbers(section) -> None:
    """The page number at the top, in the middle, from the second page on (as the PDF)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _docx_font(run)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _docx_line_under(paragraph) -> None:
    """A line under "ĐẢNG CỘNG SẢN VIỆT NAM", as long as the words (the PDF draws the same)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.runs[0]
    properties = run._r.get_or_add_rPr()
    border = OxmlElement("w:bdr")
    for attribute, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1")):
        border.set(qn(attribute), value)
    border.set(qn("w:color"), "000000")
    properties.append(border)


def _docx_keep_table_readable(table, *, keep_together: bool = False):
    """Repeat the header row on each page and never split a row across pages; with
    keep_together, the whole table stays on one page (the signature block)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        if index == 0 and not keep_together:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            properties.append(header)
        no_split = OxmlElement("w:cantSplit")
        no_split.set(qn("w:val"), "true")
        properties.append(no_split)
        if keep_together:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
                    paragraph.paragraph_format.keep_together = True


def _docx_no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _docx_figure_table(document, heads, rows, center, right):
    grid = document.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, heads, strict=True):
        cell.paragraphs[0].alignment = center
        _docx_font(cell.paragraphs[0].add_run(text), size=SIZES["table"], bold=True)
    for row in rows:
        cells = grid.add_row().cells
        _docx_font(cells[0].paragraphs[0].add_run(row[0]), size=SIZES["table"])
        for cell, text in zip(cells[1:], row[1:], strict=True):
            cell.paragraphs[0].alignment = right
            _docx_font(cell.paragraphs[0].add_run(text), size=SIZES["table"])
    _docx_keep_table_readable(grid)
    return grid


def render_report_docx(context: dict) -> bytes:
    """The same report as .docx for editing in Word: the header at the PDF's sizes, the parts
    and sections as Heading 1 and Heading 2 (Word's navigation and table of contents), page
    numbers, Vietnamese as the language, the statistics in the appendix."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    right = WD_ALIGN_PARAGRAPH.RIGHT
    document = Document()
    _docx_styles(document)
    document.core_properties.language = LANGUAGE
    document.core_properties.title = f"{context['title']} {context['subtitle']}"
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    _docx_page_numbers(section)

    header = document.add_table(rows=1, cols=2)
    _docx_no_borders(header)
    left, right_cell = header.rows[0].cells
    left.width, right_cell.width = Mm(72), Mm(93)
    left.paragraphs[0].alignment = center
    _docx_font(left.paragraphs[0].add_run("\n".join(header_lines(context["superior"]))))
    _docx_paragraph(left, "\n".join(header_lines(context["issuer"])), align=center, bold=True)
    _docx_paragraph(left, "*", align=center)
    _docx_paragraph(left, context["number"], align=center)
    right_cell.paragraphs[0].alignment = center
    _docx_font(
        right_cell.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM"), size=SIZES["party"], bold=True
    )
    _docx_line_under(right_cell.paragraphs[0])
    _docx_paragraph(right_cell, context["date_line"], align=center, italic=True)

    _docx_paragraph(
        document, context["title"], align=center, style="Title", size=SIZES["title"], bold=True
    )
    _docx_paragraph(document, context["subtitle"], align=center, bold=True)
    _docx_paragraph(document, context["opening"], align=justify, indent=True)
    _docx_paragraph(
        document,
        f"{context['results_number']} {context['results_heading']}",
        style="Heading 1",
        bold=True,
    )
    for area in context["areas"]:
        _docx_paragraph(
            document, f"{area['number']} {area['heading']}", style="Heading 2", bold=True
        )
        for text in area["paragraphs"]:
            _docx_paragraph(document, text, align=justify, indent=True)
    last = len(context["sections"]) - 1
    for index, section_ in enumerate(context["sections"]):
        _docx_paragraph(
            document,
            f"{section_['number']} {section_['heading'].upper()}",
            style="Heading 1",
            bold=True,
        )
        if section_.get("targets"):
            _docx_paragraph(document, "Các chỉ tiêu chủ yếu:", align=justify, indent=True)
            for target in section_["targets"]:
                _docx_paragraph(document, f"- {target}", align=justify, indent=True)
        for number, text in enumerate(section_["paragraphs"]):
            # The last lines go with the signature block onto its page.
            is_closing = index == last and number == len(section_["paragraphs"]) - 1
            _docx_paragraph(document, text, align=justify, indent=True, keep_with_next=is_closing)

    signature = document.add_table(rows=1, cols=2)
    _docx_no_borders(signature)
    recipients, signer = signature.rows[0].cells
    _docx_font(
        recipients.paragraphs[0].add_run("Nơi nhận:"), bold=True, italic=True, underline=True
    )
    for index, line in enumerate(context["recipients"], start=1):
        end = "." if index == len(context["recipients"]) else ","
        _docx_paragraph(recipients, f"- {line}{end}", size=SIZES["list"])
    signer.paragraphs[0].alignment = center
    _docx_font(signer.paragraphs[0].add_run(context["signature"][0]), bold=True)
    _docx_paragraph(signer, context["signature"][1], align=center, bold=True)
    for _blank in range(4):
        _docx_paragraph(signer, "", align=center)
    _docx_paragraph(signer, context["signed_by"], align=center, bold=True)
    _docx_keep_table_readable(signature, keep_together=True)

    if context["appendix"] or context["ratings"]:
        document.add_section(WD_SECTION.NEW_PAGE)
        _docx_paragraph(
            document,
            context["appendix_title"],
            align=center,
            style="Heading 1",
            size=SIZES["title"],
            bold=True,
        ).alignment = center
        _docx_paragraph(document, context["appendix_subtitle"], align=center, italic=True)
        for number, table in enumerate(context["appendix"], start=1):
            _docx_paragraph(
                document,
                f"Biểu {number}. {table['caption']}",
                italic=True,
                size=SIZES["table"],
                keep_with_next=True,
            )
            _docx_figure_table(
                document,
                context["figure_heads"],
                [(row["label"], row["value"], row["previous"]) for row in table["rows"]],
                center,
                right,
            )
        if context["ratings"]:
            _docx_paragraph(
                document,
                context["ratings_caption"],
                italic=True,
                size=SIZES["table"],
                keep_with_next=True,
            )
            _docx_figure_table(
                document,
                context["ratings_heads"],
                [(row["label"], row["count"], row["share"]) for row in context["ratings"]],
                center,
                right,
            )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
