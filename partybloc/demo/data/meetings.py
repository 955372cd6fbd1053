"""What the demo's meetings say: where cells meet, the themes of thematic meetings, the news and
results read out, why members were absent."""

PLACES = ["Phòng họp cơ quan", "Hội trường tầng 2", "Phòng họp số 1", "Phòng làm việc chi bộ"]
TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05-CT/TW)",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Quán triệt Nghị quyết Trung ương 4 khóa XII về xây dựng, chỉnh đốn Đảng",
    "Phát triển đảng viên trong đoàn viên thanh niên",
    "Công tác bảo vệ chính trị nội bộ",
    "Thực hành tiết kiệm, chống lãng phí",
]
NEWS = [
    "Thông tin thời sự trong nước và của tỉnh trong tháng; các văn bản mới của cấp ủy cấp trên.",
    "Phổ biến kết luận của Ban Thường vụ Đảng ủy Khối về công tác tháng; tình hình kinh tế - "
    "xã hội của tỉnh.",
]
RESULTS = [
    "Chi bộ lãnh đạo cơ quan hoàn thành các nhiệm vụ chuyên môn trong tháng; 100% đảng viên "
    "đóng đảng phí đầy đủ.",
    "Hoàn thành kế hoạch công tác tháng; đảng viên chấp hành tốt nội quy, quy chế cơ quan.",
]
REASONS = ["Đi công tác", "Ốm", "Nghỉ phép", "Đi học tập trung"]
