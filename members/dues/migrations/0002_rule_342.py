"""The dues rule in force: Quy định 342-QĐ/TW ngày 28/12/2010 of the Politburo on party dues,
applied from 01/01/2011. Later rules are added as new rows (in the portal or the admin) with
the date they take effect, never by editing this one.

- 1% of monthly salary and allowances (tiền lương, các khoản phụ cấp) for salaried members;
- 0.5% of the monthly pension (lương bảo hiểm xã hội) for retired members;
- other members in the country (students, members without regular income) a fixed amount
  between 2,000 đ and 30,000 đ a month, set by the province: 3,000 đ and 5,000 đ here, as a
  default the office edits;
- a subordinate cell keeps 30% of what it collects and remits 70% to its grassroots committee;
- a grassroots organization in agencies and public units keeps 50% of what is collected in it
  and remits 50% to the level above.

Loaded only into a database with no rule; tests/conftest.py calls `load` to put it back after a
transactional test has emptied the tables."""

import datetime

from django.db import migrations

RULE_342 = {
    "name": "Quy định 342-QĐ/TW ngày 28/12/2010 về chế độ đảng phí",
    "effective_from": datetime.date(2011, 1, 1),
    "salary_percent": "1.000",
    "pension_percent": "0.500",
    "student_amount": 3000,
    "other_amount": 5000,
    "subordinate_cell_keeps_percent": 30,
    "grassroots_keeps_percent": 50,
    # Whole đồng: we found no rounding rule in 342-QĐ/TW (see DuesRule.round).
    "rounding": 1,
}


def load(apps, schema_editor):
    DuesRule = apps.get_model("dues", "DuesRule")
    if not DuesRule.objects.exists():
        DuesRule.objects.create(**RULE_342)


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
