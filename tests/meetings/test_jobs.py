"""The registrants' reminder a week before a day, a lost link asked for again, and the private
link on the registration's page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from post_office.models import Email

from meetings import services
from meetings.choices import PlaceStatus
from meetings.models import PRIVATE_LINK, RegistrationDay
from meetings.tasks import remind_registrants
from tervekunta import links
from tervekunta.models import JobRun
from tests.factories.meetings import EventDayFactory, EventFactory, RegistrationDayFactory, RegistrationFactory
from tests.outbox import deliver_outbox, run_tasks

pytestmark = pytest.mark.django_db


def _linked_registration(text: str):
    """The registration whose private link `text` carries."""
    token = re.search(r"/events/registration/([^/\s]+)/", text).group(1)
    return links.resolve(PRIVATE_LINK, token)


def _place(*, starts_in: datetime.timedelta, registered_ago: datetime.timedelta, **kwargs) -> RegistrationDay:
    day = EventDayFactory(starts_at=timezone.now() + starts_in, event=EventFactory(title="Verkostopäivä"))
    place = RegistrationDayFactory(
        day=day, registration=RegistrationFactory(event=day.event, **kwargs.pop("registration", {})), **kwargs
    )
    RegistrationDay.objects.filter(pk=place.pk).update(created_at=timezone.now() - registered_ago)
    return place


def test_registrants_are_reminded_once_a_week_before_their_day():
    due = _place(
        starts_in=datetime.timedelta(days=6),
        registered_ago=datetime.timedelta(days=30),
        registration={"language": "sv"},
    )
    _place(starts_in=datetime.timedelta(days=9), registered_ago=datetime.timedelta(days=30))  # not yet
    _place(starts_in=datetime.timedelta(days=5), registered_ago=datetime.timedelta(days=1))  # just registered
    _place(
        starts_in=datetime.timedelta(days=5), registered_ago=datetime.timedelta(days=30), status=PlaceStatus.WAITLISTED
    )
    _place(
        starts_in=datetime.timedelta(days=5),
        registered_ago=datetime.timedelta(days=30),
        registration={"cancelled": True},
        status=PlaceStatus.CANCELLED,
    )
    _place(starts_in=-datetime.timedelta(days=1), registered_ago=datetime.timedelta(days=30))  # over

    assert services.registration_remind_upcoming() == 1
    assert services.registration_remind_upcoming() == 0  # running twice sends nothing twice
    (message,) = deliver_outbox()
    assert message.to == [due.registration.email]
    assert message.subject == "Påminnelse: Verkostopäivä"
    assert _linked_registration(message.body) == due.registration
    due.refresh_from_db()
    assert due.reminded_at is not None


def test_the_scheduled_reminder_records_what_it_did():
    _place(starts_in=datetime.timedelta(days=3), registered_ago=datetime.timedelta(days=20))
    assert remind_registrants.call() == {"reminded": 1}
    assert remind_registrants.call() == {"reminded": 0}
    assert list(JobRun.objects.filter(job="remind_registrants").values_list("succeeded", flat=True)) == [True, True]


@pytest.mark.parametrize("email", ["anna@kunta.example", "nobody@nowhere.example"])
def test_a_lost_link_is_asked_for_again_and_the_page_tells_nothing(client, email, django_capture_on_commit_callbacks):
    upcoming = _place(
        starts_in=datetime.timedelta(days=30),
        registered_ago=datetime.timedelta(days=1),
        registration={"email": "anna@kunta.example"},
    )
    _place(  # an event that is over is not listed
        starts_in=-datetime.timedelta(days=30),
        registered_ago=datetime.timedelta(days=60),
        registration={"email": "anna@kunta.example"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:registration_link"), {"email": email.upper()}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Jos tällä osoitteella on ilmoittautumisia tuleviin tapahtumiin, niiden yksityiset linkit on lähetetty siihen."
    ]
    # The request did the same work for either address: it enqueued the search and nothing else.
    assert not Email.objects.exists()
    assert DBTaskResult.objects.get().task_path == "meetings.tasks.send_registration_links"
    run_tasks()
    sent = deliver_outbox()
    if email.startswith("anna"):
        (message,) = sent
        assert message.to == ["anna@kunta.example"]
        assert _linked_registration(message.body) == upcoming.registration
        assert message.body.count("/fi/events/registration/") == 1
    else:
        assert sent == []


def test_the_registration_page_shows_its_private_link(client):
    place = _place(starts_in=datetime.timedelta(days=30), registered_ago=datetime.timedelta(days=1))
    token = links.make_token(PRIVATE_LINK, place.registration)
    response = client.get(reverse("meetings:registration_detail", kwargs={"token": token}))
    assert response.context["private_link"].startswith("http")
    assert _linked_registration(response.context["private_link"]) == place.registration
    assert response.context["private_link"] in response.content.decode()
    assert "pidä se omana tietonasi" in response.content.decode()
