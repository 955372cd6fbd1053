"""The members' year becomes an app of its own (members/year, app label `year`).

Its tables are renamed from members_* to year_* (the rows stay where they are) and its models
leave this app's state; year/0001_initial takes them into its own state without touching the
database. Undone, the tables get their old names back."""

from django.db import migrations

# Dependents before what they point at, so the state never holds a dangling relation.
MODELS = [
    "candidatestep",
    "candidate",
    "admissionstep",
    "admissionrule",
    "rating",
    "ratingrule",
    "ratinglevel",
    "ratingscale",
    "target",
    "targetgroup",
    "commitment",
    "implementationplan",
    "directive",
]


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0004_rules_as_data"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # Also renames the candidates' introducers table (members_candidate_introducers).
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"year_{name}") for name in MODELS
            ],
            state_operations=[migrations.DeleteModel(name=name) for name in MODELS],
        ),
    ]
