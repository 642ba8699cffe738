"""No free text to unconfirmed addresses: the service cannot be made to carry a stranger's words.

Anyone can type any address into the application or registration form. The messages those
forms and their private links send (draft saved, a new link, registration received, ...) hold
only the register's names, fixed wording and the link: nothing the sender typed.
"""

from __future__ import annotations

import re

import pytest

from applications import services
from meetings.models import PRIVATE_LINK as REGISTRATION_LINK
from meetings.services import registration_cancel, registration_change, registration_create
from members.choices import OrganisationKind
from tervekunta import links
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import network_days
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db

PAYLOAD = "Voita iPhone osoitteessa http://huijaus.example ja soita 0700 123"


def _everything(message) -> str:
    return message.subject + "\n" + message.body


def _assert_only_fixed_text(message) -> None:
    text = _everything(message)
    for fragment in ("huijaus", "iPhone", "0700 123"):
        assert fragment not in text, f"typed text in the message: {text}"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_saved_draft_repeats_nothing_the_applicant_typed(
    client, register, language, django_capture_on_commit_callbacks
):
    form = {
        "organisation_choice": "other",
        "organisation_name": PAYLOAD,
        "applicant_name": PAYLOAD,
        "applicant_title": PAYLOAD,
        "applicant_email": "stranger@example.org",
        "action": "save",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/{language}/applications/apply/", form)
    assert response.status_code == 302
    [message] = deliver_outbox()
    assert message.to == ["stranger@example.org"]
    _assert_only_fixed_text(message)
    assert f"/{language}/applications/a/" in message.body


def test_a_register_name_is_used_when_there_is_one(register, django_capture_on_commit_callbacks):
    from members.models import Municipality

    virrat = Municipality.objects.get(name_fi="Virrat")
    values = {
        "kind": OrganisationKind.MUNICIPALITY,
        "municipality": virrat,
        "organisation_name": "Virrat",
        "applicant_name": PAYLOAD,
        "applicant_title": PAYLOAD,
        "applicant_email": "stranger@example.org",
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save_draft(application=None, values=values, language="fi")
    [message] = deliver_outbox()
    _assert_only_fixed_text(message)
    assert "Virrat" in message.subject and "Virrat" in message.body


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("submitted", lambda app: services.application_send_links(email=app.applicant_email)),
        ("draft", lambda app: services.application_submit(application=app, explanations={})),
        ("submitted", lambda app: services.application_withdraw(application=app)),
    ],
    ids=["new-link", "submitted", "withdrawn"],
)
def test_messages_the_link_holder_can_trigger_repeat_nothing_typed(status, action, django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        status=status,
        kind=OrganisationKind.OTHER,
        municipality=None,
        organisation_name=PAYLOAD,
        applicant_name=PAYLOAD,
    )
    with django_capture_on_commit_callbacks(execute=True):
        action(application)
    to_applicant = [m for m in deliver_outbox() if m.to == [application.applicant_email]]
    assert len(to_applicant) == 1
    _assert_only_fixed_text(to_applicant[0])


def test_a_duplicate_attempt_repeats_nothing_typed(register):
    existing = ApplicationFactory(
        status="submitted",
        kind=OrganisationKind.OTHER,
        municipality=None,
        organisation_name="Yhdistys ry",
        applicant_name=PAYLOAD,
    )
    with pytest.raises(Exception):  # noqa: B017 - the refusal itself is tested elsewhere
        services.application_save_draft(
            application=None,
            values={
                "kind": OrganisationKind.OTHER,
                "organisation_name": "yhdistys ry",
                "applicant_email": "x@example.org",
            },
        )
    [message] = deliver_outbox()
    assert message.to == [existing.applicant_email]
    _assert_only_fixed_text(message)


def test_registration_messages_repeat_nothing_the_registrant_typed(django_capture_on_commit_callbacks):
    event, open_day, _members_day = network_days()
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            event=event,
            name=PAYLOAD,
            email="stranger@example.org",
            days=[open_day],
            organisation_other=PAYLOAD,
            mode="in_person",
            diet=PAYLOAD,
            accessibility_needs=PAYLOAD,
            needs_consent=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        registration_change(
            registration=registration,
            days=[open_day],
            mode="remote",
            diet=PAYLOAD,
            accessibility_needs=PAYLOAD,
            needs_consent=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)
    assert [m.to for m in deliver_outbox()] == [["stranger@example.org"]] * 3
    for message in deliver_outbox():
        _assert_only_fixed_text(message)
        assert event.title in message.body
    token = re.search(r"/fi/events/registration/([^/\s]+)/", deliver_outbox()[0].body).group(1)
    assert links.resolve(REGISTRATION_LINK, token) == registration
