"""The report's outline, written once: its parts and sections (the narrative's keys, in order,
with their printed numbers and headings), the figure tables of each section and the rows'
labels. The report's page (the narrative form), the PDF and the .docx all read it from here.

Headings and labels are the party report's own fixed Vietnamese wording (Hướng dẫn
36-HD/VPTW), like the rest of the document's boilerplate, not portal text to translate."""

from dataclasses import dataclass

from reports.figures import Period

# The rows of the report's tables.
LABELS = {
    "organizations_grassroots": "Tổ chức cơ sở đảng",
    "organizations_committees": "Đảng bộ cơ sở",
    "organizations_subordinate_cells": "Chi bộ trực thuộc đảng ủy cơ sở",
    "organizations_grassroots_cells": "Chi bộ cơ sở",
    "members_active": "Tổng số đảng viên",
    "members_official": "Đảng viên chính thức",
    "members_probationary": "Đảng viên dự bị",
    "members_exempt": "Đảng viên được miễn sinh hoạt",
    "members_admitted": "Kết nạp đảng viên mới",
    "members_admitted_youth": "Trong đó đoàn viên thanh niên",
    "youth_share": "Tỷ lệ đoàn viên trong số được kết nạp",
    "members_recognized": "Công nhận đảng viên chính thức",
    "members_transferred_in": "Chuyển sinh hoạt đảng đến",
    "members_transferred_out": "Chuyển sinh hoạt đảng đi",
    "members_struck_off": "Xóa tên",
    "members_expelled": "Khai trừ",
    "members_left": "Xin ra khỏi Đảng",
    "members_deceased": "Từ trần",
    "admissions_target": "Chỉ tiêu kết nạp trong năm",
    "admissions_target_share": "Kết nạp so với chỉ tiêu",
    "youth_share_target": "Chỉ tiêu tỷ lệ đoàn viên",
    "members_rated": "Đảng viên được đánh giá, xếp loại",
    "members_rated_well_share": "Đảng viên hoàn thành tốt nhiệm vụ trở lên",
    "members_rated_excellent_share": "Đảng viên hoàn thành xuất sắc nhiệm vụ",
    "organizations_rated_well_share": "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
    "target_groups_met": "Nhóm chỉ tiêu đạt và vượt",
    "cells_watched": "Chi bộ phải sinh hoạt định kỳ",
    "regular_meetings": "Buổi sinh hoạt chi bộ thường kỳ",
    "cells_skipped": "Chi bộ bỏ sinh hoạt ít nhất một tháng",
    "thematic_meetings": "Buổi sinh hoạt chuyên đề",
    "thematic_quarters_missing": "Lượt chi bộ không sinh hoạt chuyên đề trong quý",
    "minutes_overdue": "Biên bản nộp chậm",
    "attendance_rate": "Tỷ lệ đảng viên dự sinh hoạt",
    "grassroots_inspected": "Tổ chức cơ sở đảng được kiểm tra",
    "organizations_supervised": "Tổ chức đảng được giám sát",
    "finance_inspected": "Chi, đảng bộ được kiểm tra tài chính đảng",
    "letters_received": "Đơn thư khiếu nại, tố cáo nhận được",
    "letters_resolved": "Đơn thư đã giải quyết",
    "members_disciplined": "Đảng viên bị thi hành kỷ luật",
    "organizations_disciplined": "Tổ chức đảng bị thi hành kỷ luật",
    "remediation_done": "Kiến nghị đã khắc phục",
    "remediation_open": "Kiến nghị đang khắc phục, còn hạn",
    "remediation_overdue": "Kiến nghị quá hạn chưa khắc phục",
    "dues_collected": "Đảng phí thu được (đồng)",
    "dues_kept": "Đảng phí trích giữ lại ở cơ sở (đồng)",
    "dues_to_bloc": "Đảng phí phải nộp cấp trên (đồng)",
    "dues_remitted": "Đảng phí đã nộp cấp trên (đồng)",
    "dues_arrears_members": "Đảng viên còn nợ đảng phí",
    "dues_arrears_amount": "Số đảng phí còn nợ (đồng)",
}

# The figure tables printed under a section, by the section's key: (caption, row keys).
TABLES = {
    "organization": [
        ("Tổ chức đảng", [
            "organizations_grassroots", "organizations_committees",
            "organizations_subordinate_cells", "organizations_grassroots_cells",
        ]),
        ("Đảng viên", [
            "members_active", "members_official", "members_probationary", "members_exempt",
        ]),
        ("Biến động đảng viên trong kỳ", [
            "members_admitted", "members_admitted_youth", "youth_share",
            "admissions_target", "admissions_target_share", "members_recognized",
            "members_transferred_in", "members_transferred_out", "members_struck_off",
            "members_expelled", "members_left", "members_deceased",
        ]),
        ("Đánh giá, xếp loại chất lượng", [
            "members_rated", "members_rated_well_share", "members_rated_excellent_share",
            "organizations_rated_well_share", "target_groups_met",
        ]),
        ("Sinh hoạt chi bộ", [
            "cells_watched", "regular_meetings", "cells_skipped", "thematic_meetings",
            "thematic_quarters_missing", "minutes_overdue", "attendance_rate",
        ]),
    ],
    "inspection": [
        ("Kiểm tra, giám sát", [
            "grassroots_inspected", "organizations_supervised", "finance_inspected",
            "remediation_done", "remediation_open", "remediation_overdue",
        ]),
        ("Giải quyết đơn thư và thi hành kỷ luật", [
            "letters_received", "letters_resolved", "members_disciplined",
            "organizations_disciplined",
        ]),
        ("Thu, nộp đảng phí", [
            "dues_collected", "dues_kept", "dues_to_bloc", "dues_remitted",
            "dues_arrears_members", "dues_arrears_amount",
        ]),
    ],
}  # fmt: skip

# The heads of a figure table (this period, then the same period a year earlier) and of the
# table of member ratings; both are in the appendix (Phụ lục), as a party report keeps its
# statistics out of the body.
FIGURE_HEADS = ("Chỉ tiêu", "{period}", "{previous}")
APPENDIX_TITLE = "PHỤ LỤC"
APPENDIX_SUBTITLE = "Số liệu kèm theo Báo cáo số {number} ngày {date}"
RATINGS_CAPTION = "Kết quả xếp loại chất lượng đảng viên"
RATINGS_HEADS = ("Mức xếp loại", "Số đảng viên", "Tỷ lệ")
# The section whose tables carry the charts and the ratings.
ORGANIZATION_SECTION = "organization"
# The part that lists the targets of the period that follows.
TASKS_SECTION = "tasks"

# Part I, the results, numbered 1., 2., … — its heading names the period.
RESULTS_NUMBER, RESULTS_HEADING = "I", "Kết quả thực hiện {period}"
RESULT_AREAS = [
    ("political_tasks", "Lãnh đạo thực hiện nhiệm vụ chính trị"),
    ("education", "Công tác giáo dục chính trị, tư tưởng"),
    ("directives", "Lãnh đạo thực hiện các chỉ thị, nghị quyết"),
    ("organization", "Công tác xây dựng tổ chức đảng và đảng viên"),
    ("inspection", "Công tác kiểm tra, giám sát và thi hành kỷ luật đảng"),
    ("mass_mobilization", "Công tác dân vận và lãnh đạo các đoàn thể"),
]
# The parts after the results; the last one looks at the period that follows.
PARTS = [
    ("II", "limitations", "Hạn chế, khuyết điểm"),
    ("III", "causes", "Nguyên nhân"),
    ("IV", "lessons", "Bài học kinh nghiệm"),
    ("V", "tasks", "Phương hướng, nhiệm vụ {next_period}"),
]


@dataclass(frozen=True)
class Section:
    """One section of narrative: its key, printed number ("4." or "II.") and heading."""

    key: str
    number: str
    heading: str
    is_result_area: bool


def next_period_label(period: Period) -> str:
    return f"năm {period.year + 1}" if period.is_annual else f"6 tháng cuối năm {period.year}"


def comparison_label(period: Period) -> str:
    """The column a figure is compared with: "Năm 2024" beside an annual report's year,
    "Cùng kỳ năm 2024" beside a first half (the same six months a year earlier)."""
    previous = period.previous()
    if period.is_annual:
        return previous.label.capitalize()
    return f"Cùng kỳ năm {previous.year}"


def results_heading(period: Period) -> str:
    return RESULTS_HEADING.format(period=period.label)


def sections(period: Period) -> list[Section]:
    """Every narrative section of a report for the period, in the document's order."""
    areas = [
        Section(key, f"{index}.", heading, True)
        for index, (key, heading) in enumerate(RESULT_AREAS, start=1)
    ]
    parts = [
        Section(key, f"{roman}.", heading.format(next_period=next_period_label(period)), False)
        for roman, key, heading in PARTS
    ]
    return areas + parts


NARRATIVE_KEYS = [key for key, _heading in RESULT_AREAS] + [key for _roman, key, _h in PARTS]
