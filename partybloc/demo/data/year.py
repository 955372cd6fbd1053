"""What the demo's year of work says: the candidates' names, the members' commitments under
Chỉ thị 05-CT/TW (and the text a few cells copy), and the targets of each year."""

from decimal import Decimal

from members.models import Gender

GIVEN = {
    Gender.MALE: ["Hoàng", "Khánh", "Phúc", "Quân", "Sơn", "Thắng", "Vinh"],
    Gender.FEMALE: ["Ánh", "Diệp", "Hạnh", "Linh", "Ngân", "Thảo", "Yến"],
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Huỳnh", "Võ", "Đổng"]
PLANS = [
    "Thường xuyên tu dưỡng, rèn luyện đạo đức cách mạng, nói đi đôi với làm.",
    "Cải cách thủ tục hành chính trong lĩnh vực phụ trách, rút ngắn thời gian giải quyết hồ sơ.",
    "Gương mẫu thực hành tiết kiệm, chống lãng phí trong sử dụng tài sản công.",
    "Tham gia đầy đủ sinh hoạt chi bộ và sinh hoạt nơi cư trú, giữ mối liên hệ với nhân dân.",
    "Giúp đỡ một quần chúng ưu tú phấn đấu vào Đảng trong năm.",
    "Nâng cao trình độ ngoại ngữ và tin học phục vụ chuyển đổi số của cơ quan.",
    "Chủ động nắm bắt tâm tư, nguyện vọng của đồng nghiệp và báo cáo chi ủy kịp thời.",
    "Không ngừng học tập lý luận chính trị, đọc và nghiên cứu các văn kiện của Đảng.",
]
PERSONAL = [
    "không để hồ sơ giải quyết quá hạn", "hoàn thành một đề tài nghiên cứu cấp cơ sở",
    "tham gia đầy đủ các lớp bồi dưỡng chuyên môn", "vận động quyên góp quỹ vì người nghèo",
    "hướng dẫn hai đồng nghiệp mới vào cơ quan", "số hóa toàn bộ hồ sơ lưu trữ của phòng",
    "đề xuất một sáng kiến cải tiến quy trình", "thăm hỏi gia đình chính sách trên địa bàn",
]  # fmt: skip
COPIED = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; hoàn thành tốt nhiệm vụ "
    "được giao; chấp hành nghiêm quy chế làm việc của cơ quan; giữ gìn đoàn kết nội bộ."
)
TARGETS = [  # (group, indicator, measure, target, percent, entered, source)
    ("Phát triển đảng viên", "Kết nạp đảng viên mới", "members_admitted", 100, False, None, ""),
    ("Phát triển đảng viên", "Tỷ lệ đoàn viên thanh niên trong số đảng viên mới", "youth_share",
     22, True, None, ""),
    ("Chất lượng tổ chức cơ sở đảng", "Tỷ lệ TCCSĐ hoàn thành tốt nhiệm vụ trở lên",
     "organizations_rated_well", 90, True, None, ""),
    ("Chất lượng đảng viên", "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên",
     "members_rated_well", 95, True, None, ""),
    ("Nhiệm vụ chính trị", "Tỷ lệ cơ quan, đơn vị hoàn thành kế hoạch năm", "entered", 95, True,
     Decimal("96.4"), "Báo cáo tổng kết của các cơ quan, đơn vị"),
    ("Học tập nghị quyết", "Tỷ lệ đảng viên học tập, quán triệt nghị quyết", "entered", 95, True,
     Decimal("98.2"), "Ban Tuyên giáo Đảng ủy Khối"),
    ("Kiểm tra, giám sát", "Số TCCSĐ được kiểm tra", "grassroots_inspected", 10, False, None,
     "Ủy ban Kiểm tra Đảng ủy Khối"),
    ("Dân vận", "Tỷ lệ cơ quan đạt chuẩn dân vận khéo", "entered", 80, True, Decimal("83"),
     "Ban Dân vận Đảng ủy Khối"),
]  # fmt: skip
