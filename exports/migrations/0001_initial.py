# The models that were rehab.ExportJob and rehab.ExportRecord, on their existing tables
# (rehab's migration 0003 made them; 0009 let go of them). No data moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Keep permissions granted on the export models: their content types change app."""
    ContentType = apps.get_model('contenttypes', 'ContentType')
    for model in ('exportjob', 'exportrecord'):
        if not ContentType.objects.filter(app_label='exports', model=model).exists():
            ContentType.objects.filter(app_label='rehab', model=model).update(app_label='exports')


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.filter(app_label='exports', model__in=('exportjob', 'exportrecord')).update(
        app_label='rehab'
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('patients', '0001_initial'),
        ('rehab', '0009_exports_own_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('logs_csv', 'All logs as CSV (zip)'), ('outcome_report', 'Outcome report (CSV and PDF, zip)')], max_length=20)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10)),
                        ('progress', models.PositiveSmallIntegerField(default=0, help_text='0-100.')),
                        ('date_from', models.DateField()),
                        ('date_to', models.DateField()),
                        ('file', models.CharField(blank=True, help_text='Path under MEDIA_ROOT.', max_length=300)),
                        ('file_name', models.CharField(blank=True, help_text='Name to download as.', max_length=200)),
                        ('rows', models.PositiveIntegerField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('expires_at', models.DateTimeField(blank=True, null=True)),
                        ('clinic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='patients.clinic')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'rehab_exportjob',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [
                            models.Index(fields=['clinic', '-created_at'], name='exportjob_clinic_created'),
                            models.Index(fields=['expires_at'], name='exportjob_expires'),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name='ExportRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('user_email', models.EmailField(help_text='Kept if the account is removed.', max_length=254)),
                        ('kind', models.CharField(choices=[('report_pdf', 'Patient report (PDF)'), ('report_html', 'Patient report (HTML)'), ('fhir', 'FHIR R4 bundle'), ('logs_csv', 'All logs as CSV (zip)'), ('outcome_report', 'Outcome report')], max_length=20)),
                        ('clinic_wide', models.BooleanField(default=False)),
                        ('date_from', models.DateField(blank=True, null=True)),
                        ('date_to', models.DateField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('clinic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='patients.clinic')),
                        ('job', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='records', to='exports.exportjob')),
                        ('patient', models.ForeignKey(blank=True, help_text='Empty: clinic-wide.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='patients.patient')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'rehab_exportrecord',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['clinic', '-created_at'], name='exportrecord_clinic')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
