from django.db import migrations

from tervekunta.permissions import grant_coordinator


def grant(apps, schema_editor):
    # Coordinators read the outbox and the job runs, and send failed messages again.
    grant_coordinator(apps, "tervekunta", actions=("view", "change"))


class Migration(migrations.Migration):
    dependencies = [
        ("tervekunta", "0002_outbox_and_jobs"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
