"""The decision once kept on the application itself becomes its first document, and back."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.db import restore_coordinator_group

BEFORE = [("applications", "0006_application_documents")]
AFTER = [("applications", "0008_remove_application_decision_fields")]


@pytest.fixture
def executor(django_db_blocker):
    executor = MigrationExecutor(connection)
    yield executor
    # Back to the latest state for the tests that follow, whatever happened above.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    with django_db_blocker.unblock():
        restore_coordinator_group()


@pytest.mark.django_db(transaction=True)
def test_the_decision_on_an_application_becomes_its_first_document(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Application = old.get_model("applications", "Application")
    common = {
        "kind": "other",
        "applicant_name": "Minna Koskinen",
        "applicant_title": "hyvinvointijohtaja",
        "applicant_email": "minna@virrat.example",
        "status_changed_at": datetime.datetime(2023, 6, 14, tzinfo=datetime.UTC),
    }
    decided = Application.objects.create(
        organisation_name="Kuntayhtymä A",
        deciding_body="committee",
        decision_date=datetime.date(2023, 6, 13),
        decision_section="HYVLTK 13.06.2023 § 26",
        decision_record="257/05.00.00/2023",
        minutes="applications/x/minutes-0123456789abcdef.pdf",
        **common,
    )
    Application.objects.create(organisation_name="Kuntayhtymä B", **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Document = new.get_model("applications", "ApplicationDocument")
    document = Document.objects.get()
    assert document.application_id == decided.pk
    assert (document.kind, document.deciding_body, document.decision_date) == (
        "joining_decision",
        "committee",
        datetime.date(2023, 6, 13),
    )
    assert (document.section, document.record) == ("HYVLTK 13.06.2023 § 26", "257/05.00.00/2023")
    assert document.file.name == "applications/x/minutes-0123456789abcdef.pdf"
    fields = {field.name for field in new.get_model("applications", "Application")._meta.get_fields()}
    assert not fields & {"deciding_body", "decision_date", "decision_section", "decision_record", "minutes"}

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    restored = executor.loader.project_state(BEFORE).apps.get_model("applications", "Application")
    assert restored.objects.get(pk=decided.pk).decision_section == "HYVLTK 13.06.2023 § 26"
