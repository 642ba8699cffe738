"""Announcements: whom they go to, and failures retried from the outbox."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from members import announcements
from members.choices import DeliveryStatus, OrganisationKind, Role
from tests.factories.members import AppointmentFactory, MunicipalityFactory, PersonFactory
from tests.factories.workspace import member_with_people
from tests.outbox import WorkerOnlyBackend, deliver_outbox

pytestmark = pytest.mark.django_db

URL = reverse("workspace:announcements")


@pytest.fixture
def members():
    north = MunicipalityFactory(code="901", region__code="19")
    a = member_with_people(name_fi="Pohjola", kind=OrganisationKind.MUNICIPALITY, municipality=north)
    b = member_with_people(name_fi="Etelä")
    # One person is both contact person and elected official somewhere: one e-mail, not two.
    shared = PersonFactory(email="Sama@Kunta.example")
    c = member_with_people(name_fi="Kaksoisrooli", roles=())
    AppointmentFactory(organisation=c, role=Role.CONTACT_PERSON, person=shared)
    AppointmentFactory(organisation=c, role=Role.ELECTED_OFFICIAL, person=shared)
    return {"north": a, "south": b, "double": c}


def _form(**overrides) -> dict:
    data = {
        "key": str(uuid.uuid4()),
        "subject": "Verkostotapaaminen",
        "body": "Tervetuloa.",
        "to_contact_persons": "on",
        "action": "send",
    }
    data.update(overrides)
    return data


def test_filtered_recipients(members):
    north = members["north"]
    people = announcements.recipients(roles=[Role.CONTACT_PERSON], filters={"region": north.region})
    assert [a.organisation for a in people] == [north]


class RefusesOneAddress(WorkerOnlyBackend):
    def send_messages(self, messages):
        if any("sama@kunta.example" in m.to for m in messages):
            raise OSError("mailbox unavailable")
        return super().send_messages(messages)


def test_a_failure_is_retried_and_the_rest_are_sent(coordinator, members, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesOneAddress"
    announcement, _created = announcements.announcement_create(
        key=uuid.uuid4(),
        subject="S",
        body="B",
        to_contact_persons=True,
        to_elected_officials=False,
        filters={},
        actor=coordinator,
    )
    assert len(deliver_outbox()) == 2
    assert announcements.progress(announcement) == {"sent": 2, "waiting": 1, "failed": 0, "total": 3}
    waiting = announcement.deliveries.get(email="sama@kunta.example")
    assert waiting.status == DeliveryStatus.WAITING
    assert "mailbox unavailable" in waiting.message.logs.get().message
    # Every attempt fails: once the retries are spent the delivery counts as failed.
    for _attempt in settings.OUTBOX_RETRY_MINUTES:
        Email.objects.filter(pk=waiting.message_id).update(scheduled_time=timezone.now())
        deliver_outbox()
    assert announcements.progress(announcement) == {"sent": 2, "waiting": 0, "failed": 1, "total": 3}
    assert announcement.deliveries.get(email="sama@kunta.example").status == DeliveryStatus.FAILED
