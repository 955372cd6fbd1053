"""The demo bloc as seed 001 reports it (Đảng bộ Khối các cơ quan tỉnh Ninh Thuận: 56 grassroots
organizations, 25 of them committees holding 161 subordinate cells, 2,305 members, a workforce
of over 5,000): its host agencies and their departments, the dates of its terms, and the few
places the demo's story needs (the merged cell, the demo logins' cells, who left)."""

import datetime
from dataclasses import dataclass

from members.models import Status

day = datetime.date

MEMBERS_PER_COPY = 2305
SUBORDINATE_CELLS_PER_COPY = 161

BLOC_NAME = "Đảng bộ Khối các cơ quan tỉnh Ninh Thuận"
# Ninh Thuận was re-established on 1 April 1992; the bloc's committee was formed soon after.
BLOC_FOUNDED = day(1992, 4, 20)
BLOC_CONGRESS = day(2025, 8, 14)
BLOC_PREVIOUS_CONGRESS = day(2020, 7, 23)
TERM = (2025, 2030)
# Joining dates and admissions of the long-standing members stop here; later ones are relative.
LAST_FIXED_ADMISSION = day(2023, 12, 31)
LAST_FIXED_JOINING = day(2024, 6, 30)


@dataclass(frozen=True)
class AgencySpec:
    """A host agency: its workforce, the kind of work its staff do, the title of its head, and
    (for a grassroots committee) the departments that each hold a subordinate cell."""

    name: str
    workforce: int
    sector: str
    head: str
    units: tuple[str, ...] = ()
    unit_head: str = "Trưởng phòng"


_SO = ("Văn phòng Sở", "Thanh tra Sở")  # every department of the province has these two

COMMITTEE_AGENCIES = (
    AgencySpec(
        "Sở Nông nghiệp và Phát triển nông thôn", 450, "service", "Giám đốc Sở",
        (*_SO, "Phòng Kế hoạch - Tài chính", "Chi cục Trồng trọt và Bảo vệ thực vật",
         "Chi cục Chăn nuôi và Thú y", "Chi cục Kiểm lâm", "Chi cục Thủy lợi", "Chi cục Thủy sản",
         "Trung tâm Khuyến nông"),
    ),
    AgencySpec(
        "Sở Tài chính", 85, "finance", "Giám đốc Sở",
        (*_SO, "Phòng Quản lý ngân sách", "Phòng Tài chính hành chính sự nghiệp",
         "Phòng Quản lý giá và công sản", "Phòng Tài chính đầu tư"),
    ),
    AgencySpec(
        "Sở Kế hoạch và Đầu tư", 72, "admin", "Giám đốc Sở",
        (*_SO, "Phòng Tổng hợp, quy hoạch", "Phòng Đăng ký kinh doanh", "Phòng Kinh tế ngành"),
    ),
    AgencySpec(
        "Sở Giáo dục và Đào tạo", 105, "admin", "Giám đốc Sở",
        (*_SO, "Phòng Giáo dục Trung học", "Phòng Giáo dục Mầm non - Tiểu học",
         "Phòng Khảo thí và Kiểm định chất lượng giáo dục", "Phòng Kế hoạch - Tài chính"),
    ),
    AgencySpec(
        "Sở Y tế", 165, "health", "Giám đốc Sở",
        (*_SO, "Phòng Nghiệp vụ Y", "Phòng Kế hoạch - Tài chính",
         "Chi cục Dân số - Kế hoạch hóa gia đình", "Chi cục An toàn vệ sinh thực phẩm",
         "Trung tâm Kiểm soát bệnh tật"),
    ),
    AgencySpec(
        "Bệnh viện Đa khoa tỉnh", 700, "health", "Giám đốc Bệnh viện",
        ("Khoa Khám bệnh", "Khoa Hồi sức tích cực - Chống độc", "Khoa Nội tổng hợp",
         "Khoa Ngoại tổng hợp", "Khoa Phụ sản", "Khoa Nhi", "Khoa Cấp cứu", "Khoa Xét nghiệm",
         "Khoa Chẩn đoán hình ảnh", "Phòng Tổ chức cán bộ"),
    ),
    AgencySpec(
        "Sở Nội vụ", 95, "admin", "Giám đốc Sở",
        (*_SO, "Phòng Tổ chức - Biên chế", "Phòng Công chức, viên chức",
         "Ban Thi đua - Khen thưởng", "Ban Tôn giáo", "Chi cục Văn thư - Lưu trữ"),
    ),
    AgencySpec(
        "Sở Tư pháp", 62, "admin", "Giám đốc Sở",
        ("Văn phòng Sở", "Phòng Xây dựng và Kiểm tra văn bản",
         "Trung tâm Trợ giúp pháp lý nhà nước", "Phòng Công chứng số 1"),
    ),
    AgencySpec(
        "Sở Xây dựng", 80, "admin", "Giám đốc Sở",
        (*_SO, "Phòng Quản lý xây dựng", "Phòng Quy hoạch - Kiến trúc",
         "Trung tâm Kiểm định chất lượng xây dựng"),
    ),
    AgencySpec(
        "Sở Công Thương", 92, "admin", "Giám đốc Sở",
        ("Văn phòng Sở", "Phòng Quản lý Công nghiệp", "Phòng Quản lý Thương mại",
         "Phòng Quản lý Năng lượng", "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"),
    ),
    AgencySpec(
        "Sở Giao thông vận tải", 125, "admin", "Giám đốc Sở",
        (*_SO, "Phòng Quản lý kết cấu hạ tầng giao thông",
         "Phòng Quản lý vận tải, phương tiện và người lái", "Phòng Kế hoạch - Tài chính",
         "Trung tâm Đăng kiểm phương tiện giao thông", "Trạm Kiểm tra tải trọng xe"),
    ),
    AgencySpec(
        "Sở Tài nguyên và Môi trường", 170, "service", "Giám đốc Sở",
        (*_SO, "Phòng Quản lý đất đai", "Chi cục Bảo vệ môi trường", "Chi cục Biển và Hải đảo",
         "Văn phòng Đăng ký đất đai", "Trung tâm Quan trắc tài nguyên và môi trường"),
    ),
    AgencySpec(
        "Sở Lao động - Thương binh và Xã hội", 150, "service", "Giám đốc Sở",
        (*_SO, "Phòng Lao động - Việc làm - Giáo dục nghề nghiệp", "Phòng Người có công",
         "Phòng Bảo trợ xã hội", "Trung tâm Dịch vụ việc làm", "Trung tâm Bảo trợ xã hội"),
    ),
    AgencySpec(
        "Sở Văn hóa, Thể thao và Du lịch", 185, "service", "Giám đốc Sở",
        (*_SO, "Phòng Quản lý văn hóa", "Phòng Quản lý du lịch", "Phòng Quản lý thể dục thể thao",
         "Thư viện tỉnh", "Bảo tàng tỉnh", "Trung tâm Văn hóa - Nghệ thuật"),
    ),
    AgencySpec(
        "Sở Thông tin và Truyền thông", 55, "admin", "Giám đốc Sở",
        ("Văn phòng Sở", "Phòng Bưu chính, Viễn thông và Công nghệ thông tin",
         "Phòng Thông tin - Báo chí - Xuất bản", "Trung tâm Công nghệ thông tin và Truyền thông"),
    ),
    AgencySpec(
        "Sở Khoa học và Công nghệ", 60, "research", "Giám đốc Sở",
        ("Văn phòng Sở", "Phòng Quản lý khoa học", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
         "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"),
    ),
    AgencySpec(
        "Văn phòng UBND tỉnh", 130, "admin", "Chánh Văn phòng",
        ("Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Phòng Hành chính - Tổ chức",
         "Phòng Quản trị - Tài vụ", "Ban Tiếp công dân tỉnh", "Trung tâm Phục vụ hành chính công"),
    ),
    AgencySpec(
        "Kho bạc Nhà nước tỉnh", 170, "finance", "Giám đốc Kho bạc",
        ("Văn phòng", "Phòng Kiểm soát chi", "Phòng Kế toán nhà nước", "Phòng Thanh tra - Kiểm tra",
         "Phòng Tổ chức cán bộ", "Kho bạc Nhà nước Ninh Hải", "Kho bạc Nhà nước Ninh Phước",
         "Kho bạc Nhà nước Ninh Sơn"),
    ),
    AgencySpec(
        "Ngân hàng Chính sách Xã hội chi nhánh tỉnh", 150, "finance", "Giám đốc Chi nhánh",
        ("Phòng Kế hoạch - Nghiệp vụ tín dụng", "Phòng Kế toán - Ngân quỹ",
         "Phòng Hành chính - Tổ chức", "Phòng Kiểm tra - Kiểm soát nội bộ",
         "Phòng giao dịch huyện Ninh Hải", "Phòng giao dịch huyện Ninh Phước",
         "Phòng giao dịch huyện Ninh Sơn", "Phòng giao dịch huyện Bác Ái"),
    ),
    AgencySpec(
        "Bảo hiểm Xã hội tỉnh", 150, "finance", "Giám đốc Bảo hiểm Xã hội tỉnh",
        ("Văn phòng", "Phòng Quản lý thu - Sổ, thẻ", "Phòng Chế độ bảo hiểm xã hội",
         "Phòng Giám định bảo hiểm y tế", "Phòng Kế hoạch - Tài chính",
         "Phòng Thanh tra - Kiểm tra", "Bảo hiểm Xã hội thành phố Phan Rang - Tháp Chàm"),
    ),
    AgencySpec(
        "Cục Thuế tỉnh", 280, "finance", "Cục trưởng",
        ("Văn phòng Cục", "Phòng Tuyên truyền - Hỗ trợ người nộp thuế",
         "Phòng Kê khai và Kế toán thuế", "Phòng Thanh tra - Kiểm tra số 1",
         "Phòng Thanh tra - Kiểm tra số 2", "Phòng Quản lý nợ và Cưỡng chế nợ thuế",
         "Phòng Tổ chức cán bộ", "Chi cục Thuế khu vực Phan Rang - Ninh Hải",
         "Chi cục Thuế khu vực Ninh Phước - Thuận Nam", "Chi cục Thuế khu vực Ninh Sơn - Bác Ái"),
    ),
    AgencySpec(
        "Đài Phát thanh và Truyền hình tỉnh", 140, "media", "Giám đốc Đài",
        ("Phòng Thời sự", "Phòng Chuyên đề", "Phòng Biên tập", "Phòng Kỹ thuật - Công nghệ",
         "Phòng Tổ chức - Hành chính", "Phòng Dịch vụ quảng cáo", "Phòng Thông tin điện tử"),
    ),
    AgencySpec(
        "Trường Cao đẳng nghề Ninh Thuận", 118, "education", "Hiệu trưởng",
        ("Phòng Đào tạo", "Phòng Tổ chức - Hành chính", "Khoa Điện - Điện tử",
         "Khoa Cơ khí - Động lực", "Khoa Kinh tế - Du lịch"),
    ),
    AgencySpec(
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh", 70,
        "service", "Giám đốc Ban",
        ("Phòng Hành chính - Tổng hợp", "Phòng Kế hoạch - Tài chính", "Phòng Kỹ thuật - Thẩm định",
         "Phòng Quản lý dự án 1"),
    ),
    AgencySpec(
        "Cục Thống kê tỉnh", 75, "admin", "Cục trưởng",
        ("Phòng Thống kê Tổng hợp", "Phòng Thống kê Kinh tế", "Phòng Thống kê Xã hội",
         "Chi cục Thống kê khu vực Ninh Hải - Thuận Bắc"),
    ),
)  # fmt: skip

CELL_AGENCIES = (
    AgencySpec("Cơ quan Đảng ủy Khối các cơ quan tỉnh", 24, "party", "Chánh Văn phòng"),
    AgencySpec("Thanh tra tỉnh", 45, "admin", "Chánh Thanh tra tỉnh"),
    AgencySpec("Ban Quản lý các khu công nghiệp", 32, "admin", "Trưởng ban"),
    AgencySpec("Báo Ninh Thuận", 55, "media", "Tổng Biên tập"),
    AgencySpec("Sở Ngoại vụ", 26, "admin", "Giám đốc Sở"),
    AgencySpec("Ban Dân tộc tỉnh", 28, "admin", "Trưởng ban"),
    AgencySpec(
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", 40, "admin", "Chánh Văn phòng"
    ),
    AgencySpec("Ngân hàng Nhà nước chi nhánh tỉnh", 52, "finance", "Giám đốc Chi nhánh"),
    AgencySpec("Liên minh Hợp tác xã tỉnh", 20, "mass", "Chủ tịch", unit_head="Trưởng ban"),
    AgencySpec("Quỹ Đầu tư phát triển tỉnh", 22, "finance", "Giám đốc Quỹ"),
    AgencySpec(
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", 25, "service", "Giám đốc Trung tâm"
    ),
    AgencySpec("Ban Quản lý Vườn quốc gia Núi Chúa", 82, "forestry", "Giám đốc"),
    AgencySpec("Ban Quản lý Vườn quốc gia Phước Bình", 76, "forestry", "Giám đốc"),
    AgencySpec("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 34, "mass", "Chủ tịch",
               unit_head="Trưởng ban"),
    AgencySpec("Liên đoàn Lao động tỉnh", 40, "mass", "Chủ tịch", unit_head="Trưởng ban"),
    AgencySpec("Tỉnh đoàn Ninh Thuận", 35, "mass", "Bí thư Tỉnh đoàn", unit_head="Trưởng ban"),
    AgencySpec("Hội Liên hiệp Phụ nữ tỉnh", 30, "mass", "Chủ tịch", unit_head="Trưởng ban"),
    AgencySpec("Hội Nông dân tỉnh", 28, "mass", "Chủ tịch", unit_head="Trưởng ban"),
    AgencySpec("Hội Cựu chiến binh tỉnh", 20, "mass", "Chủ tịch", unit_head="Trưởng ban"),
    AgencySpec(
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", 18, "research", "Chủ tịch",
        unit_head="Trưởng ban",
    ),
    AgencySpec("Hội Chữ thập đỏ tỉnh", 18, "mass", "Chủ tịch", unit_head="Trưởng ban"),
    AgencySpec("Hội Văn học Nghệ thuật tỉnh", 16, "mass", "Chủ tịch", unit_head="Trưởng ban"),
    AgencySpec("Cục Quản lý thị trường tỉnh", 72, "admin", "Cục trưởng",
               unit_head="Đội trưởng"),
    AgencySpec(
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", 42, "service",
        "Giám đốc Ban",
    ),
    AgencySpec(
        "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh",
        40, "service", "Giám đốc Ban",
    ),
    AgencySpec("Đài Khí tượng Thủy văn tỉnh", 30, "research", "Giám đốc Đài"),
    AgencySpec("Trung tâm Phát triển quỹ đất tỉnh", 35, "service", "Giám đốc Trung tâm"),
    AgencySpec(
        "Viện Nghiên cứu Bông và Phát triển nông nghiệp Nha Hố", 62, "research", "Viện trưởng"
    ),
    AgencySpec(
        "Phân hiệu Trường Đại học Nông Lâm Thành phố Hồ Chí Minh tại Ninh Thuận", 45,
        "education", "Giám đốc Phân hiệu", unit_head="Trưởng khoa",
    ),
    AgencySpec("Nhà khách UBND tỉnh", 26, "service", "Giám đốc"),
    AgencySpec(
        "Văn phòng Điều phối chương trình xây dựng nông thôn mới tỉnh", 14, "admin",
        "Chánh Văn phòng",
    ),
)  # fmt: skip

# Six months ago this cell was merged into its neighbour: "as of" a past date shows both.
MERGE = (
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn",
    "Chi cục Thủy lợi",
)
MERGE_MONTHS_AGO_DAYS = 182
BLOC_OFFICE = CELL_AGENCIES[0].name
LOGIN_GRASSROOTS_CELL = "Thanh tra tỉnh"
# Seed 000: a driver at the job centre of the labour department asked to leave the Party.
LEFT_AT_OWN_REQUEST = ("Sở Lao động - Thương binh và Xã hội", "Trung tâm Dịch vụ việc làm")

ENDED_PER_COPY = {
    Status.TRANSFERRED_OUT: 18,
    Status.DECEASED: 7,
    Status.STRUCK_OFF: 9,
    Status.EXPELLED: 1,
    Status.LEFT: 1,
}
INTERNAL_TRANSFERS_PER_COPY = 23  # about 1% of the members
OVERDUE_PROBATION_DAYS = (381, 412)
# Seed 001's year: 129 admitted, 63% of them youth-union members (81). Members admitted lately
# are spread evenly over time at that rate, so every twelve months hold 129 and 81 youth,
# whatever the day the demo is loaded.
ADMITTED_PER_YEAR = 129
YOUTH_ADMITTED_PER_YEAR = 81
# Shares of the member slots drawn as admitted lately and as exempt from meetings.
YOUNG_SHARE, EXEMPT_SHARE = 0.19, 0.025


def unit_head_title(unit: str) -> str:
    """The title of whoever heads a department, read from the department's name."""
    for prefix, title in (
        ("Phòng giao dịch", "Giám đốc Phòng giao dịch"),
        ("Phòng", "Trưởng phòng"),
        ("Văn phòng Đăng ký", "Giám đốc Văn phòng"),
        ("Văn phòng", "Chánh Văn phòng"),
        ("Thanh tra", "Chánh Thanh tra"),
        ("Chi cục", "Chi cục trưởng"),
        ("Trung tâm", "Giám đốc Trung tâm"),
        ("Khoa", "Trưởng khoa"),
        ("Ban", "Trưởng ban"),
        ("Trạm", "Trạm trưởng"),
    ):
        if unit.startswith(prefix):
            return title
    return "Giám đốc"


def deputy_title(title: str) -> str:
    return f"Phó {title}"
