"""The coordinator's announcement pages: preview, sending once, progress."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from members import announcements
from members.choices import OrganisationKind, Role
from members.models import Announcement, Delivery
from tests.factories.members import AppointmentFactory, MunicipalityFactory, PersonFactory
from tests.factories.workspace import member_with_people
from tests.outbox import deliver_outbox

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
