"""What the demo's inspection work says: who issues it, the themes of the year's plan, and seed
004's findings and remediation."""

from inspections.models import Finding

Category = Finding.Category
Topic = Finding.Topic

SUPERIOR = "Đảng bộ tỉnh Ninh Thuận"
ISSUER = "Đảng ủy Khối các cơ quan tỉnh"
ISSUER_SHORT = "ĐUK"
PLACE = "Ninh Thuận"
INSPECTION_COMMITTEE = "Ủy ban Kiểm tra Đảng ủy Khối"

THEMES = (
    "Việc sửa đổi, bổ sung quy chế làm việc sau đại hội",
    "Công tác đảng viên",
    "Công tác bảo vệ chính trị nội bộ",
)

# Seed 004's findings, by category and topic.
FINDINGS = (
    (Category.STRENGTH, Topic.WORKING_REGULATION,
     "Đã xây dựng được quy chế làm việc sau đại hội nhiệm kỳ 2025 - 2030."),
    (Category.STRENGTH, Topic.MEMBER_ASSIGNMENT,
     "Thực hiện việc phân công nhiệm vụ cho đảng viên, có theo dõi, đánh giá qua sinh hoạt chi "
     "bộ hằng tháng."),
    (Category.SHORTCOMING, Topic.WORKING_REGULATION,
     "Quy chế làm việc chưa sát với chức năng, nhiệm vụ, nhất là lề lối làm việc và mối quan hệ "
     "phối hợp với thủ trưởng cơ quan."),
    (Category.SHORTCOMING, Topic.MEETING_QUALITY,
     "Nội dung, quy trình sinh hoạt chi bộ chưa đầy đủ; chưa đóng dấu giáp lai sổ biên bản."),
    (Category.SHORTCOMING, Topic.RECORDS,
     "Chưa khai phiếu bổ sung hồ sơ đảng viên hằng năm, chưa đối khớp danh sách đảng viên và "
     "kiểm tra thẻ đảng."),
    (Category.CAUSE, Topic.OTHER,
     "Nhận thức và tinh thần trách nhiệm của cấp ủy trong công tác đảng viên chưa đầy đủ."),
    (Category.LESSON, Topic.OTHER,
     "Người đứng đầu cấp ủy phải nêu cao trách nhiệm, quan tâm chỉ đạo công tác xây dựng Đảng."),
    (Category.RECOMMENDATION, Topic.WORKING_REGULATION,
     "Rà soát, bổ sung quy chế làm việc sát hợp với chức năng, nhiệm vụ của tổ chức đảng."),
)  # fmt: skip
FINANCE_FINDINGS = (
    (Category.STRENGTH, Topic.FINANCE, "Thu, nộp đảng phí đúng quy định, sổ sách rõ ràng."),
    (Category.SHORTCOMING, Topic.FINANCE,
     "Chưa trích nộp đảng phí lên cấp trên đúng kỳ hạn; chứng từ chi chưa đầy đủ."),
    (Category.RECOMMENDATION, Topic.FINANCE,
     "Thực hiện nghiêm Quy định 342-QĐ/TW về chế độ đảng phí."),
)  # fmt: skip
REMEDIATION = (
    "Bổ sung quy chế làm việc, trình cấp ủy thông qua và gửi về Đảng ủy Khối.",
    "Đóng dấu giáp lai sổ biên bản sinh hoạt chi bộ; bổ sung phiếu đảng viên.",
)
FINANCE_REMEDIATION = "Nộp đủ đảng phí còn thiếu lên cấp trên và hoàn thiện chứng từ chi."
