"""The admission procedures and rating scales in force, each from the date or year it applies.
New rules are added as new rows (in the admin or a later migration), never by editing code.

Each kind is loaded only into a database that has none: one migrated before the year became its
own app got them from members/0004 (then in the members app) and keeps them. tests/conftest.py
calls `load` to put them back after a transactional test has emptied the tables."""

import datetime

from django.db import migrations

FOUR_LEVELS = [
    ("xuat-sac", "Hoàn thành xuất sắc nhiệm vụ", True),
    ("tot", "Hoàn thành tốt nhiệm vụ", True),
    ("hoan-thanh", "Hoàn thành nhiệm vụ", False),
    ("khong-hoan-thanh", "Không hoàn thành nhiệm vụ", False),
]
POINTS = {"xuat-sac": (90, 100), "tot": (70, 89), "hoan-thanh": (50, 69),
          "khong-hoan-thanh": (0, 49)}
OLD_ORGANIZATION_LEVELS = [
    ("trong-sach-vung-manh", "Trong sạch, vững mạnh", True),
    ("hoan-thanh-tot", "Hoàn thành tốt nhiệm vụ", True),
    ("hoan-thanh", "Hoàn thành nhiệm vụ", False),
    ("yeu-kem", "Yếu kém", False),
]
STEPS_2021 = [  # (code, forms, min days after the previous step, max days)
    ("course", "", None, None),
    ("helper", "", None, None),
    ("application", "1-KNĐ, 2-KNĐ, 3-KNĐ, 4-KNĐ", 90, None),
    ("verification", "5-KNĐ", None, 90),
    ("cell_resolution", "6-KNĐ", None, 60),
    ("committee_resolution", "7-KNĐ", None, 30),
    ("decision", "8-KNĐ", None, 30),
    ("ceremony", "9-KNĐ", None, 30),
]
# Hướng dẫn 06-HD/TW (2025): shorter intervals for verification and the decision.
STEPS_2025 = [
    ("course", "", None, None),
    ("helper", "", None, None),
    ("application", "1-KNĐ, 2-KNĐ, 3-KNĐ, 4-KNĐ", 90, None),
    ("verification", "5-KNĐ", None, 60),
    ("cell_resolution", "6-KNĐ", None, 30),
    ("committee_resolution", "7-KNĐ", None, 30),
    ("decision", "8-KNĐ", None, 20),
    ("ceremony", "9-KNĐ", None, 30),
]


def load(apps, schema_editor):
    AdmissionRule = apps.get_model("year", "AdmissionRule")
    AdmissionStep = apps.get_model("year", "AdmissionStep")
    RatingScale = apps.get_model("year", "RatingScale")
    if not AdmissionRule.objects.exists():
        load_admission_rules(AdmissionRule, AdmissionStep)
    if not RatingScale.objects.exists():
        load_rating_scales(RatingScale, apps.get_model("year", "RatingLevel"),
                           apps.get_model("year", "RatingRule"))


def load_admission_rules(AdmissionRule, AdmissionStep):
    for name, start, steps in [
        ("Hướng dẫn 01-HD/TW (2021)", datetime.date(2021, 9, 28), STEPS_2021),
        ("Hướng dẫn 06-HD/TW (2025)", datetime.date(2025, 6, 9), STEPS_2025),
    ]:
        rule = AdmissionRule.objects.create(name=name, effective_from=start, min_age=18,
                                            max_age=60, certificate_valid_months=60)
        for order, (code, forms, low, high) in enumerate(steps, start=1):
            AdmissionStep.objects.create(rule=rule, order=order, code=code, forms=forms,
                                         min_days_after_previous=low, max_days_after_previous=high)


def load_rating_scales(RatingScale, RatingLevel, RatingRule):
    def scale(name, subject, first, last, levels, points=False):
        made = RatingScale.objects.create(name=name, subject=subject, first_year=first,
                                          last_year=last, uses_points=points)
        by_code = {}
        for order, (code, label, good) in enumerate(levels, start=1):
            low, high = POINTS.get(code, (None, None)) if points else (None, None)
            by_code[code] = RatingLevel.objects.create(
                scale=made, order=order, code=code, label=label, counts_as_good=good,
                min_points=low, max_points=high)
        return made, by_code

    scale("Xếp loại tổ chức cơ sở đảng (2016–2017)", "organization", 2016, 2017,
          OLD_ORGANIZATION_LEVELS)
    for subject in ("member", "organization"):
        for name, first, last, points in [
            ("Quy định 132-QĐ/TW, 124-QĐ/TW: bốn mức", 2018 if subject == "organization" else 2016,
             2024, False),
            ("Quy định 366-QĐ/TW: thang điểm 100", 2025, None, True),
        ]:
            made, levels = scale(name, subject, first, last, FOUR_LEVELS, points)
            if subject == "member":
                RatingRule.objects.create(
                    scale=made, kind="max_share", level=levels["xuat-sac"], percent=20,
                    message="Số đảng viên xếp loại “Hoàn thành xuất sắc nhiệm vụ” không được "
                            "vượt quá 20% số đảng viên được xếp loại.")
                RatingRule.objects.create(
                    scale=made, kind="disciplined_cap", level=levels["hoan-thanh"],
                    message="Đảng viên bị xử lý kỷ luật trong năm chỉ được xếp loại từ “Hoàn "
                            "thành nhiệm vụ” trở xuống.")


class Migration(migrations.Migration):
    dependencies = [("year", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
