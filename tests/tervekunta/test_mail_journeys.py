"""Every journey that sends mail, with a real SMTP server in the test process.

The server down: each page answers as it normally does and everything is stored, the messages
waiting in the outbox. The server up again: the worker delivers each message exactly once. A
server that accepts the connection and never answers: no web request ever connects to it.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from applications.choices import ApplicationStatus
from applications.models import PRIVATE_LINK as APPLICATION_LINK
from applications.models import Application
from meetings.models import PRIVATE_LINK as REGISTRATION_LINK
from meetings.models import Registration
from members.models import Announcement, UpkeepRound
from tervekunta import links, outbox
from tests.applications.test_views import _form_data, _pdf
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import network_days
from tests.factories.workspace import member_with_people
from tests.outbox import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(register, coordinator):
    from members.models import Municipality

    member_with_people(name_fi="Jäsenkunta")
    event, open_day, _members_day = network_days()
    return {
        "virrat": Municipality.objects.get(name_fi="Virrat"),
        "event": event,
        "open_day": open_day,
        "waiting": ApplicationFactory(submitted=True, applicant_email="odottava@kunta.example"),
    }


def _journeys(coordinator_client, world) -> dict[str, int]:
    """Walk every journey that sends mail; returns each page's status code by journey."""
    client = Client()  # the applicant and the registrant, without an account
    statuses = {}
    response = client.post(reverse("applications:apply"), _form_data(world["virrat"], minutes=_pdf()))
    statuses["draft"] = response.status_code
    token = links.make_token(APPLICATION_LINK, Application.objects.get(municipality=world["virrat"]))
    statuses["draft page"] = client.get(reverse("applications:status", kwargs={"token": token})).status_code
    response = client.post(
        reverse("applications:check", kwargs={"token": token}),
        {"explain_joining-decision": "Kaupunginhallitus käsittelee asian 21.8.2023."},
    )
    statuses["submission"] = response.status_code
    if response.status_code == 200:
        raise AssertionError(response.context["form"].errors)
    statuses["application link"] = client.post(
        reverse("applications:renew"), {"email": "minna.koskinen@virrat.example"}
    ).status_code
    response = client.post(
        reverse("meetings:register", args=[world["event"].pk]),
        {
            "name": "Anna Virtanen",
            "email": "anna@yhdistys.example",
            "organisation_other": "Yhdistys ry",
            "days": [world["open_day"].pk],
            "mode": "in_person",
        },
    )
    statuses["registration"] = response.status_code
    registration = Registration.objects.get(email="anna@yhdistys.example")
    statuses["registration page"] = client.get(response["Location"]).status_code
    statuses["registration link"] = client.post(
        reverse("meetings:registration_link"), {"email": "anna@yhdistys.example"}
    ).status_code
    statuses["cancellation"] = client.post(
        reverse("meetings:registration_cancel", kwargs={"token": links.make_token(REGISTRATION_LINK, registration)}),
        {"days": [world["open_day"].pk]},
    ).status_code
    statuses["information request"] = coordinator_client.post(
        reverse("applications:coordinator_action", kwargs={"pk": world["waiting"].pk, "action": "request_info"}),
        {"question": "Missä on pöytäkirja?"},
    ).status_code
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    statuses["upkeep round"] = coordinator_client.post(reverse("workspace:upkeep"), {"deadline": deadline}).status_code
    statuses["announcement"] = coordinator_client.post(
        reverse("workspace:announcements"),
        {"key": str(uuid.uuid4()), "subject": "Tiedote", "body": "Hei.", "to_contact_persons": "on", "action": "send"},
    ).status_code
    return statuses


def _stored(world) -> None:
    application = Application.objects.get(municipality=world["virrat"])
    assert application.status == ApplicationStatus.SUBMITTED
    assert Registration.objects.get(email="anna@yhdistys.example").cancelled_at is not None
    world["waiting"].refresh_from_db()
    assert world["waiting"].status == ApplicationStatus.INFO_REQUESTED
    assert UpkeepRound.objects.filter(is_open=True).exists()
    assert Announcement.objects.count() == 1


NORMAL_PAGES = {
    "draft": 302,
    "draft page": 200,
    "submission": 302,
    "application link": 302,
    "registration": 302,
    "registration page": 200,
    "registration link": 302,
    "cancellation": 302,
    "information request": 302,
    "upkeep round": 302,
    "announcement": 302,
}


def test_with_the_server_down_every_journey_is_stored_and_later_delivered_once(
    coordinator_client, world, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the wake-ups after each commit run, as in production
        statuses = _journeys(coordinator_client, world)
    assert statuses == NORMAL_PAGES
    _stored(world)
    # Draft, submission and the coordinators' notice, registration, cancellation, question,
    # upkeep request, announcement; the link requests are still only enqueued searches.
    assert Email.objects.filter(status=STATUS.queued).count() == Email.objects.count() == 8

    run_tasks()  # the worker runs while the server is still down: the messages wait for a retry
    assert not Email.objects.filter(status=STATUS.sent).exists()
    assert Email.objects.filter(status=STATUS.requeued).count() >= 8
    assert Email.objects.count() == 9  # the application's link (the registration was cancelled meanwhile)

    smtp_server.start()
    Email.objects.update(scheduled_time=timezone.now())  # their retry time comes
    outbox.deliver()
    outbox.deliver()
    queued = dict(Email.objects.values_list("message_id", "to"))
    assert Counter(smtp_server.message_ids()) == Counter(dict.fromkeys(queued, 1))
    assert not Email.objects.exclude(status=STATUS.sent).exists()
    received = {m["To"] for m in smtp_server.received}
    for address in (
        "minna.koskinen@virrat.example",  # draft, submission, link
        "anna@yhdistys.example",  # registration, cancellation, link
        "odottava@kunta.example",  # the coordinator's question
        "coordinator@thl.example",  # the notice of the submitted application
    ):
        assert address in received


def test_a_server_that_never_answers_holds_no_web_request(
    coordinator_client, world, silent_smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = _journeys(coordinator_client, world)
    assert statuses == NORMAL_PAGES
    _stored(world)
    assert silent_smtp_server.connections == []  # no request even connected to the mail server
    report = outbox.deliver(limit=1)  # the worker does, and gives up after EMAIL_TIMEOUT
    assert report.retrying == 1
    assert len(silent_smtp_server.connections) == 1
