from django.db import migrations

from tervekunta.permissions import grant_coordinator


def grant(apps, schema_editor):
    grant_coordinator(apps, "applications")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("tervekunta", "0001_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
