"""The decision given on each application, and its minutes, become the application's first document."""

from django.db import migrations


def forwards(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    ApplicationDocument = apps.get_model("applications", "ApplicationDocument")
    documents = []
    for application in Application.objects.iterator():
        given = (
            application.deciding_body,
            application.decision_date,
            application.decision_section,
            application.decision_record,
            application.minutes.name,
        )
        if not any(given):
            continue
        documents.append(
            ApplicationDocument(
                application=application,
                kind="joining_decision",
                deciding_body=application.deciding_body,
                decision_date=application.decision_date,
                section=application.decision_section,
                record=application.decision_record,
                file=application.minutes.name,
                uploaded_at=application.submitted_at or application.created_at,
            )
        )
    ApplicationDocument.objects.bulk_create(documents)


def backwards(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    ApplicationDocument = apps.get_model("applications", "ApplicationDocument")
    for application in Application.objects.iterator():
        first = (
            ApplicationDocument.objects.filter(application=application, kind="joining_decision")
            .order_by("uploaded_at", "pk")
            .first()
        )
        if first is None:
            continue
        application.deciding_body = first.deciding_body
        application.decision_date = first.decision_date
        application.decision_section = first.section
        application.decision_record = first.record
        application.minutes = first.file.name
        application.save(
            update_fields=["deciding_body", "decision_date", "decision_section", "decision_record", "minutes"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_application_documents"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
