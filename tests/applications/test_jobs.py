"""The scheduled draft reminder and the private link on the applicant's own pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import PRIVATE_LINK as APPLICATION_LINK
from applications.models import Application
from applications.tasks import remind_drafts
from tervekunta import links
from tervekunta.models import JobRun
from tests.factories.applications import ApplicationFactory
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db


def _age(application: Application, days: int) -> None:
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now() - datetime.timedelta(days=days))


def test_a_draft_untouched_for_two_weeks_is_reminded_once():
    old = ApplicationFactory(status="draft", language="sv", applicant_email="old@kunta.example")
    _age(old, 15)
    recent = ApplicationFactory(status="draft", applicant_email="recent@kunta.example")
    _age(recent, 13)
    submitted = ApplicationFactory(submitted=True, applicant_email="submitted@kunta.example")
    _age(submitted, 30)

    assert services.application_remind_drafts() == 1
    assert services.application_remind_drafts() == 0  # running twice sends nothing twice
    (message,) = deliver_outbox()
    assert message.to == ["old@kunta.example"]
    assert "/sv/applications/a/" in message.body and "inte" in message.subject.lower()
    old.refresh_from_db()
    assert old.draft_reminded_at is not None
    assert old.updated_at < timezone.now() - datetime.timedelta(days=14)  # the reminder did not touch the draft

    # Even if the draft then waits two more weeks, it is not reminded again.
    _age(old, 30)
    assert services.application_remind_drafts() == 0


def test_the_scheduled_job_records_what_it_did():
    _age(ApplicationFactory(status="draft"), 20)
    assert remind_drafts.call() == {"reminded": 1}
    assert remind_drafts.call() == {"reminded": 0}
    runs = list(JobRun.objects.filter(job="remind_drafts").order_by("pk").values_list("summary", "succeeded"))
    assert runs == [({"reminded": 1}, True), ({"reminded": 0}, True)]


@pytest.mark.parametrize("page", ["applications:status", "applications:submitted"])
def test_the_applicants_pages_show_the_private_link_with_a_line_on_keeping_it_safe(client, page):
    application = ApplicationFactory(submitted=True)
    response = client.get(reverse(page, kwargs={"token": links.make_token(APPLICATION_LINK, application)}))
    body = response.content.decode()
    link = response.context["private_link"]
    assert link.startswith("http://127.0.0.1:8000/fi/applications/a/") or "/fi/applications/a/" in link
    assert link in body
    assert "pidä se omana tietonasi" in body.lower() or "keep it to yourself" in body.lower()
    assert client.get(link.split("8000", 1)[-1]).status_code == 200
