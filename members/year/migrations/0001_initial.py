"""The members' year as an app of its own. Its tables already exist: members/0005 renamed them
from members_* to year_*, so this migration only takes the models into the state (creating the
tables on no database). The content types move with the models, so the admin's permissions and
history on them carry over."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = [
    "admissionrule",
    "admissionstep",
    "candidate",
    "candidatestep",
    "ratingscale",
    "ratinglevel",
    "ratingrule",
    "rating",
    "targetgroup",
    "target",
    "directive",
    "implementationplan",
    "commitment",
]


def move_content_types(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="members", target="year")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="year", target="members")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0005_year_moves_out"),
        ("organizations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='AdmissionRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('effective_from', models.DateField(unique=True, verbose_name='effective from')),
                        ('min_age', models.PositiveSmallIntegerField(default=18, verbose_name='minimum age')),
                        ('max_age', models.PositiveSmallIntegerField(default=60, verbose_name='maximum age')),
                        ('certificate_valid_months', models.PositiveSmallIntegerField(default=60, verbose_name='awareness course certificate valid for (months)')),
                    ],
                    options={
                        'verbose_name': 'admission rule',
                        'verbose_name_plural': 'admission rules',
                        'ordering': ['-effective_from'],
                    },
                ),
                migrations.CreateModel(
                    name='Directive',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=50, verbose_name='number')),
                        ('title', models.CharField(max_length=500, verbose_name='title')),
                        ('issued_on', models.DateField(verbose_name='issued on')),
                    ],
                    options={
                        'verbose_name': 'directive or resolution',
                        'verbose_name_plural': 'directives and resolutions',
                        'ordering': ['-issued_on'],
                    },
                ),
                migrations.CreateModel(
                    name='RatingLevel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField()),
                        ('code', models.SlugField(max_length=30)),
                        ('label', models.CharField(max_length=120, verbose_name='level')),
                        ('min_points', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('max_points', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('counts_as_good', models.BooleanField(default=False, help_text='Counted in the share of those rated well (targets and reports).', verbose_name='counts as rated well')),
                    ],
                    options={
                        'ordering': ['scale', 'order'],
                    },
                ),
                migrations.CreateModel(
                    name='RatingScale',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('subject', models.CharField(choices=[('member', 'party members'), ('organization', 'party organizations')], max_length=12, verbose_name='rated')),
                        ('first_year', models.PositiveSmallIntegerField(verbose_name='from year')),
                        ('last_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='to year')),
                        ('uses_points', models.BooleanField(default=False, verbose_name='scored on 100 points')),
                    ],
                    options={
                        'verbose_name': 'rating scale',
                        'verbose_name_plural': 'rating scales',
                        'ordering': ['subject', '-first_year'],
                    },
                ),
                migrations.CreateModel(
                    name='TargetGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('order', models.PositiveSmallIntegerField(default=1)),
                        ('name', models.CharField(max_length=255, verbose_name='target group')),
                    ],
                    options={
                        'verbose_name': 'target group',
                        'verbose_name_plural': 'target groups',
                        'ordering': ['year', 'order'],
                    },
                ),
                migrations.CreateModel(
                    name='AdmissionStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField()),
                        ('code', models.CharField(choices=[('course', 'awareness course'), ('helper', 'member assigned to help'), ('application', 'application and introductions'), ('verification', 'background verification'), ('cell_resolution', 'cell resolution'), ('committee_resolution', 'committee resolution'), ('decision', 'admission decision'), ('ceremony', 'admission ceremony')], max_length=24)),
                        ('forms', models.CharField(blank=True, max_length=100, verbose_name='forms')),
                        ('min_days_after_previous', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('max_days_after_previous', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('rule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='year.admissionrule')),
                    ],
                    options={
                        'ordering': ['rule', 'order'],
                    },
                ),
                migrations.CreateModel(
                    name='Candidate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('full_name', models.CharField(max_length=120, verbose_name='full name')),
                        ('gender', models.CharField(choices=[('male', 'male'), ('female', 'female')], max_length=6, verbose_name='gender')),
                        ('date_of_birth', models.DateField(verbose_name='date of birth')),
                        ('national_id', models.CharField(max_length=12, verbose_name='national ID (CCCD)')),
                        ('job', models.CharField(blank=True, max_length=255, verbose_name='job')),
                        ('youth_union_member', models.BooleanField(default=False, verbose_name='youth union member')),
                        ('state', models.CharField(choices=[('in_progress', 'in progress'), ('admitted', 'admitted'), ('withdrawn', 'withdrawn')], default='in_progress', max_length=12)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('helper', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member', verbose_name='member assigned to help')),
                        ('introducers', models.ManyToManyField(blank=True, related_name='+', to='members.member', verbose_name='introducers')),
                        ('member', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='candidacy', to='members.member')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='candidates', to='organizations.organization', verbose_name='party cell')),
                    ],
                    options={
                        'verbose_name': 'candidate',
                        'verbose_name_plural': 'candidates',
                        'ordering': ['full_name'],
                    },
                ),
                migrations.CreateModel(
                    name='CandidateStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('done_on', models.DateField(verbose_name='date')),
                        ('document_number', models.CharField(blank=True, max_length=50, verbose_name='document number')),
                        ('document', models.FileField(blank=True, upload_to='admissions/%Y/', verbose_name='document')),
                        ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps_done', to='year.candidate')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('step', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='year.admissionstep')),
                    ],
                    options={
                        'ordering': ['done_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Commitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('text', models.TextField(verbose_name='commitment and personal action plan')),
                        ('document', models.FileField(blank=True, upload_to='commitments/%Y/', verbose_name='document')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='members.member')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('directive', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='year.directive')),
                    ],
                ),
                migrations.CreateModel(
                    name='ImplementationPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('adopted_on', models.DateField(verbose_name='adopted on')),
                        ('text', models.TextField(blank=True, verbose_name='plan')),
                        ('document', models.FileField(blank=True, upload_to='plans/%Y/', verbose_name='document')),
                        ('directive', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plans', to='year.directive')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='implementation_plans', to='organizations.organization')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                ),
                migrations.CreateModel(
                    name='RatingRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('max_share', 'at most a share of those rated at a level'), ('disciplined_cap', 'a member disciplined this year at most a level')], max_length=20)),
                        ('percent', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('message', models.CharField(help_text='Shown to the person rating when the rule is broken (Vietnamese).', max_length=500, verbose_name='message')),
                        ('level', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='year.ratinglevel')),
                        ('scale', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='year.ratingscale')),
                    ],
                ),
                migrations.AddField(
                    model_name='ratinglevel',
                    name='scale',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='levels', to='year.ratingscale'),
                ),
                migrations.CreateModel(
                    name='Rating',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('points', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='points')),
                        ('not_rated', models.CharField(blank=True, choices=[('new', 'admitted less than six months ago'), ('exempt', 'exempt from meetings'), ('leave', 'on long leave or sick'), ('other', 'other reason')], max_length=8, verbose_name='not rated because')),
                        ('self_assessment', models.TextField(blank=True, verbose_name='self-assessment')),
                        ('state', models.CharField(choices=[('draft', 'draft'), ('approved', 'approved')], default='draft', max_length=10)),
                        ('rated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('approved_at', models.DateTimeField(blank=True, null=True)),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='members.member')),
                        ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='organizations.organization')),
                        ('rated_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('level', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='year.ratinglevel')),
                        ('scale', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='year.ratingscale')),
                    ],
                    options={
                        'ordering': ['year', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Target',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='indicator')),
                        ('measure', models.CharField(choices=[('members_admitted', 'members admitted in the year'), ('youth_share', 'share of youth union members among those admitted'), ('organizations_rated_well', 'share of grassroots organizations rated well'), ('members_rated_well', 'share of members rated well'), ('entered', 'entered by staff')], max_length=30, verbose_name='how it is measured')),
                        ('target_value', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='target')),
                        ('is_percent', models.BooleanField(default=False, verbose_name='a percentage')),
                        ('entered_value', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='actual (entered)')),
                        ('entered_source', models.CharField(blank=True, max_length=255, verbose_name='source of the figure')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='year.targetgroup')),
                    ],
                    options={
                        'verbose_name': 'target',
                        'verbose_name_plural': 'targets',
                        'ordering': ['group', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='admissionstep',
                    constraint=models.UniqueConstraint(fields=('rule', 'order'), name='admission_step_order_once'),
                ),
                migrations.AddConstraint(
                    model_name='admissionstep',
                    constraint=models.UniqueConstraint(fields=('rule', 'code'), name='admission_step_code_once'),
                ),
                migrations.AddConstraint(
                    model_name='candidate',
                    constraint=models.UniqueConstraint(condition=models.Q(('state', 'in_progress')), fields=('national_id',), name='candidate_once_in_progress', violation_error_message='This person is already a candidate in progress.'),
                ),
                migrations.AddConstraint(
                    model_name='candidatestep',
                    constraint=models.UniqueConstraint(fields=('candidate', 'step'), name='candidate_step_once'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.UniqueConstraint(fields=('directive', 'year', 'member'), name='commitment_once_a_year'),
                ),
                migrations.AddConstraint(
                    model_name='implementationplan',
                    constraint=models.UniqueConstraint(fields=('directive', 'organization'), name='plan_once'),
                ),
                migrations.AddConstraint(
                    model_name='ratinglevel',
                    constraint=models.UniqueConstraint(fields=('scale', 'order'), name='rating_level_order_once'),
                ),
                migrations.AddConstraint(
                    model_name='ratinglevel',
                    constraint=models.UniqueConstraint(fields=('scale', 'code'), name='rating_level_code_once'),
                ),
                migrations.AddConstraint(
                    model_name='rating',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('member__isnull', False), ('organization__isnull', True)), models.Q(('member__isnull', True), ('organization__isnull', False)), _connector='OR'), name='rating_one_subject'),
                ),
                migrations.AddConstraint(
                    model_name='rating',
                    constraint=models.CheckConstraint(condition=models.Q(('level__isnull', False), models.Q(('not_rated', ''), _negated=True), _connector='OR'), name='rating_level_or_reason'),
                ),
                migrations.AddConstraint(
                    model_name='rating',
                    constraint=models.UniqueConstraint(condition=models.Q(('member__isnull', False)), fields=('year', 'member'), name='rating_member_once_a_year'),
                ),
                migrations.AddConstraint(
                    model_name='rating',
                    constraint=models.UniqueConstraint(condition=models.Q(('organization__isnull', False)), fields=('year', 'organization'), name='rating_organization_once_a_year'),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
