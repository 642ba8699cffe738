"""Random and hostile input to every public form: never an error page, never a half-written record.

Each example posts a mix of ordinary values, very long strings, control and NUL characters,
markup, SQL fragments, unknown choices and wrong types to a form. The answer must be the form
again with messages (200), a redirect after a complete save (302), or a refusal page
(400/429); and every row written must pass its model's validation.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import Application
from meetings.models import Registration
from tervekunta.hostile import FORBIDDEN
from tests.factories.meetings import network_days

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(min_size=300, max_size=3000),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "'; DROP TABLE members_organisation; --",
            "%00",
            "../../etc/passwd",
            "9" * 400,
            "2024-02-30",
            "31.12.2024",
            "-1",
            "municipality:999999",
            "welfare_region:abc",
            "joint_authority",
            "on",
            "\u202e\u200b",
            "x@y",
            "anna@example.org",
        ]
    ),
)
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
APPLICATION_FIELDS = [
    "organisation_choice",
    "organisation_name",
    "applicant_name",
    "applicant_title",
    "applicant_email",
    "applicant_phone",
    "deciding_body",
    "decision_date",
    "decision_section",
    "decision_record",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "contact_phone",
    "official_first_name",
    "official_last_name",
    "official_email",
    "coordinator_first_name",
    "coordinator_last_name",
    "steering_group_exists",
    "steering_group_branches",
    "resources",
    "website",
    "confirmations",
    "free_text",
    "action",
]
REGISTRATION_FIELDS = [
    "name",
    "email",
    "organisation",
    "organisation_other",
    "days",
    "mode",
    "diet",
    "accessibility_needs",
]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 10_000


def _assert_sane(response, model, before: int) -> None:
    assert response.status_code in {200, 302, 400, 429}, response.status_code
    created = model.objects.order_by("-pk")[: max(0, model.objects.count() - before)]
    if response.status_code != 302:
        assert model.objects.count() == before, "a refused form wrote a record"
    for obj in created:
        try:
            obj.full_clean()
        except ValidationError as error:  # pragma: no cover - the failure message is the point
            pytest.fail(f"half-written {model.__name__}: {error}")


def _over(base: dict) -> st.SearchStrategy:
    """A valid form `base` (unique per example) with any of its fields replaced by hostile values."""
    return st.builds(
        lambda unique, hostile: {**{k: v.format(unique=unique.hex[:8]) for k, v in base.items()}, **hostile},
        st.uuids(),
        st.fixed_dictionaries({}, optional=dict.fromkeys(APPLICATION_FIELDS + REGISTRATION_FIELDS, HOSTILE)),
    )


APPLICATION = {
    "organisation_choice": "other",
    "organisation_name": "Hyvinvointiyhdistys {unique}",
    "applicant_name": "Anna Virtanen",
    "applicant_title": "hyvinvointijohtaja",
    "applicant_email": "anna.{unique}@example.org",
    "action": "save",
}
REGISTRATION = {
    "name": "Anna Virtanen",
    "email": "anna.{unique}@example.org",
    "organisation_other": "Yhdistys ry",
    "mode": "in_person",
}


@EXAMPLES
@given(values=_over(APPLICATION))
def test_application_form(client, register, values):
    before = Application.objects.count()
    response = client.post(reverse("applications:apply"), values)
    _assert_sane(response, Application, before)


def test_a_valid_application_draft_is_saved(client, register):
    """The base the hostile examples start from is itself accepted, so both paths are exercised."""
    values = {k: v.format(unique="base") for k, v in APPLICATION.items()}
    assert client.post(reverse("applications:apply"), values).status_code == 302
    assert Application.objects.count() == 1


@EXAMPLES
@given(values=st.fixed_dictionaries({}, optional={"email": HOSTILE}))
def test_link_renewal_form(client, db, values):
    response = client.post(reverse("applications:renew"), values)
    assert response.status_code in {200, 302}


@EXAMPLES
@given(values=_over(REGISTRATION), day_choice=st.sampled_from(["open", "members", "both", "none", "bogus"]))
def test_registration_form(client, register, values, day_choice):
    event, open_day, members_day = _event()
    days = {
        "open": [open_day.pk],
        "members": [members_day.pk],
        "both": [open_day.pk, members_day.pk],
        "none": [],
        "bogus": ["x", "999999"],
    }[day_choice]
    before = Registration.objects.count()
    response = client.post(reverse("meetings:register", args=[event.pk]), {**values, "days": days})
    _assert_sane(response, Registration, before)


@EXAMPLES
@given(query=st.fixed_dictionaries({}, optional={"q": HOSTILE, "region": HOSTILE, "welfare_region": HOSTILE}))
def test_member_list_filters(client, register, query):
    """Control characters in the address are refused (400) before any view; anything else is searched."""
    response = client.get(reverse("members:list"), query)
    invalid = any(FORBIDDEN.search(value) for value in query.values())
    assert response.status_code == (400 if invalid else 200)


@EXAMPLES
@given(on=HOSTILE)
def test_members_api_date(client, db, on):
    response = client.get(reverse("api_json"), {"on": on})
    assert response.status_code in {200, 400}


_EVENT_CACHE: dict = {}


def _event():
    from meetings.models import Event

    event = Event.objects.filter(pk=_EVENT_CACHE.get("pk")).first()
    if event is None:
        event, _open, _members = network_days()
        _EVENT_CACHE["pk"] = event.pk
    open_day, members_day = list(event.days.order_by("starts_at"))
    return event, open_day, members_day
