"""Loaded the admission procedures and rating scales when they belonged to this app. They moved
with the year's tables: year/0002_rules_as_data loads them now, into a database that has none
(a database migrated before the move keeps the rows this migration loaded then)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0003_year_work")]
    operations = []
