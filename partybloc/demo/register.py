"""Demo data: a bloc shaped like the one seed 001 reports (Đảng bộ Khối các cơ quan tỉnh Ninh
Thuận: 56 grassroots organizations, 25 of them committees holding 161 subordinate cells, 2,305
members, a workforce of over 5,000), with the dated history the register keeps: status changes,
placements, leaders over two terms, transfers, members who left, and one merged cell.

build() draws everything from one seeded random.Random, so two runs give the same agencies,
names, national IDs and card numbers. Only the dates a demo must show as recent (probationary
members due for recognition, transfers of the last two years, the merge six months ago) count
back from `today`, and no random draw depends on `today`: the same draws land on other days.

load() writes a plan with bulk_create. That skips Model.save(), so the fields save() derives
(an organization's path, depth and sort keys, a member's sort key and search text) are set here.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from members.models import (
    Gender,
    LeadershipPosition,
    Member,
    MemberPlacement,
    MemberStatusChange,
    Status,
    TheoryLevel,
    add_years,
)
from organizations.models import HostAgency, Organization, ParentLink, RoleAssignment, path_segment
from partybloc.text import collation_key, fold, split_name

SEED = 2305
MEMBERS_PER_COPY = 2305
BATCH_SIZE = 2000
DEMO_PASSWORD = "partybloc2026"

Kind = Organization.Kind
Post = LeadershipPosition.Post
Reason = MemberPlacement.Reason
Role = RoleAssignment.Role
day = datetime.date
days = datetime.timedelta


# --- The bloc --------------------------------------------------------------------------------

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

SUBORDINATE_CELLS_PER_COPY = 161
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


# --- People ----------------------------------------------------------------------------------


class Weighted:
    """A fixed table of values with weights, drawn from with a caller's random.Random."""

    def __init__(self, pairs):
        self.values = [value for value, _weight in pairs]
        self.cum_weights = []
        total = 0
        for _value, weight in pairs:
            total += weight
            self.cum_weights.append(total)

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


# Central Vietnam: Huỳnh and Võ are far commoner than Hoàng and Vũ.
KINH_FAMILY = Weighted([
    ("Nguyễn", 31), ("Trần", 10), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 5), ("Võ", 5), ("Phan", 4),
    ("Hoàng", 2), ("Vũ", 1), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2),
    ("Trương", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Lâm", 1), ("Mai", 1), ("Đoàn", 1),
    ("Châu", 1), ("Cao", 1), ("Tô", 0.5), ("Thái", 0.5), ("Lưu", 0.5), ("Hà", 0.5), ("Tạ", 0.3),
])  # fmt: skip
CHAM_FAMILY = Weighted([
    ("Đàng", 8), ("Quảng", 5), ("Thông", 3), ("Lưu", 3), ("Phú", 3), ("Hán", 2), ("Thập", 2),
    ("Trượng", 2), ("Lộ", 1), ("Báo", 1), ("Kiều", 1), ("Bá", 2), ("Thuận", 1), ("Nguyễn", 2),
])  # fmt: skip
RAGLAI_FAMILY = Weighted([("Chamaléa", 5), ("Pinăng", 4), ("Katơr", 2), ("Mấu", 2), ("Bo", 1)])
HOA_FAMILY = Weighted(
    [("Lâm", 3), ("Lý", 2), ("Trương", 2), ("Quách", 1), ("Tăng", 1), ("Diệp", 1)]
)
MIDDLE = {
    Gender.MALE: Weighted([
        ("Văn", 30), ("Minh", 8), ("Hữu", 6), ("Đức", 6), ("Quốc", 6), ("Công", 5), ("Tấn", 5),
        ("Thanh", 5), ("Ngọc", 4), ("Xuân", 4), ("Đình", 4), ("Quang", 4), ("Thành", 3),
        ("Trung", 3), ("Anh", 3), ("Hoàng", 2), ("Phước", 2), ("Năng", 1),
    ]),
    Gender.FEMALE: Weighted([
        ("Thị", 45), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Kim", 5), ("Mỹ", 4), ("Thúy", 3),
        ("Hồng", 3), ("Bích", 3), ("Phương", 3), ("Như", 2), ("Diệu", 2), ("Hoài", 2), ("Minh", 2),
        ("Quỳnh", 2),
    ]),
}  # fmt: skip
SECOND_MIDDLE_AFTER_THI = ("Thu", "Kim", "Ngọc", "Thanh", "Mỹ", "Hồng", "Bích", "Phương", "Hoài")
GIVEN = {
    Gender.MALE: (
        "An", "Anh", "Bảo", "Bình", "Cường", "Chiến", "Công", "Dũng", "Duy", "Đạt", "Định", "Đông",
        "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hiển", "Hòa", "Hoàng", "Huy", "Hùng", "Hưng",
        "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Lợi", "Luân", "Minh", "Nam", "Nghĩa",
        "Nhân", "Phong", "Phúc", "Phước", "Quang", "Quân", "Sang", "Sơn", "Tài", "Tâm", "Tân",
        "Thắng", "Thành", "Thịnh", "Thông", "Tiến", "Toàn", "Trí", "Trung", "Tuấn", "Tùng",
        "Việt", "Vinh", "Vũ", "Vỹ", "Xuân",
    ),
    Gender.FEMALE: (
        "An", "Anh", "Ánh", "Bích", "Châu", "Dung", "Diễm", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
        "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
        "Ngân", "Nguyệt", "Nhi", "Nhung", "Oanh", "Phương", "Phượng", "Quyên", "Sương", "Tâm",
        "Thảo", "Thanh", "Thủy", "Thúy", "Trang", "Trâm", "Trinh", "Tuyết", "Uyên", "Vân", "Vy",
        "Yến",
    ),
}  # fmt: skip

NINH_THUAN = "tỉnh Ninh Thuận"
# (district, communes): the province's seven districts as they stood before 2025.
NINH_THUAN_DISTRICTS = (
    ("thành phố Phan Rang - Tháp Chàm", (
        "phường Đài Sơn", "phường Đạo Long", "phường Đô Vinh", "phường Đông Hải",
        "phường Kinh Dinh", "phường Mỹ Bình", "phường Mỹ Đông", "phường Mỹ Hải",
        "phường Mỹ Hương", "phường Phủ Hà", "phường Phước Mỹ", "phường Bảo An",
        "phường Tấn Tài", "phường Thanh Sơn", "phường Văn Hải", "xã Thành Hải",
    )),
    ("huyện Ninh Hải", (
        "thị trấn Khánh Hải", "xã Hộ Hải", "xã Tân Hải", "xã Tri Hải", "xã Xuân Hải",
        "xã Vĩnh Hải", "xã Thanh Hải", "xã Nhơn Hải",
    )),
    ("huyện Ninh Phước", (
        "thị trấn Phước Dân", "xã Phước Hậu", "xã Phước Thuận", "xã Phước Sơn", "xã Phước Thái",
        "xã Phước Hữu", "xã An Hải", "xã Phước Vinh",
    )),
    ("huyện Ninh Sơn", (
        "thị trấn Tân Sơn", "xã Quảng Sơn", "xã Lương Sơn", "xã Mỹ Sơn", "xã Nhơn Sơn",
        "xã Lâm Sơn", "xã Hòa Sơn", "xã Ma Nới",
    )),
    ("huyện Thuận Bắc", (
        "xã Lợi Hải", "xã Bắc Sơn", "xã Công Hải", "xã Phước Kháng", "xã Bắc Phong",
        "xã Phước Chiến",
    )),
    ("huyện Thuận Nam", (
        "xã Phước Nam", "xã Phước Minh", "xã Phước Dinh", "xã Phước Diêm", "xã Cà Ná",
        "xã Nhị Hà", "xã Phước Hà",
    )),
    ("huyện Bác Ái", (
        "xã Phước Đại", "xã Phước Bình", "xã Phước Tiến", "xã Phước Thắng", "xã Phước Trung",
        "xã Phước Hòa", "xã Phước Tân", "xã Phước Thành",
    )),
)  # fmt: skip
CHAM_VILLAGES = (
    ("huyện Ninh Phước", ("xã Phước Hậu", "xã Phước Thái", "xã Phước Hữu", "xã An Hải",
                          "xã Phước Thuận")),
    ("huyện Thuận Nam", ("xã Phước Nam", "xã Phước Minh")),
    ("huyện Ninh Hải", ("xã Xuân Hải",)),
    ("thành phố Phan Rang - Tháp Chàm", ("phường Đô Vinh",)),
)  # fmt: skip
RAGLAI_VILLAGES = (
    ("huyện Bác Ái", ("xã Phước Đại", "xã Phước Bình", "xã Phước Tiến", "xã Phước Thắng")),
    ("huyện Ninh Sơn", ("xã Lâm Sơn", "xã Ma Nới", "xã Hòa Sơn")),
    ("huyện Thuận Bắc", ("xã Phước Kháng", "xã Phước Chiến")),
    ("huyện Thuận Nam", ("xã Phước Hà",)),
)  # fmt: skip
# (province, CCCD province code, districts): neighbours and the provinces people moved from.
OTHER_PROVINCES = Weighted([
    (("tỉnh Khánh Hòa", "056", ("thành phố Cam Ranh", "thị xã Ninh Hòa", "huyện Diên Khánh",
                                "huyện Cam Lâm")), 6),
    (("tỉnh Bình Thuận", "060", ("huyện Tuy Phong", "huyện Bắc Bình", "huyện Hàm Thuận Bắc",
                                 "thành phố Phan Thiết")), 6),
    (("tỉnh Lâm Đồng", "068", ("huyện Đơn Dương", "huyện Đức Trọng", "thành phố Đà Lạt")), 2),
    (("tỉnh Quảng Ngãi", "051", ("huyện Đức Phổ", "huyện Mộ Đức", "huyện Tư Nghĩa")), 3),
    (("tỉnh Bình Định", "052", ("huyện Phù Cát", "thị xã Hoài Nhơn", "huyện Tuy Phước")), 3),
    (("tỉnh Phú Yên", "054", ("huyện Tuy An", "thị xã Sông Cầu")), 1),
    (("tỉnh Quảng Nam", "049", ("huyện Duy Xuyên", "thị xã Điện Bàn", "huyện Thăng Bình")), 2),
    (("tỉnh Thừa Thiên Huế", "046", ("huyện Phú Vang", "thị xã Hương Trà")), 1),
    (("tỉnh Nghệ An", "040", ("huyện Diễn Châu", "huyện Nghi Lộc")), 1),
    (("tỉnh Hà Tĩnh", "042", ("huyện Đức Thọ", "huyện Can Lộc")), 1),
])  # fmt: skip
VILLAGES = ("Hiếu Thiện", "Phước Lợi", "Tân An", "Mỹ Nghiệp", "Thái Giao", "Hòa Thủy", "Vạn Phước",
            "Thành Tín", "Tri Thủy", "Khánh Phước", "Phú Quý", "Lương Cách")  # fmt: skip

# Where members came from before joining the bloc, and where those who left went.
OUTSIDE_ORGANIZATIONS = (
    "Đảng bộ Trường Đại học Nông Lâm Thành phố Hồ Chí Minh",
    "Đảng bộ Trường Đại học Nha Trang",
    "Đảng bộ Trường Đại học Quy Nhơn",
    "Đảng bộ Trường Đại học Đà Lạt",
    "Đảng bộ Quân sự tỉnh Ninh Thuận",
    "Đảng bộ Công an tỉnh Ninh Thuận",
    "Đảng bộ Khối Doanh nghiệp tỉnh Ninh Thuận",
    "Đảng bộ Khối các cơ quan tỉnh Khánh Hòa",
    "Đảng bộ Khối các cơ quan tỉnh Bình Thuận",
    "Chi bộ Cơ quan UBND huyện Ninh Phước",
    "Chi bộ Cơ quan UBND huyện Ninh Sơn",
    "Chi bộ Cơ quan UBND huyện Ninh Hải",
    "Chi bộ Cơ quan UBND huyện Thuận Bắc",
    "Đảng bộ xã Phước Hậu, huyện Ninh Phước",
    "Đảng bộ phường Đô Vinh, thành phố Phan Rang - Tháp Chàm",
    "Đảng bộ thị trấn Khánh Hải, huyện Ninh Hải",
)

JOBS = {
    "admin": Weighted([("Công chức", 82), ("Kế toán", 6), ("Lái xe", 4), ("Văn thư", 4),
                       ("Viên chức", 4)]),
    "service": Weighted([("Viên chức", 62), ("Kỹ sư", 16), ("Công chức", 8), ("Kế toán", 7),
                         ("Kỹ thuật viên", 4), ("Lái xe", 3)]),
    "finance": Weighted([("Công chức", 50), ("Kế toán", 24), ("Kiểm soát viên", 14),
                         ("Nhân viên", 6), ("Lái xe", 6)]),
    "health": Weighted([("Bác sĩ", 34), ("Điều dưỡng", 34), ("Kỹ thuật viên y", 12),
                        ("Dược sĩ", 8), ("Viên chức", 12)]),
    "education": Weighted([("Giảng viên", 62), ("Viên chức", 28), ("Kế toán", 5),
                           ("Nhân viên", 5)]),
    "media": Weighted([("Phóng viên", 38), ("Biên tập viên", 30), ("Kỹ thuật viên", 20),
                       ("Viên chức", 12)]),
    "forestry": Weighted([("Kiểm lâm viên", 48), ("Viên chức", 32), ("Kỹ sư lâm nghiệp", 20)]),
    "research": Weighted([("Nghiên cứu viên", 45), ("Viên chức", 35), ("Kỹ sư", 15),
                          ("Kế toán", 5)]),
    "mass": Weighted([("Cán bộ", 82), ("Kế toán", 9), ("Lái xe", 9)]),
    "party": Weighted([("Công chức", 86), ("Kế toán", 5), ("Lái xe", 4), ("Văn thư", 5)]),
}  # fmt: skip
STAFF_POSITION = {
    "Công chức": "Chuyên viên",
    "Viên chức": "Chuyên viên",
    "Cán bộ": "Chuyên viên",
    "Kế toán": "Kế toán viên",
    "Lái xe": "Nhân viên lái xe",
    "Văn thư": "Văn thư",
    "Nhân viên": "Nhân viên",
    "Kiểm soát viên": "Kiểm soát viên",
    "Kỹ sư lâm nghiệp": "Kỹ sư",
    "Kỹ thuật viên y": "Kỹ thuật viên",
}
SUPPORT_JOBS = ("Lái xe", "Văn thư", "Nhân viên")
EDUCATION = {
    "support": Weighted([("Trung học phổ thông", 45), ("Trung cấp", 40), ("Cao đẳng", 15)]),
    "Bác sĩ": Weighted([("Đại học", 40), ("Chuyên khoa cấp I", 33), ("Thạc sĩ", 15),
                        ("Chuyên khoa cấp II", 8), ("Tiến sĩ", 4)]),
    "Điều dưỡng": Weighted([("Đại học", 50), ("Cao đẳng", 40), ("Trung cấp", 10)]),
    "Kỹ thuật viên y": Weighted([("Đại học", 45), ("Cao đẳng", 45), ("Trung cấp", 10)]),
    "Giảng viên": Weighted([("Thạc sĩ", 60), ("Đại học", 24), ("Tiến sĩ", 16)]),
    "Nghiên cứu viên": Weighted([("Thạc sĩ", 50), ("Đại học", 30), ("Tiến sĩ", 20)]),
    "default": Weighted([("Đại học", 66), ("Thạc sĩ", 24), ("Cao đẳng", 6), ("Trung cấp", 3),
                         ("Tiến sĩ", 1)]),
}  # fmt: skip
THEORY = {
    "head": Weighted([(TheoryLevel.ADVANCED, 72), (TheoryLevel.BACHELOR, 13),
                      (TheoryLevel.INTERMEDIATE, 15)]),
    "deputy": Weighted([(TheoryLevel.INTERMEDIATE, 55), (TheoryLevel.ADVANCED, 35),
                        (TheoryLevel.ELEMENTARY, 10)]),
    "staff": Weighted([(TheoryLevel.ELEMENTARY, 55), (TheoryLevel.INTERMEDIATE, 27),
                       (TheoryLevel.NONE, 12), (TheoryLevel.ADVANCED, 6)]),
    "new": Weighted([(TheoryLevel.NONE, 65), (TheoryLevel.ELEMENTARY, 35)]),
}  # fmt: skip
# Whoever leads an organization has at least this much political theory.
LEADER_THEORY = {
    Kind.BLOC: TheoryLevel.ADVANCED,
    Kind.COMMITTEE: TheoryLevel.ADVANCED,
    Kind.GRASSROOTS_CELL: TheoryLevel.INTERMEDIATE,
    Kind.SUBORDINATE_CELL: TheoryLevel.INTERMEDIATE,
}
THEORY_RANK = [TheoryLevel.NONE, TheoryLevel.ELEMENTARY, TheoryLevel.INTERMEDIATE,
               TheoryLevel.ADVANCED, TheoryLevel.BACHELOR]  # fmt: skip

END_REASONS = {
    Status.DECEASED: ("Từ trần",),
    Status.STRUCK_OFF: (
        "Bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng",
        "Không đóng đảng phí ba tháng trong năm không có lý do chính đáng",
        "Giảm sút ý chí phấn đấu, không thực hiện nhiệm vụ đảng viên",
    ),
    Status.EXPELLED: ("Vi phạm pháp luật, bị truy cứu trách nhiệm hình sự",),
    Status.LEFT: ("Xin ra khỏi Đảng vì hoàn cảnh gia đình",),
}
KINH_RELIGION = Weighted([("", 92), ("Phật giáo", 6), ("Công giáo", 2)])
# Chăm Ahier follow a Brahmanist faith, Chăm Awal (Bani) an Islamic one.
CHAM_RELIGION = Weighted([("Bà-la-môn", 45), ("Hồi giáo", 15), ("", 40)])
EXEMPT_REASONS = ("Sức khỏe yếu, điều trị bệnh dài ngày", "Tuổi cao, sức yếu")


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


# --- The plan --------------------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    role: str
    organization: Organization
    holder: Member  # the member whose name the demo user carries
    superuser: bool = False


@dataclass
class DemoPlan:
    today: datetime.date
    scale: int
    agencies: list[HostAgency] = field(default_factory=list)
    bloc: Organization | None = None
    grassroots: list[Organization] = field(default_factory=list)
    cells: list[Organization] = field(default_factory=list)
    parent_links: list[ParentLink] = field(default_factory=list)
    merges: list[tuple[Organization, Organization]] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    status_changes: list[MemberStatusChange] = field(default_factory=list)
    placements: list[MemberPlacement] = field(default_factory=list)
    positions: list[LeadershipPosition] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)

    @property
    def organizations(self) -> list[Organization]:
        return [self.bloc, *self.grassroots, *self.cells]


@dataclass(eq=False)
class _Stay:
    organization: Organization
    started_on: datetime.date
    reason: str
    ended_on: datetime.date | None = None
    came_from: str = ""
    went_to: str = ""
    note: str = ""


@dataclass(eq=False)
class _Draft:
    """A member being built, with what leader selection needs to know about them."""

    member: Member
    profile: str  # "old", "recent", "probationary", "exempt" or "ended"
    events: list[tuple[str, datetime.date, str, str]]
    stays: list[_Stay]
    transferred: bool = False  # moved between cells of the bloc lately

    @property
    def first_joined(self) -> datetime.date:
        return self.stays[0].started_on

    def arrived_in(self, organization: Organization) -> datetime.date | None:
        """When the member's last stretch in the organization (or its cells) began."""
        arrived, inside = None, False
        for stay in self.stays:
            now_inside = organization in (stay.organization, stay.organization.parent)
            if now_inside and not inside:
                arrived = stay.started_on
            inside = now_inside
        return arrived


@dataclass
class _Copy:
    """One copy of the bloc's grassroots organizations (scale N builds N of them)."""

    index: int
    grassroots: list[tuple[AgencySpec, Organization]] = field(default_factory=list)
    cells: list[tuple[Organization, AgencySpec, str]] = field(default_factory=list)
    drafts: dict[int, list[_Draft]] = field(default_factory=dict)  # by id() of the cell
    taken: set[int] = field(default_factory=set)  # id() of drafts kept for other posts
    merged: Organization | None = None
    successor: Organization | None = None

    def cell(self, agency: str, unit: str = "") -> Organization:
        for organization, spec, cell_unit in self.cells:
            if spec.name == agency and cell_unit == unit:
                return organization
        raise LookupError(agency, unit)

    def grassroots_of(self, agency: str) -> Organization:
        return next(org for spec, org in self.grassroots if spec.name == agency)


def build(scale: int = 1, today: datetime.date | None = None, seed: int = SEED) -> DemoPlan:
    """Draw the whole demo bloc in memory: nothing touches the database."""
    return _Builder(scale, today or timezone.localdate(), seed).build()


class _Builder:
    def __init__(self, scale: int, today: datetime.date, seed: int):
        if len(COMMITTEE_AGENCIES) + len(CELL_AGENCIES) != 56:
            raise AssertionError("Seed 001 has 56 grassroots organizations.")
        if sum(len(spec.units) for spec in COMMITTEE_AGENCIES) != SUBORDINATE_CELLS_PER_COPY:
            raise AssertionError("Seed 001 has 161 subordinate cells.")
        self.rng = random.Random(seed)
        self.today = today
        self.plan = DemoPlan(today=today, scale=scale)
        self.used_ids: set[str] = set()
        self.card_sequence = 0
        self.merge_on = today - days(MERGE_MONTHS_AGO_DAYS)
        # Keyed by id() of the unsaved organization: model instances hash by pk, still None.
        self.previous_congress: dict[int, datetime.date] = {}
        self.secretaries: dict[int, _Draft] = {}
        self.parent_links: dict[int, ParentLink] = {}

    # Helpers.

    def past(self, date: datetime.date) -> datetime.date:
        """A fixed date from the data, kept out of the future when the clock is behind it."""
        return min(date, self.today - days(1))

    def date_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + days(self.rng.randint(0, (last - first).days))

    def decision(self, issuer: str) -> str:
        return f"{self.rng.randint(12, 980)}-QĐ/{issuer}"

    # The whole bloc.

    def build(self) -> DemoPlan:
        plan = self.plan
        plan.bloc = self.organization(
            BLOC_NAME, Kind.BLOC, None, None, BLOC_FOUNDED,
            congress=BLOC_CONGRESS, regulation=(day(2025, 9, 5), self.past(day(2026, 3, 20))),
            previous_congress=BLOC_PREVIOUS_CONGRESS,
        )  # fmt: skip
        copies = [self.build_copy(index) for index in range(1, plan.scale + 1)]
        self.bloc_leaders(copies[0])
        plan.logins = self.logins(copies[0])
        for copy in copies:
            for drafts in copy.drafts.values():
                for draft in drafts:
                    self.finish(draft)
        return plan

    def organization(
        self, name, kind, parent, agency, founded, *, congress, regulation, previous_congress=None
    ) -> Organization:
        adopted, revised = regulation
        organization = Organization(
            name=name,
            kind=kind,
            parent=parent,
            host_agency=agency,
            founded_on=founded,
            term_start_year=TERM[0],
            term_end_year=TERM[1],
            congress_held_on=congress,
            regulation_adopted_on=adopted,
            regulation_revised_on=revised,
        )
        self.previous_congress[id(organization)] = previous_congress or congress
        if kind in Organization.GRASSROOTS_KINDS:
            self.plan.grassroots.append(organization)
        elif kind == Kind.SUBORDINATE_CELL:
            self.plan.cells.append(organization)
        link = ParentLink(organization=organization, parent=parent, valid_from=founded)
        self.parent_links[id(organization)] = link
        self.plan.parent_links.append(link)
        return organization

    def build_copy(self, index: int) -> _Copy:
        copy = _Copy(index)
        suffix = "" if index == 1 else f" ({index})"
        specs = [*COMMITTEE_AGENCIES, *CELL_AGENCIES]
        terms = self.grassroots_terms(specs)
        for position, spec in enumerate(specs):
            agency = HostAgency(name=spec.name + suffix, workforce=spec.workforce)
            self.plan.agencies.append(agency)
            is_committee = position < len(COMMITTEE_AGENCIES)
            kind = Kind.COMMITTEE if is_committee else Kind.GRASSROOTS_CELL
            prefix = "Đảng bộ" if is_committee else "Chi bộ"
            # Most organizations date from the province's re-establishment; some came later.
            if self.rng.random() < 0.6:
                founded = self.date_between(day(1992, 5, 1), day(1995, 12, 31))
            else:
                founded = self.date_between(day(1996, 1, 1), day(2012, 12, 31))
            congress, previous, regulation = terms[position]
            organization = self.organization(
                f"{prefix} {spec.name}{suffix}", kind, self.plan.bloc, agency, founded,
                congress=congress, regulation=regulation, previous_congress=previous,
            )  # fmt: skip
            copy.grassroots.append((spec, organization))
            if is_committee:
                for unit in self.units_of(spec):
                    copy.cells.append((self.subordinate_cell(organization, unit), spec, unit))
            else:
                copy.cells.append((organization, spec, ""))
        copy.merged = copy.cell(MERGE[0], MERGE[1])
        copy.successor = copy.cell(MERGE[0], MERGE[2])
        self.members_of(copy)
        self.ended_members(copy)
        self.internal_transfers(copy)
        self.merge(copy)
        self.leaders(copy)
        return copy

    @staticmethod
    def units_of(spec: AgencySpec) -> tuple[str, ...]:
        if spec.name == MERGE[0]:
            return (*spec.units, MERGE[1])
        return spec.units

    def grassroots_terms(self, specs: list[AgencySpec]):
        """(congress, previous congress, (regulation adopted, revised)) for each grassroots
        organization: most held their 2025 congress and adopted a regulation after it; a few
        did not hold it yet, a few kept the old regulation, a few have none recorded."""
        # Where the demo logins and the bloc's own office sit, the record is clean.
        protected = (MERGE[0], BLOC_OFFICE, LOGIN_GRASSROOTS_CELL)
        candidates = [i for i, spec in enumerate(specs) if spec.name not in protected]
        flagged = self.rng.sample(candidates, 8)
        without = 2 + (self.rng.random() < 0.5)
        no_congress = set(flagged[:without])
        stale = set(flagged[without : without + 3])
        no_regulation = set(flagged[without + 3 : without + 5])
        terms = []
        for position in range(len(specs)):
            previous = self.date_between(day(2020, 4, 15), day(2020, 7, 10))
            congress = self.date_between(day(2025, 5, 20), day(2025, 7, 10))
            adopted = congress + days(self.rng.randint(10, 75))
            revised = self.date_between(day(2026, 1, 5), day(2026, 9, 10))
            keeps_revision = self.rng.random() < 0.35
            if position in no_congress:
                congress = previous
                adopted = previous + days(self.rng.randint(20, 90))
            elif position in stale:
                adopted, keeps_revision = previous + days(self.rng.randint(20, 90)), False
            if position in no_regulation:
                adopted, keeps_revision = None, False
            regulation = (adopted, self.past(revised) if keeps_revision else None)
            terms.append((congress, previous, regulation))
        return terms

    def subordinate_cell(self, committee: Organization, unit: str) -> Organization:
        founded = min(committee.founded_on + days(self.rng.randint(0, 3000)), day(2016, 12, 31))
        previous = self.date_between(day(2020, 3, 1), day(2020, 4, 10))
        congress = self.date_between(day(2025, 3, 1), day(2025, 5, 15))
        draw = self.rng.random()
        if draw < 0.03:  # the regulation of the last term was never revised
            regulation = (previous + days(self.rng.randint(15, 60)), None)
        elif draw < 0.05:
            regulation = (None, None)
        else:
            adopted = congress + days(self.rng.randint(10, 60))
            revised = self.date_between(day(2026, 1, 5), day(2026, 9, 10))
            regulation = (adopted, self.past(revised) if self.rng.random() < 0.2 else None)
        return self.organization(
            f"Chi bộ {unit}", Kind.SUBORDINATE_CELL, committee, None, founded,
            congress=congress, regulation=regulation, previous_congress=previous,
        )  # fmt: skip

    # How many members each cell holds.

    def settle(self, sizes: list[int], bounds: list[tuple[int, int]], total: int) -> None:
        """Nudge sizes one member at a time, inside their bounds, until they sum to total."""
        while (difference := total - sum(sizes)) != 0:
            step = 1 if difference > 0 else -1
            room = [
                i for i, size in enumerate(sizes) if bounds[i][0] <= size + step <= bounds[i][1]
            ]
            if not room:
                raise AssertionError("The demo sizes cannot reach the member total.")
            sizes[self.rng.choice(room)] += step

    def cell_sizes(self, copy: _Copy) -> dict[int, int]:
        """Active members per cell: a grassroots organization's share follows its agency's
        workforce (seed 001: 2,305 members in agencies of over 5,000 people)."""
        specs = [spec for spec, _org in copy.grassroots]
        bounds = []
        for spec in specs:
            if spec.units:
                cells = len(self.units_of(spec))
                bounds.append((max(30, 4 * cells), 22 * cells))
            else:
                largest = 29 if spec.name != BLOC_OFFICE else 14
                smallest = 8 if spec.name != BLOC_OFFICE else 11
                bounds.append((smallest, min(largest, spec.workforce * 4 // 5)))
        weights = [spec.workforce * self.rng.uniform(0.85, 1.15) for spec in specs]
        total_weight = sum(weights)
        sizes = [
            min(max(round(MEMBERS_PER_COPY * weight / total_weight), low), high)
            for weight, (low, high) in zip(weights, bounds, strict=True)
        ]
        self.settle(sizes, bounds, MEMBERS_PER_COPY)
        by_cell = {}
        for (spec, organization), size in zip(copy.grassroots, sizes, strict=True):
            if not spec.units:
                by_cell[id(organization)] = size
                continue
            cells = [cell for cell, cell_spec, _unit in copy.cells if cell_spec is spec]
            # The merged cell was small, and the two together still make a workable cell.
            cell_bounds = [
                (4, 6) if cell is copy.merged else (6, 14) if cell is copy.successor else (3, 25)
                for cell in cells
            ]
            cell_weights = [self.rng.uniform(0.6, 1.4) for _cell in cells]
            total = sum(cell_weights)
            cell_sizes = [
                min(max(round(size * weight / total), low), high)
                for weight, (low, high) in zip(cell_weights, cell_bounds, strict=True)
            ]
            self.settle(cell_sizes, cell_bounds, size)
            by_cell.update(zip(map(id, cells), cell_sizes, strict=True))
        return by_cell

    # Members.

    def members_of(self, copy: _Copy) -> None:
        sizes = self.cell_sizes(copy)
        slots = []
        for organization, spec, unit in copy.cells:
            all_long_standing = organization is copy.merged or spec.name == BLOC_OFFICE
            for position in range(sizes[id(organization)]):
                draw = self.rng.random()
                if position == 0 or all_long_standing or draw >= 0.14:
                    profile = "old"
                elif draw < 0.057:
                    profile = "probationary"
                elif draw < 0.115:
                    profile = "recent"
                else:
                    profile = "exempt"
                slots.append((organization, spec, unit, profile))
        probationary = [i for i, slot in enumerate(slots) if slot[3] == "probationary"]
        overdue = dict(zip(self.rng.sample(probationary, 2), OVERDUE_PROBATION_DAYS, strict=True))
        for position, (organization, spec, unit, profile) in enumerate(slots):
            draft = self.member(organization, spec, unit, profile, overdue.get(position))
            copy.drafts.setdefault(id(organization), []).append(draft)

    def person(self, profile: str) -> dict:
        rng = self.rng
        gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
        if profile == "probationary":
            year = rng.randint(1993, 2000) if rng.random() < 0.8 else rng.randint(1985, 1992)
        elif profile == "recent":
            year = rng.randint(1988, 2000)
        elif profile in ("exempt", "deceased"):
            year = rng.randint(1965, 1969)
        else:
            year = int(rng.triangular(1965, 1999, 1982))
        born = day(year, 1, 1) + days(rng.randint(0, 364))

        draw = rng.random()
        if draw < 0.06:
            ethnicity, family = "Chăm", CHAM_FAMILY.pick(rng)
            district, communes = rng.choice(CHAM_VILLAGES)
            religion = CHAM_RELIGION.pick(rng)
        elif draw < 0.08:
            ethnicity, family = "Raglai", RAGLAI_FAMILY.pick(rng)
            district, communes = rng.choice(RAGLAI_VILLAGES)
            religion = ""
        else:
            if draw < 0.086:
                ethnicity, family = "Hoa", HOA_FAMILY.pick(rng)
            else:
                ethnicity, family = "Kinh", KINH_FAMILY.pick(rng)
            district, communes = rng.choice(NINH_THUAN_DISTRICTS)
            religion = KINH_RELIGION.pick(rng)
        if ethnicity in ("Kinh", "Hoa") and rng.random() < 0.28:
            province, code, districts = OTHER_PROVINCES.pick(rng)
            hometown = f"{rng.choice(districts)}, {province}"
        else:
            code = "058"
            hometown = f"{rng.choice(communes)}, {district}, {NINH_THUAN}"

        middle = MIDDLE[gender].pick(rng)
        if middle == "Thị" and rng.random() < 0.15:
            middle = f"Thị {rng.choice(SECOND_MIDDLE_AFTER_THI)}"
        given = rng.choice(GIVEN[gender])
        while given == middle.split()[-1]:  # "Hồng Hồng" is no name
            given = rng.choice(GIVEN[gender])
        return {
            "full_name": f"{family} {middle} {given}",
            "gender": gender,
            "date_of_birth": born,
            "ethnicity": ethnicity,
            "religion": religion,
            "hometown": hometown,
            "national_id": self.national_id(code, gender, born),
            **self.residence(),
        }

    def national_id(self, province_code: str, gender: str, born: datetime.date) -> str:
        """Province of birth, gender and century, year of birth, then a serial number."""
        century = born.year // 100 - 19
        marker = century * 2 + (1 if gender == Gender.FEMALE else 0)
        while True:
            number = f"{province_code}{marker}{born.year % 100:02d}{self.rng.randrange(10**6):06d}"
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def residence(self) -> dict:
        rng = self.rng
        if rng.random() < 0.8:
            city, wards = NINH_THUAN_DISTRICTS[0]
            ward = rng.choice(wards)
            quarter = rng.randint(1, 12)
            if ward.startswith("xã"):
                village = rng.choice(VILLAGES)
                return {
                    "residence": f"thôn {village}, {ward}, {city}",
                    "residential_cell": f"Chi bộ thôn {village}, {ward}",
                }
            return {
                "residence": f"khu phố {quarter}, {ward}, {city}",
                "residential_cell": f"Chi bộ khu phố {quarter}, {ward}",
            }
        district, communes = rng.choice(NINH_THUAN_DISTRICTS[1:3])
        commune = rng.choice(communes)
        village = rng.choice(VILLAGES)
        if commune.startswith("thị trấn"):
            return {
                "residence": f"khu phố {village}, {commune}, {district}",
                "residential_cell": f"Chi bộ khu phố {village}, {commune}",
            }
        return {
            "residence": f"thôn {village}, {commune}, {district}",
            "residential_cell": f"Chi bộ thôn {village}, {commune}",
        }

    def career(self, spec: AgencySpec, unit: str, profile: str) -> dict:
        rng = self.rng
        job = JOBS[spec.sector].pick(rng)
        head = unit_head_title(unit) if unit else spec.unit_head
        draw = rng.random()
        if profile in ("probationary", "recent") or job in SUPPORT_JOBS or draw >= 0.11:
            rank = "new" if profile in ("probationary", "recent") else "staff"
            position = STAFF_POSITION.get(job, job)
            if position == "Chuyên viên" and rng.random() < 0.2:
                position = "Chuyên viên chính"
        elif draw < 0.03:
            rank, position = "head", head
        else:
            rank, position = "deputy", deputy_title(head)
        if job in SUPPORT_JOBS:
            education = EDUCATION["support"].pick(rng)
        else:
            education = EDUCATION.get(job, EDUCATION["default"]).pick(rng)
        return {
            "job": job,
            "position": position,
            "education": education,
            "theory_level": THEORY[rank].pick(rng),
        }

    def admission(self, born: datetime.date, profile: str, overdue_days: int | None):
        """(admitted, made official) for a member of this profile."""
        rng = self.rng
        if profile == "probationary":
            days_ago = rng.randint(15, 364)
            return self.today - days(overdue_days or days_ago), None
        if profile == "recent":
            admitted = self.today - days(rng.randint(410, 760))
            return admitted, add_years(admitted, 1) + days(rng.randint(0, 40))
        # Admitted at 20 to 40, mostly in their twenties, and before the demo's recent past.
        first_year = max(born.year + 20, 1986)
        last_year = min(born.year + 40, LAST_FIXED_ADMISSION.year)
        span = last_year - first_year + 1
        year = first_year + min(int(rng.triangular(0, span, min(6, span))), span - 1)
        admitted = max(day(year, 1, 1) + days(rng.randint(0, 364)), add_years(born, 19))
        return admitted, add_years(admitted, 1) + days(rng.randint(0, 45))

    def member(
        self, organization, spec, unit, profile, overdue_days=None, person_profile=None
    ) -> _Draft:
        rng = self.rng
        person = self.person(person_profile or profile)
        born = person["date_of_birth"]
        admitted, official = self.admission(born, profile, overdue_days)
        # Draw first: the admission date may count back from today, the draws may not.
        youth_draw = rng.random()
        youth = (admitted - born).days // 365 < 30 and youth_draw < 0.85
        card = None
        if profile != "probationary":
            self.card_sequence += rng.randint(1, 5)
            card = f"{58_000_000 + self.card_sequence:08d}"
        member = Member(
            **person,
            **self.career(spec, unit, profile),
            party_card_number=card,
            admitted_on=admitted,
            official_on=official,
            youth_union_member=youth,
        )
        events = [(Status.PROBATIONARY, admitted, "Kết nạp vào Đảng", self.decision("ĐUK"))]
        if official:
            events.append(
                (Status.OFFICIAL, official, "Công nhận đảng viên chính thức", self.decision("ĐUK"))
            )
        if profile == "exempt":
            exempt_on = self.past(self.date_between(day(2022, 1, 1), day(2025, 12, 31)))
            events.append((Status.EXEMPT, exempt_on, rng.choice(EXEMPT_REASONS), ""))

        # Some were admitted in this cell; the others joined it later from elsewhere.
        admitted_here = profile in ("probationary", "recent") or (
            admitted >= organization.founded_on and rng.random() < 0.5
        )
        if admitted_here:
            stay = _Stay(organization, admitted, Reason.ADMITTED)
        else:
            joined = max(organization.founded_on, admitted + days(rng.randint(200, 4000)))
            stay = _Stay(
                organization,
                min(joined, LAST_FIXED_JOINING),
                Reason.TRANSFER_IN,
                came_from=rng.choice(OUTSIDE_ORGANIZATIONS),
            )
        return _Draft(member, profile, events, [stay])

    def ended_members(self, copy: _Copy) -> None:
        """Members whose membership ended: their rows stay, with the history that ended it."""
        cells = [entry for entry in copy.cells if entry[0] is not copy.merged]
        for status, count in ENDED_PER_COPY.items():
            for _number in range(count):
                if status == Status.LEFT:
                    organization, spec, unit = next(
                        entry
                        for entry in copy.cells
                        if (entry[1].name, entry[2]) == LEFT_AT_OWN_REQUEST
                    )
                else:
                    organization, spec, unit = self.rng.choice(cells)
                draft = self.member(
                    organization, spec, unit, "ended",
                    person_profile="deceased" if status == Status.DECEASED else "old",
                )  # fmt: skip
                if status == Status.LEFT:
                    draft.member.job, draft.member.position = "Lái xe", "Nhân viên lái xe"
                official_on = draft.events[-1][1]
                ended_on = self.past(self.date_between(day(2024, 1, 1), day(2026, 9, 30)))
                ended_on = max(ended_on, official_on + days(30), draft.first_joined + days(30))
                stay = draft.stays[-1]
                stay.ended_on = ended_on
                if status == Status.TRANSFERRED_OUT:
                    stay.went_to = self.rng.choice(OUTSIDE_ORGANIZATIONS)
                    reason, decision = f"Chuyển sinh hoạt đảng chính thức đến {stay.went_to}", ""
                else:
                    reason = self.rng.choice(END_REASONS[status])
                    issuer = "UBKTĐUK" if status == Status.EXPELLED else "ĐUK"
                    decision = "" if status == Status.DECEASED else self.decision(issuer)
                draft.events.append((status, ended_on, reason, decision))
                copy.drafts.setdefault(id(organization), []).append(draft)

    def internal_transfers(self, copy: _Copy) -> None:
        """About 1% moved between cells of the bloc during the last two years."""
        candidates = [
            draft
            for organization, _spec, _unit in copy.cells
            if organization not in (copy.merged, copy.successor)
            for draft in copy.drafts[id(organization)][1:]
            if draft.profile == "old"
        ]
        origins = [cell for cell, _spec, _unit in copy.cells if cell is not copy.merged]
        for draft in self.rng.sample(candidates, INTERNAL_TRANSFERS_PER_COPY):
            stay = draft.stays[0]
            origin = self.rng.choice(origins)
            days_ago = self.rng.randint(30, 700)
            if origin is stay.organization or origin.founded_on > stay.started_on:
                continue
            moved_on = max(self.today - days(days_ago), stay.started_on + days(30))
            draft.stays = [
                _Stay(origin, stay.started_on, stay.reason, moved_on, came_from=stay.came_from),
                _Stay(
                    stay.organization,
                    moved_on,
                    Reason.TRANSFER,
                    note=f"Chuyển sinh hoạt đảng từ {origin.name}",
                ),
            ]
            draft.transferred = True

    def merge(self, copy: _Copy) -> None:
        merged, successor = copy.merged, copy.successor
        merged.ended_on = self.merge_on
        merged.end_kind = Organization.EndKind.MERGED
        merged.end_decision = self.decision("ĐU")
        self.plan.merges.append((merged, successor))
        self.parent_links[id(merged)].valid_to = self.merge_on
        note = f"{merged.name} sáp nhập vào {successor.name}"
        for draft in copy.drafts[id(merged)]:
            if draft.stays[-1].ended_on is not None:
                continue
            draft.stays[-1].ended_on = self.merge_on
            draft.stays.append(_Stay(successor, self.merge_on, Reason.RESTRUCTURE, note=note))

    # Leaders.

    def pick_leaders(
        self,
        copy: _Copy,
        drafts,
        organization: Organization,
        on: datetime.date,
        count: int,
        *,
        senior: bool = False,
    ) -> list[tuple[_Draft, datetime.date]]:
        """Members to hold posts in an organization from `on`: long-standing ones who were
        there by then, else (so no cell goes without) whoever is left, from their arrival.
        The first choice leaves out recent transfers, whose dates count back from today."""
        free = [d for d in drafts if id(d) not in copy.taken and d.profile != "ended"]
        arrived = {id(d): d.arrived_in(organization) for d in free}
        tiers = (
            [d for d in free if d.profile == "old" and not d.transferred and arrived[id(d)] <= on],
            [d for d in free if d.profile in ("old", "recent")],
            free,
        )
        chosen: list[_Draft] = []
        for tier in tiers:
            pool = [d for d in tier if d not in chosen]
            if senior:
                pool = [d for d in pool if d.member.date_of_birth.year <= 1982] or pool
            chosen.extend(self.rng.sample(pool, min(count - len(chosen), len(pool))))
            if len(chosen) == count:
                break
        return [(d, max(on, arrived[id(d)])) for d in chosen]

    def hold(
        self,
        draft: _Draft,
        organization: Organization,
        post: str,
        started_on: datetime.date,
        ended_on: datetime.date | None = None,
        *,
        title: str | None = None,
    ) -> None:
        member = draft.member
        if title:
            member.position = title
        if post in (Post.SECRETARY, Post.DEPUTY) and ended_on is None:
            floor = LEADER_THEORY[organization.kind]
            if THEORY_RANK.index(member.theory_level) < THEORY_RANK.index(floor):
                member.theory_level = floor
        # Who confirms the post: the province for the bloc, the bloc for grassroots
        # organizations, the grassroots committee for its cells.
        issuer = {Kind.BLOC: "TU", Kind.SUBORDINATE_CELL: "ĐU"}.get(organization.kind, "ĐUK")
        self.plan.positions.append(
            LeadershipPosition(
                organization=organization,
                member=member,
                post=post,
                started_on=started_on,
                ended_on=ended_on,
                decision_number=self.decision(issuer),
            )
        )

    def leaders(self, copy: _Copy) -> None:
        if copy.index == 1:
            self.reserve_bloc_office(copy)
        for spec, organization in copy.grassroots:
            if spec.units:
                drafts = [
                    draft
                    for cell, cell_spec, _unit in copy.cells
                    if cell_spec is spec
                    for draft in copy.drafts[id(cell)]
                ]
                self.committee_leaders(copy, spec, organization, drafts)
        for organization, spec, unit in copy.cells:
            self.cell_leaders(copy, organization, spec, unit, copy.drafts[id(organization)])

    def committee_leaders(self, copy, spec, organization, drafts) -> None:
        """Đảng ủy cơ sở: the secretary heads the agency and a deputy is a deputy head; the
        standing committee and committee members may also lead their own cells."""
        on = organization.congress_held_on
        deputies = 2 if len(drafts) >= 150 else 1
        picked = self.pick_leaders(copy, drafts, organization, on, 1 + deputies, senior=True)
        for number, (draft, started_on) in enumerate(picked):
            post = Post.SECRETARY if number == 0 else Post.DEPUTY
            title = spec.head if number == 0 else deputy_title(spec.head)
            self.hold(draft, organization, post, started_on, title=title)
            copy.taken.add(id(draft))
            if number == 0:
                self.secretaries[id(organization)] = draft
        self.previous_secretary(copy, organization, drafts)
        standing = self.rng.randint(2, 3)
        ordinary = self.rng.randint(3, 5)
        picked = self.pick_leaders(copy, drafts, organization, on, standing + ordinary)
        for number, (draft, started_on) in enumerate(picked):
            post = Post.STANDING_COMMITTEE if number < standing else Post.COMMITTEE
            self.hold(draft, organization, post, started_on)

    def previous_secretary(self, copy, organization, drafts) -> None:
        """Half of the organizations that held their 2025 congress changed secretary there."""
        previous = self.previous_congress[id(organization)]
        congress = organization.congress_held_on
        if previous == congress or self.rng.random() >= 0.5:
            return
        for draft, started_on in self.pick_leaders(copy, drafts, organization, previous, 1):
            if started_on < congress:
                self.hold(draft, organization, Post.SECRETARY, started_on, congress)

    def cell_leaders(self, copy, organization, spec, unit, drafts) -> None:
        """Chi bộ: a secretary, a deputy in all but the smallest, and a cell committee (chi ủy)
        once the cell has nine members or more."""
        size = sum(draft.profile != "ended" for draft in drafts)
        on = organization.congress_held_on
        ended_on = organization.ended_on
        count = 1 + (size >= 5) + (size >= 9) + 2 * (size >= 20)
        # The bloc office's staff already carry the bloc's titles.
        head = None if spec.name == BLOC_OFFICE else unit_head_title(unit) if unit else spec.head
        picked = self.pick_leaders(copy, drafts, organization, on, count)
        for number, (draft, started_on) in enumerate(picked):
            if number == 0:
                post, title = Post.SECRETARY, head
                self.secretaries[id(organization)] = draft
            elif number == 1:
                post, title = Post.DEPUTY, head and deputy_title(head)
            else:
                post, title = Post.COMMITTEE, None
            # Posts in the merged cell ended with it; its leaders now sit in the successor.
            if ended_on:
                started_on, title = min(started_on, ended_on), None
            self.hold(draft, organization, post, started_on, ended_on, title=title)
        if organization.kind == Kind.GRASSROOTS_CELL:
            self.previous_secretary(copy, organization, drafts)

    def reserve_bloc_office(self, copy: _Copy) -> None:
        """The bloc's full-time leaders and office staff belong to its own office's cell."""
        organization = copy.cell(BLOC_OFFICE)
        drafts = copy.drafts[id(organization)]
        picked = self.pick_leaders(copy, drafts, organization, BLOC_CONGRESS, 5, senior=True)
        self.bloc_office = [draft for draft, _start in picked]
        titles = (
            "Bí thư Đảng ủy Khối",
            "Phó Bí thư Thường trực Đảng ủy Khối",
            "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối",
            "Chánh Văn phòng Đảng ủy Khối",
            "Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối",
        )
        for draft, title in zip(self.bloc_office, titles, strict=True):
            draft.member.position = title
            draft.member.theory_level = TheoryLevel.ADVANCED
            copy.taken.add(id(draft))

    def bloc_leaders(self, copy: _Copy) -> None:
        """Đảng ủy Khối: the secretary and the standing deputy from its office; the other
        deputy, the standing committee and the committee members head member agencies."""
        bloc = self.plan.bloc
        secretary, deputy, inspection_chair, *_staff = self.bloc_office
        self.hold(secretary, bloc, Post.SECRETARY, BLOC_CONGRESS)
        self.hold(deputy, bloc, Post.DEPUTY, BLOC_CONGRESS)
        self.hold(inspection_chair, bloc, Post.STANDING_COMMITTEE, BLOC_CONGRESS)
        # The secretary was the standing deputy of the previous term.
        self.hold(secretary, bloc, Post.DEPUTY, BLOC_PREVIOUS_CONGRESS, BLOC_CONGRESS)
        heads = [
            self.secretaries[id(organization)]
            for spec, organization in copy.grassroots
            if spec.name != BLOC_OFFICE
        ]
        for number, draft in enumerate(self.rng.sample(heads, 10)):
            if number == 0:
                post = Post.DEPUTY
            elif number < 4:
                post = Post.STANDING_COMMITTEE
            else:
                post = Post.COMMITTEE
            self.hold(draft, bloc, post, BLOC_CONGRESS)

    def logins(self, copy: _Copy) -> list[DemoLogin]:
        bloc = self.plan.bloc
        secretary, _deputy, _chair, office_chief, inspector = self.bloc_office
        committee = copy.grassroots_of(MERGE[0])
        committee_deputy = next(
            position.member
            for position in self.plan.positions
            if position.organization is committee and position.post == Post.DEPUTY
        )
        grassroots_cell = copy.cell(LOGIN_GRASSROOTS_CELL)
        cell_secretary = self.secretaries[id(copy.successor)].member
        grassroots_secretary = self.secretaries[id(grassroots_cell)].member
        return [
            DemoLogin("vanphong", Role.OFFICE_STAFF, bloc, office_chief.member, superuser=True),
            DemoLogin("lanhdao", Role.LEADER, bloc, secretary.member),
            DemoLogin("danguy", Role.COMMITTEE_STAFF, committee, committee_deputy),
            DemoLogin("chibo", Role.CELL_SECRETARY, copy.successor, cell_secretary),
            DemoLogin("chibocs", Role.CELL_SECRETARY, grassroots_cell, grassroots_secretary),
            DemoLogin("kiemtra", Role.INSPECTOR, bloc, inspector.member),
        ]

    # History rows.

    def finish(self, draft: _Draft) -> None:
        """Turn a draft into the member row and its history, the row agreeing with the last
        entry of each history."""
        member = draft.member
        for status, effective_on, reason, decision in draft.events:
            self.plan.status_changes.append(
                MemberStatusChange(
                    member=member,
                    status=status,
                    effective_on=effective_on,
                    reason=reason,
                    decision_number=decision,
                )
            )
        for stay in draft.stays:
            self.plan.placements.append(
                MemberPlacement(
                    member=member,
                    organization=stay.organization,
                    started_on=stay.started_on,
                    ended_on=stay.ended_on,
                    reason=stay.reason,
                    came_from=stay.came_from,
                    went_to=stay.went_to,
                    note=stay.note,
                )
            )
        member.status, member.status_since = draft.events[-1][:2]
        member.organization = draft.stays[-1].organization
        member.refresh_derived()
        self.plan.members.append(member)


# --- Writing it ------------------------------------------------------------------------------


def _create_organizations(organizations: list[Organization]) -> None:
    """bulk_create skips save(): set the folded name and sort key, then, once the new ids are
    known, the materialized path (parents are always created before their children)."""
    for organization in organizations:
        organization.name_folded = fold(organization.name)
        organization.sort_key = collation_key(organization.name)[:600]
    Organization.objects.bulk_create(organizations, batch_size=BATCH_SIZE)
    for organization in organizations:
        parent_path = organization.parent.path if organization.parent else ""
        organization.path = parent_path + path_segment(organization.pk)
        organization.depth = organization.path.count("/") - 1
    Organization.objects.bulk_update(organizations, ["path", "depth"], batch_size=BATCH_SIZE)


@transaction.atomic
def load(plan: DemoPlan) -> None:
    HostAgency.objects.bulk_create(plan.agencies, batch_size=BATCH_SIZE)
    _create_organizations([plan.bloc])
    _create_organizations(plan.grassroots)
    _create_organizations(plan.cells)
    # The successor is a sibling created in the same batch: its id is known only now.
    for merged, successor in plan.merges:
        merged.successor = successor
    Organization.objects.bulk_update([merged for merged, _ in plan.merges], ["successor"])
    ParentLink.objects.bulk_create(plan.parent_links, batch_size=BATCH_SIZE)
    Member.objects.bulk_create(plan.members, batch_size=BATCH_SIZE)
    MemberStatusChange.objects.bulk_create(plan.status_changes, batch_size=BATCH_SIZE)
    MemberPlacement.objects.bulk_create(plan.placements, batch_size=BATCH_SIZE)
    LeadershipPosition.objects.bulk_create(plan.positions, batch_size=BATCH_SIZE)


DEMO_USERNAMES = ("vanphong", "lanhdao", "danguy", "chibo", "chibocs", "kiemtra")


@transaction.atomic
def create_demo_users(plan: DemoPlan) -> None:
    """One user per role, named after the member who plays it, all with the demo password."""
    users = get_user_model().objects
    password = make_password(DEMO_PASSWORD)  # hashing is slow on purpose: do it once
    for login in plan.logins:
        family, middle, given = split_name(login.holder.full_name)
        user, _created = users.update_or_create(
            username=login.username,
            defaults={
                # Django's Vietnamese admin labels first_name "Tên" and last_name "Họ".
                "first_name": given,
                "last_name": f"{family} {middle}".strip(),
                "password": password,
                "is_staff": login.superuser,
                "is_superuser": login.superuser,
                "is_active": True,
            },
        )
        RoleAssignment.objects.get_or_create(
            user=user, organization=login.organization, role=login.role
        )


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, organization) of the demo users that exist, in a fixed order."""
    assignments = RoleAssignment.objects.filter(user__username__in=DEMO_USERNAMES).select_related(
        "user", "organization"
    )
    order = {username: index for index, username in enumerate(DEMO_USERNAMES)}
    rows = sorted(assignments, key=lambda a: (order[a.user.username], a.organization.path))
    return [(a.user.username, str(a.get_role_display()), a.organization.name) for a in rows]
