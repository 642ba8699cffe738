from django.db import migrations

from tervekunta.permissions import grant_coordinator


def grant(apps, schema_editor):
    grant_coordinator(apps, "members")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_upkeep_changes"),
        ("tervekunta", "0001_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
