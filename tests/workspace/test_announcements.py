from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from post_office.models import Email

from members.choices import DeliveryStatus, OrganisationKind, Role
from members.models import Announcement, Delivery
from members.workspace import announcements
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
    assert not announcement.deliveries.filter(message__isnull=True).exists()
    assert announcements.progress(announcement) == {"sent": 0, "waiting": 5, "failed": 0, "total": 5}

    assert len(deliver_outbox()) == 5
    assert len(deliver_outbox()) == 5  # the worker run again

    again = coordinator_client.post(URL, data)  # the same form submitted again
    assert again.status_code == 302
    assert Announcement.objects.count() == 1
    sent = deliver_outbox()
    assert len(sent) == 5
    assert sorted(m.to[0] for m in sent) == sorted(announcement.deliveries.values_list("email", flat=True))
    assert {m.subject for m in sent} == {"Verkostotapaaminen"} and {m.body.strip() for m in sent} == {"Tervetuloa."}
    assert announcements.progress(announcement) == {"sent": 5, "waiting": 0, "failed": 0, "total": 5}


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


def test_no_recipients_group_is_refused(coordinator_client, members):
    data = _form()
    del data["to_contact_persons"]
    response = coordinator_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["to_contact_persons"]
    assert 'value="Verkostotapaaminen"' in response.text
    assert not Announcement.objects.exists()


def test_the_worker_is_woken_once_after_commit(coordinator_client, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(URL, _form())
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == ["tervekunta.tasks.deliver_outbox"]


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
    deliver_outbox()
    page = coordinator_client.get(url)
    assert page.context["progress"]["sent"] == 3
    assert not page.context["working"]
    assert sum(1 for d in Delivery.objects.all() if d.sent_at is not None) == 3
