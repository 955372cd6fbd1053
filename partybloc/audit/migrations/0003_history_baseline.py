"""The history of changes begins: every row already in the register gets a first copy, as it
stands now, so that its first change shows what it was before. Rows written from now on get
theirs when they are created."""

from django.db import migrations
from django.utils import timezone

TRACKED = [
    ("organizations", "Organization"),
    ("members", "Member"),
    ("members", "LeadershipPosition"),
    ("inspections", "Complaint"),
    ("inspections", "DisciplineDecision"),
]
# partybloc.audit.history.BASELINE_REASON
BASELINE_REASON = "history-began"
BATCH = 2000


def record_baseline(apps, schema_editor):
    began = timezone.now()
    for app_label, name in TRACKED:
        model = apps.get_model(app_label, name)
        history = apps.get_model(app_label, f"Historical{name}")
        fields = [f.attname for f in history._meta.fields if not f.name.startswith("history_")]
        recorded = set(history.objects.values_list("id", flat=True).distinct())
        batch = []
        for row in model.objects.order_by("pk").values(*fields).iterator(chunk_size=BATCH):
            if row["id"] in recorded:
                continue
            batch.append(
                history(
                    **row,
                    history_date=began,
                    history_type="+",
                    history_change_reason=BASELINE_REASON,
                )
            )
            if len(batch) >= BATCH:
                history.objects.bulk_create(batch)
                batch = []
        history.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_access_records_are_final"),
        ("organizations", "0002_history"),
        ("members", "0006_history"),
        ("inspections", "0003_history"),
    ]

    operations = [migrations.RunPython(record_baseline, migrations.RunPython.noop)]
