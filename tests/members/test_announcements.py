"""Announcements: the recipients, the deliveries and the sender that claims them."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from members import announcements
from members.choices import DeliveryStatus, OrganisationKind, Role
from tests.factories.members import AppointmentFactory, MunicipalityFactory, PersonFactory
from tests.factories.workspace import member_with_people

pytestmark = pytest.mark.django_db


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


def test_filtered_recipients(members):
    north = members["north"]
    people = announcements.recipients(roles=[Role.CONTACT_PERSON], filters={"region": north.region})
    assert [a.organisation for a in people] == [north]


def test_a_failure_is_recorded_and_the_rest_are_sent(coordinator, members, monkeypatch):
    announcement, _created = announcements.announcement_create(
        key=uuid.uuid4(),
        subject="S",
        body="B",
        to_contact_persons=True,
        to_elected_officials=False,
        filters={},
        actor=coordinator,
    )
    real = announcements.send_mail

    def flaky(subject, body, sender, to):
        if to == ["sama@kunta.example"]:
            raise OSError("mailbox unavailable")
        return real(subject, body, sender, to)

    monkeypatch.setattr(announcements, "send_mail", flaky)
    assert announcements.send_pending() == (2, 1)
    failed = announcement.deliveries.get(status=DeliveryStatus.FAILED)
    assert failed.email == "sama@kunta.example"
    assert "mailbox unavailable" in failed.error
    assert announcements.progress(announcement)["sent"] == 2


def test_a_stale_claim_is_sent_later_but_a_fresh_one_is_not(coordinator, members):
    announcement, _created = announcements.announcement_create(
        key=uuid.uuid4(),
        subject="S",
        body="B",
        to_contact_persons=True,
        to_elected_officials=False,
        filters={},
        actor=coordinator,
    )
    now = timezone.now()
    announcement.deliveries.update(status=DeliveryStatus.SENDING, claimed_at=now)
    assert announcements.deliveries_send(now=now) == (0, 0)
    assert announcements.deliveries_send(now=now + datetime.timedelta(minutes=16)) == (3, 0)
