"""The coordinator's contact upkeep page: starting a round, its progress and its reminders."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members import upkeep
from members.choices import Language, Role
from members.models import UpkeepRequest
from tests.factories.members import AppointmentFactory, PersonFactory
from tests.factories.workspace import member_with_people
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db

DEADLINE = timezone.localdate() + datetime.timedelta(days=30)


def _start(coordinator, **kwargs):
    return upkeep.upkeep_round_start(deadline=DEADLINE, actor=coordinator, **kwargs)


def _path(message) -> str:
    url = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    return url.group(1)


@pytest.fixture
def members():
    swedish = member_with_people(name_fi="Ruotsikunta", roles=(Role.CONTACT_PERSON, Role.WELFARE_COORDINATOR))
    contact = swedish.appointments.get(role=Role.CONTACT_PERSON).person
    contact.language = Language.SWEDISH
    contact.save()
    silent = member_with_people(name_fi="Hiljainen", roles=(Role.ELECTED_OFFICIAL,))
    no_email = member_with_people(name_fi="Postiton", roles=())
    AppointmentFactory(organisation=no_email, role=Role.CONTACT_PERSON, person=PersonFactory(email=""))
    return {"swedish": swedish, "silent": silent, "no_email": no_email}


def test_deadline_in_the_past_is_refused(coordinator_client, members):
    response = coordinator_client.post(reverse("workspace:upkeep"), {"deadline": "1.1.2020"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"]
    assert not UpkeepRequest.objects.exists()


def test_the_coordinator_sees_progress(coordinator_client, coordinator, members):
    _start(coordinator)
    response = coordinator_client.get(reverse("workspace:upkeep"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["progress"] == {
        "pending": 1,
        "confirmed": 0,
        "changed": 0,
        "unreachable": 2,
        "total": 3,
        "delivered": 0,
        "waiting": 1,
        "undelivered": 0,
    }
    assert "Hiljainen" in response.text


def test_start_through_the_page(coordinator_client, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("workspace:upkeep"), {"deadline": DEADLINE.strftime("%d.%m.%Y")})
    assert response.status_code == 302
    assert len(deliver_outbox()) == 1


def test_the_interval_is_set_on_the_start_page(coordinator_client, members):
    response = coordinator_client.post(
        reverse("workspace:upkeep"), {"deadline": DEADLINE.strftime("%d.%m.%Y"), "reminder_days": "7"}
    )
    assert response.status_code == 302
    assert upkeep.open_round().reminder_days == 7
