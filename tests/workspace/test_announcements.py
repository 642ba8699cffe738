from __future__ import annotations

import datetime
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.choices import DeliveryStatus, OrganisationKind, Role
from members.models import Announcement, Delivery
from members.workspace import announcements
from tests.factories.members import AppointmentFactory, MunicipalityFactory, PersonFactory
from tests.factories.workspace import AnnouncementFactory, DeliveryFactory, member_with_people

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


def test_preview_counts_without_sending(coordinator_client, members):
    response = coordinator_client.post(URL, _form(action="preview", to_elected_officials="on"))
    assert response.status_code == 200
    assert len(response.context["preview"]) == 5  # two roles in two members, and the shared address once
    assert not Announcement.objects.exists()


def test_filtered_recipients(members):
    north = members["north"]
    people = announcements.recipients(roles=[Role.CONTACT_PERSON], filters={"region": north.region})
    assert [a.organisation for a in people] == [north]


def test_send_and_retry_never_sends_twice(coordinator_client, members):
    data = _form(to_elected_officials="on")
    response = coordinator_client.post(URL, data)
    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:announcement_detail", kwargs={"pk": announcement.pk})
    assert announcement.deliveries.count() == 5
    assert announcement.deliveries.filter(email="sama@kunta.example").count() == 1

    assert announcements.send_pending() == (5, 0)
    assert announcements.send_pending() == (0, 0)  # the sender run again
    call_command("send_announcements")
    assert len(mail.outbox) == 5

    again = coordinator_client.post(URL, data)  # the same form submitted again
    assert again.status_code == 302
    assert Announcement.objects.count() == 1
    assert announcements.send_pending() == (0, 0)
    assert len(mail.outbox) == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(announcement.deliveries.values_list("email", flat=True))


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


def test_a_stale_claim_is_sent_later_but_a_fresh_one_is_not():
    now = timezone.now()
    DeliveryFactory.create_batch(3, announcement=AnnouncementFactory(), sending=True, claimed_at=now)
    assert announcements.deliveries_send(now=now) == (0, 0)
    assert announcements.deliveries_send(now=now + datetime.timedelta(minutes=16)) == (3, 0)


def test_no_recipients_group_is_refused(coordinator_client, members):
    data = _form()
    del data["to_contact_persons"]
    response = coordinator_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["to_contact_persons"]
    assert 'value="Verkostotapaaminen"' in response.text
    assert not Announcement.objects.exists()


def test_the_sender_starts_after_commit(coordinator_client, members, monkeypatch, django_capture_on_commit_callbacks):
    started = []
    monkeypatch.setattr(announcements, "start_background_sender", lambda: started.append(True))
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(URL, _form())
    assert started == [True]


def test_progress_page_lists_deliveries_and_offers_a_refresh_while_sending(coordinator_client, coordinator, members):
    announcement, _created = announcements.announcement_create(
        key=uuid.uuid4(),
        subject="S",
        body="B",
        to_contact_persons=True,
        to_elected_officials=False,
        filters={},
        actor=coordinator,
    )
    url = reverse("workspace:announcement_detail", kwargs={"pk": announcement.pk})
    page = coordinator_client.get(url)
    assert page.context["working"]
    assert f'href="{url}"' in page.text
    assert "sama@kunta.example" in page.text
    announcements.send_pending()
    page = coordinator_client.get(url)
    assert page.context["progress"]["sent"] == 3
    assert not page.context["working"]
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 3
