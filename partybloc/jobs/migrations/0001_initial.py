# The Job model, moved here from the reports app with its rows: reports.0003 renamed the table
# to jobs_job, so this only takes the model into the state (no table is created), renames its
# index to this app's name and points the content type (and so the permissions) at this app.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old='reports', new='jobs'):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    if not ContentType.objects.filter(app_label=new, model='job').exists():
        ContentType.objects.filter(app_label=old, model='job').update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old='jobs', new='reports')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reports', '0003_job_moves_to_the_jobs_app'),
        ('organizations', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('member_import', 'member import'), ('report', 'report rendering')], max_length=32, verbose_name='kind')),
                        ('state', models.CharField(choices=[('queued', 'queued'), ('running', 'running'), ('done', 'done'), ('failed', 'failed')], default='queued', max_length=8, verbose_name='state')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('params', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                        ('input_file', models.FileField(blank=True, upload_to='jobs/%Y/%m/', verbose_name='input file')),
                        ('output_file', models.FileField(blank=True, upload_to='jobs/%Y/%m/', verbose_name='output file')),
                        ('result', models.JSONField(blank=True, default=dict, verbose_name='result')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                        ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization', verbose_name='organization')),
                    ],
                    options={
                        'verbose_name': 'background job',
                        'verbose_name_plural': 'background jobs',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['created_by', '-created_at'], name='reports_job_created_1afa74_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RenameIndex(
            model_name='job',
            new_name='jobs_job_created_d1be9f_idx',
            old_name='reports_job_created_1afa74_idx',
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
