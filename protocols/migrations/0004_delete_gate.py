# The Gate rows were written on every publish and never read: the gates live in the
# version's definition (ProtocolVersion.parsed.gates), which everything reads.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('protocols', '0003_prescription_unlock'),
    ]

    operations = [
        migrations.DeleteModel(
            name='Gate',
        ),
    ]
