# Export jobs and records moved to the exports app. Their tables stay where they are
# (the exports app's models name them), so only Django's idea of who owns them changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('rehab', '0008_nightly_once_per_date'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ExportRecord'),
                migrations.DeleteModel(name='ExportJob'),
            ],
            database_operations=[],
        ),
    ]
