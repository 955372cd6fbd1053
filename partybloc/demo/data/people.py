"""Who the demo's members are: names as they are given in Ninh Thuận (Kinh, Chăm, Raglai, Hoa),
the province's districts and communes, where members came from and went, the jobs, schooling
and political theory of each kind of agency, and the reasons written in their history."""

from members.models import Gender, Status, TheoryLevel
from organizations.models import Organization
from partybloc.demo.draws import Weighted

Kind = Organization.Kind

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
