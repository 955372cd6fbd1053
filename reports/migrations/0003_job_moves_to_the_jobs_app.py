# The Job model moves to the jobs app (partybloc.jobs): its table is renamed here, with its
# rows, and the model leaves this app's state; jobs.0001_initial takes it into its own.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_report'),
    ]

    operations = [
        migrations.AlterModelTable(name='job', table='jobs_job'),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Job')],
            database_operations=[],
        ),
    ]
