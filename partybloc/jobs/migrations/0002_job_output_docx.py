# A report's .docx was kept at a path built by hand and named in result["docx"]: it becomes
# the job's own file field, output_docx (the file stays where it is).

from django.db import migrations, models


def docx_into_field(apps, schema_editor):
    Job = apps.get_model('jobs', 'Job')
    for job in Job.objects.filter(result__has_key='docx'):
        job.output_docx.name = job.result.pop('docx') or ''
        job.save(update_fields=['output_docx', 'result'])


def docx_back_into_result(apps, schema_editor):
    Job = apps.get_model('jobs', 'Job')
    for job in Job.objects.exclude(output_docx=''):
        job.result['docx'] = job.output_docx.name
        job.save(update_fields=['result'])


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='output_docx',
            field=models.FileField(blank=True, upload_to='jobs/%Y/%m/', verbose_name='Word file'),
        ),
        migrations.RunPython(docx_into_field, docx_back_into_result),
    ]
