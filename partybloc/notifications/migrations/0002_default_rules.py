"""The reminder rules in force from the start, each a row the bloc office edits in the
administration (a change is a new row with the date it takes effect). tests/conftest.py calls
`load` to put them back after a transactional test has emptied the tables."""

import datetime

from django.db import migrations

FROM = datetime.date(2020, 1, 1)
RESPONSIBLE = 0
# (code, name, days before, days after, committee after, bloc after)
RULES = [
    ("minutes_overdue", "Biên bản sinh hoạt chưa nộp đúng hạn", 3, 0, 7, 30),
    ("month_without_meeting", "Tháng chưa sinh hoạt chi bộ thường kỳ", 7, 0, 10, 40),
    ("quarter_without_thematic", "Quý chưa sinh hoạt chuyên đề", 15, 0, 15, 45),
    ("admission_step", "Bước kết nạp đảng viên sắp đến hạn hoặc quá hạn", 7, 0, 7, 30),
    (
        "certificate_expiring",
        "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng sắp hết hạn",
        60, 0, 1, None,
    ),
    ("recognition_due", "Đảng viên dự bị đến hạn xét công nhận chính thức", 30, 0, 15, 60),
    ("remediation_due", "Nội dung khắc phục sau kiểm tra sắp đến hạn hoặc quá hạn", 14, 0, 7, 30),
    ("ratings_not_done", "Chưa hoàn thành đánh giá, xếp loại chất lượng cuối năm", 30, 0, 10, 31),
    ("term_without_congress", "Hết nhiệm kỳ chưa tổ chức đại hội", 180, 0, 1, 30),
    ("regulation_not_revised", "Quy chế làm việc chưa sửa đổi sau đại hội", 0, 90, 30, 90),
    # Read from the open early warnings (inspections/early_warnings), refreshed by the run.
    ("dues_arrears", "Đảng viên nợ đảng phí từ ba tháng trở lên; chi bộ chưa nộp đảng phí", 0, 0, 15, 45),
    (
        "member_missed_meetings",
        "Đảng viên bỏ sinh hoạt chi bộ ba tháng trong năm không có lý do",
        0, 0, 15, 45,
    ),
]


def load(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for code, name, before, after, committee, bloc in RULES:
        if ReminderRule.objects.filter(code=code).exists():
            continue
        ReminderRule.objects.create(
            code=code,
            name=name,
            enabled=True,
            days_before=before,
            days_after=after,
            escalate_to_committee_after=committee,
            escalate_to_bloc_after=bloc,
            first_level=RESPONSIBLE,
            effective_from=FROM,
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_notifications")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
