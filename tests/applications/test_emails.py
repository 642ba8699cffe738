"""Every message to the applicant, in Finnish and in Swedish."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from applications import services
from tests.factories.applications import ApplicationFactory
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 9, 1)

# template: (status to build, action, words in Finnish, words in Swedish)
CASES = {
    "draft_saved": (
        None,
        lambda app, user: services.application_save_draft(
            application=None,
            values={
                "kind": "other",
                "organisation_name": "Järjestö",
                "applicant_name": "A B",
                "applicant_title": "johtaja",
                "applicant_email": "a@b.example",
            },
            language=app.language,
        ),
        "Luonnos",
        "Utkast",
    ),
    "submitted": (
        "draft",
        lambda app, user: services.application_submit(application=app, explanations={}),
        "vastaanotettu",
        "mottagits",
    ),
    "info_requested": (
        "submitted",
        lambda app, user: services.application_request_info(application=app, question="Kysymys?", actor=user),
        "lisätietoja",
        "ytterligare information",
    ),
    "answer_received": (
        "info_requested",
        lambda app, user: services.application_answer(application=app, answer="Vastaus."),
        "vastauksesi",
        "ditt svar",
    ),
    "approved": (
        "in_review",
        lambda app, user: services.application_approve(application=app, decision_date=DAY, feedback="Hyvä", actor=user),
        "Tervetuloa",
        "Välkommen",
    ),
    "rejected": (
        "in_review",
        lambda app, user: services.application_reject(application=app, decision_date=DAY, feedback="Ei", actor=user),
        "Päätös",
        "Beslut",
    ),
    "withdrawn": (
        "submitted",
        lambda app, user: services.application_withdraw(application=app),
        "peruttu",
        "återkallats",
    ),
    "link": (
        "submitted",
        lambda app, user: services.application_send_links(email=app.applicant_email),
        "Uusi linkki",
        "Ny länk",
    ),
}


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("template", CASES)
def test_each_message_in_the_applicants_language(template, language, coordinator, django_capture_on_commit_callbacks):
    status, action, finnish, swedish = CASES[template]
    application = ApplicationFactory(status=status or "draft", language=language)
    with django_capture_on_commit_callbacks(execute=True):
        action(application, coordinator)
    to_applicant = [m for m in deliver_outbox() if m.to != [coordinator.email]]
    assert len(to_applicant) == 1
    message = to_applicant[0]
    expected = finnish if language == "fi" else swedish
    assert expected.lower() in (message.subject + message.body).lower()
    assert f"{settings.SITE_URL}/{language}/applications/a/" in message.body  # the private link, absolute
    assert "\n" not in message.subject


@pytest.mark.parametrize(("language", "words"), [("fi", "jo käsittelyssä"), ("sv", "pågår redan")])
def test_duplicate_message_in_the_first_applicants_language(language, words):
    existing = ApplicationFactory(submitted=True, language=language)
    with pytest.raises(ValidationError):
        services.application_save_draft(
            application=None,
            values={"kind": "municipality", "municipality": existing.municipality, "organisation_name": "x"},
            language="en",
        )
    assert deliver_outbox()[0].to == [existing.applicant_email]
    assert words in deliver_outbox()[0].subject
    assert f"/{language}/applications/a/" in deliver_outbox()[0].body


def test_links_use_the_site_url(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://tervekunta.example.fi"
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, explanations={})
    assert "https://tervekunta.example.fi/fi/applications/a/" in deliver_outbox()[0].body
    assert "https://tervekunta.example.fi/fi/applications/link/" in deliver_outbox()[0].body


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_coordinators_are_told_in_finnish_of_a_new_application_and_an_answer(
    language, coordinator, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, explanations={})
    notice = next(m for m in deliver_outbox() if m.to == [coordinator.email])
    assert notice.subject.startswith("Uusi jäsenhakemus")
    assert f"/fi/coordinator/applications/{application.pk}/" in notice.body
    services.application_request_info(application=application, question="?", actor=coordinator)
    deliver_outbox().clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_answer(application=application, answer="Vastaus")
    notice = next(m for m in deliver_outbox() if m.to == [coordinator.email])
    assert notice.subject.startswith("Hakija vastasi")


@pytest.mark.parametrize("template", ["info_requested", "approved", "rejected"])
def test_a_coordinators_action_greets_neutrally_and_names_the_organisation_after_a_colon(template, coordinator):
    status, action, _fi, _sv = CASES[template]
    application = ApplicationFactory(status=status, applicant_name="Minna Koskinen", municipality__name_fi="Virrat")
    action(application, coordinator)
    message = deliver_outbox()[-1]
    assert message.body.startswith("Hei,")
    assert "Minna Koskinen" not in message.body
    assert "hakemuksen Virrat" not in message.body and "hakemukseen Virrat" not in message.body
