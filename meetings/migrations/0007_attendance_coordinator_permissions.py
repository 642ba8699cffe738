from django.db import migrations

from tervekunta.permissions import grant_coordinator


def grant(apps, schema_editor):
    grant_coordinator(apps, "meetings")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_attendance_without_registration"),
        ("tervekunta", "0001_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
