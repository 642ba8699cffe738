"""Deleting a record with personal data in the admin leaves nothing of it behind."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from post_office.models import Email

from applications import services as application_services
from meetings.models import Registration, RegistrationDay
from members.models import Person
from tervekunta.deletion import delete_personal_records
from tervekunta.mail import queue_mail
from tervekunta.models import ErasureRecord, StatusChange
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import EventDayFactory, RegistrationDayFactory, RegistrationFactory
from tests.factories.members import PersonFactory
from tests.personal_data_scan import rows_holding

pytestmark = pytest.mark.django_db


def _send_to(address: str) -> None:
    queue_mail(
        to=address,
        template="meetings/email/registration_links",
        language="fi",
        context={"links": [], "site_url": "https://example.invalid"},
    )


def _admin_delete(client, model_label: str, pk: int):
    return client.post(reverse(f"admin:{model_label}_delete", args=[pk]), {"post": "yes"})


def test_deleting_an_application_and_a_registration_in_the_admin_leaves_nothing(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(applicant_email="hakija@kunta.example")
    application_services.application_submit(application=application, explanations={})
    application.refresh_from_db()
    minutes = application.documents.get().file.name
    assert default_storage.exists(minutes)
    registration = RegistrationFactory(email="osallistuja@kunta.example", diet="gluteeniton")
    RegistrationDayFactory(registration=registration, day=EventDayFactory(event=registration.event))
    registration.name = "Uusi Nimi"
    registration.save()  # a second history row
    with django_capture_on_commit_callbacks(execute=True):
        _send_to("osallistuja@kunta.example")
    assert rows_holding("hakija@kunta.example") and rows_holding("osallistuja@kunta.example")
    assert StatusChange.objects.filter(object_id=application.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_delete(coordinator_client, "applications_application", application.pk)
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_delete(coordinator_client, "meetings_registration", registration.pk)
    assert response.status_code == 302

    assert rows_holding("hakija@kunta.example") == []
    assert rows_holding("osallistuja@kunta.example") == []
    assert rows_holding("Uusi Nimi") == []
    assert not default_storage.exists(minutes)
    assert not StatusChange.objects.filter(object_id=application.pk).exists()
    records = {(r.kind, r.count) for r in ErasureRecord.objects.filter(reason="deleted", actor=coordinator)}
    assert {
        ("applications.application", 1),
        ("meetings.registration", 1),
        ("meetings.registrationday", 1),
        ("post_office.email", 1),
    } <= records


def test_delete_selected_removes_the_history_of_every_person(coordinator, coordinator_client):
    people = PersonFactory.create_batch(3)
    kept = PersonFactory(email="pysyy@kunta.example")
    response = coordinator_client.post(
        reverse("admin:members_person_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in people], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk__in=[p.pk for p in people]).exists()
    assert not Person.history.filter(id__in=[p.pk for p in people]).exists()
    for person in people:
        assert rows_holding(person.email) == []
    assert Person.history.filter(id=kept.pk).exists()
    record = ErasureRecord.objects.get(reason="deleted", kind="members.person")
    assert record.count == 3 and record.actor == coordinator


def test_a_message_to_an_address_another_record_still_uses_stays(django_capture_on_commit_callbacks):
    first = RegistrationFactory(email="sama@kunta.example")
    RegistrationFactory(email="sama@kunta.example")
    with django_capture_on_commit_callbacks(execute=True):
        _send_to("sama@kunta.example")
    delete_personal_records([first], reason="deleted")
    assert Registration.objects.filter(email="sama@kunta.example").count() == 1
    assert Email.objects.count() == 1


def test_deleting_many_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    registrations = RegistrationFactory.create_batch(20)
    for registration in registrations:
        RegistrationDayFactory(registration=registration, day=EventDayFactory(event=registration.event))
    # django-simple-history writes one row per deleted row (removed again with the rest of the
    # history): 40; the events' public pages count each deleted place as a change of their
    # places left (tervekunta.http.content_changed): 40; everything else is a few queries per
    # kind of record, not per record.
    with django_assert_max_num_queries(40 + 40 + 30):
        delete_personal_records(Registration.objects.all(), reason="deleted")
    assert not Registration.objects.exists() and not RegistrationDay.objects.exists()
    assert not Registration.history.exists()


def test_deleting_a_record_takes_the_letters_only_its_messages_held(django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from post_office.models import Attachment

    registration = RegistrationFactory(email="kirjeen.saaja@kunta.example")
    message = Email.objects.create(
        from_email="tervekunta@thl.fi", to=[registration.email], subject="Päätös", message="Liitteenä päätös."
    )
    attachment = Attachment(name="Paatos.pdf")
    attachment.file.save("Paatos.pdf", ContentFile(b"%PDF-1.4 letter"))
    attachment.emails.add(message)
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_personal_records(Registration.objects.filter(pk=registration.pk), reason="deleted")

    assert not Email.objects.exists() and not Attachment.objects.exists()
    assert not storage.exists(name)
