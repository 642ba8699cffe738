"""The coordinator's contact upkeep page: starting a round and following its progress."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import upkeep
from members.choices import Role
from members.models import UpkeepRequest
from tests.factories.members import AppointmentFactory, PersonFactory
from tests.factories.workspace import member_with_people

pytestmark = pytest.mark.django_db

DEADLINE = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def members():
    """One member whose contact person can be reached, one without a contact person and one
    whose contact person has no e-mail address."""
    member_with_people(name_fi="Tavoitettava", roles=(Role.CONTACT_PERSON,))
    member_with_people(name_fi="Hiljainen", roles=(Role.ELECTED_OFFICIAL,))
    no_email = member_with_people(name_fi="Postiton", roles=())
    AppointmentFactory(organisation=no_email, role=Role.CONTACT_PERSON, person=PersonFactory(email=""))


def test_deadline_in_the_past_is_refused(coordinator_client, members):
    response = coordinator_client.post(reverse("workspace:upkeep"), {"deadline": "1.1.2020"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"]
    assert not UpkeepRequest.objects.exists()


def test_the_coordinator_sees_progress(coordinator_client, coordinator, members):
    upkeep.upkeep_round_start(deadline=DEADLINE, actor=coordinator)
    response = coordinator_client.get(reverse("workspace:upkeep"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["progress"] == {
        "pending": 1,
        "confirmed": 0,
        "changed": 0,
        "unreachable": 2,
        "total": 3,
    }
    assert "Hiljainen" in response.text


def test_start_through_the_page(coordinator_client, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("workspace:upkeep"), {"deadline": DEADLINE.strftime("%d.%m.%Y")})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
