"""Application status changes move into the project's one audit trail (tervekunta.StatusChange)."""

from django.db import migrations

BATCH = 500


def _application_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="applications", model="application")
    return content_type


def copy_to_shared(apps, schema_editor):
    Old = apps.get_model("applications", "ApplicationStatusChange")
    StatusChange = apps.get_model("tervekunta", "StatusChange")
    if not Old.objects.exists():
        return
    content_type = _application_type(apps)
    StatusChange.objects.bulk_create(
        (
            StatusChange(
                content_type=content_type,
                object_id=row.application_id,
                field="status",
                old_status=row.old_status,
                new_status=row.new_status,
                actor_id=row.actor_id,
                note=row.note,
                created_at=row.created_at,
            )
            for row in Old.objects.order_by("created_at", "pk").iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )


def copy_back(apps, schema_editor):
    Old = apps.get_model("applications", "ApplicationStatusChange")
    StatusChange = apps.get_model("tervekunta", "StatusChange")
    content_type = _application_type(apps)
    rows = StatusChange.objects.filter(content_type=content_type, field="status")
    Old.objects.bulk_create(
        (
            Old(
                application_id=row.object_id,
                old_status=row.old_status,
                new_status=row.new_status,
                actor_id=row.actor_id,
                note=row.note,
                created_at=row.created_at,
            )
            for row in rows.order_by("created_at", "pk").iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_draft_reminder"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tervekunta", "0004_status_change"),
    ]

    operations = [
        migrations.RunPython(copy_to_shared, copy_back),
        migrations.DeleteModel(name="ApplicationStatusChange"),
    ]
