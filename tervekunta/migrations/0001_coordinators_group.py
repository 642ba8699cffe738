from django.db import migrations

from tervekunta.permissions import grant_coordinator


def create_group(apps, schema_editor):
    grant_coordinator(apps, "members")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Coordinators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
