"""Random and hostile input to every public form: never an error page, never a half-written record.

Each example posts a mix of ordinary values, very long strings, control and NUL characters,
markup, SQL fragments, unknown choices and wrong types to a form. The answer must be the form
again with messages (200), a redirect after a complete save (302), or a refusal page
(400/429); and every row written must pass its model's validation.
"""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import Application
from meetings.models import Registration
from tervekunta.hostile import FORBIDDEN
from tests.factories.applications import pdf_bytes
from tests.factories.meetings import network_days
from tests.factories.members import MembershipFactory, OrganisationFactory

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
FILE_NAMES = ["poytakirja.pdf", "POYTAKIRJA.PDF", "poytakirja.pdf.exe", "../../poytakirja.pdf", "a" * 300 + ".pdf"]


def _choices(field: forms.Field) -> list[str]:
    """The values a choice field offers on the page, option groups opened."""
    values = []
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):
            values.extend(str(inner) for inner, _label in label)
        else:
            values.append(str(value))
    return values


def _values_for(field: forms.Field) -> st.SearchStrategy:
    """Hostile values for any field, or values of the kind the field takes."""
    if isinstance(field, forms.FileField):
        content = st.one_of(st.binary(max_size=2000), st.just(pdf_bytes()), st.just(b"%PDF-" + b"\x00" * 50))
        return st.builds(SimpleUploadedFile, st.sampled_from(FILE_NAMES), content)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        one = st.one_of(st.sampled_from(_choices(field)), HOSTILE) if _choices(field) else HOSTILE
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            return st.lists(one, max_size=4)
        return one
    if isinstance(field, forms.BooleanField):
        typed = st.sampled_from(["on", "", "true", "false", "0", "1"])
    elif isinstance(field, forms.DateField):
        typed = st.dates().flatmap(lambda day: st.sampled_from([day.isoformat(), day.strftime("%d.%m.%Y")]))
    elif isinstance(field, forms.EmailField):
        typed = st.emails()
    elif isinstance(field, forms.IntegerField):
        typed = st.integers().map(str)
    else:
        typed = st.text(max_size=(getattr(field, "max_length", None) or 300) + 10)
    return st.one_of(typed, HOSTILE)


def _over(base: dict, form: forms.Form, **extra: st.SearchStrategy) -> st.SearchStrategy:
    """A valid form `base` (unique per example) with any of the form's fields, as the page renders
    it, replaced by hostile values or values of the field's kind. A field added to the form is
    fuzzed without a change here."""
    fields = {name: _values_for(field) for name, field in form.fields.items()}
    return st.builds(
        lambda unique, values: {**{k: v.format(unique=unique.hex[:8]) for k, v in base.items()}, **values},
        st.uuids(),
        st.fixed_dictionaries({}, optional=fields | extra),
    )


def _form_on(client, url: str) -> forms.Form:
    return client.get(url).context["form"]


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


@pytest.fixture
def application_form(client, register):
    return _form_on(client, reverse("applications:apply"))


@EXAMPLES
@given(data=st.data())
def test_application_form(client, application_form, data):
    values = data.draw(
        _over(APPLICATION, application_form, action=st.one_of(st.sampled_from(["save", "check"]), HOSTILE))
    )
    before = Application.objects.count()
    response = client.post(reverse("applications:apply"), values)
    _assert_sane(response, Application, before)


def test_a_valid_application_draft_is_saved(client, register):
    """The base the hostile examples start from is itself accepted, so both paths are exercised."""
    values = {k: v.format(unique="base") for k, v in APPLICATION.items()}
    assert client.post(reverse("applications:apply"), values).status_code == 302
    assert Application.objects.count() == 1


@EXAMPLES
@given(data=st.data())
def test_link_renewal_form(client, db, data):
    values = data.draw(_over({}, _form_on(client, reverse("applications:renew"))))
    response = client.post(reverse("applications:renew"), values)
    assert response.status_code in {200, 302}


@pytest.fixture
def registration_page(client, register):
    event, _open_day, _members_day = network_days()
    url = reverse("meetings:register", args=[event.pk])
    return url, _form_on(client, url)


@EXAMPLES
@given(data=st.data())
def test_registration_form(client, registration_page, data):
    url, form = registration_page
    # The days are the event's two days, some, none, or hostile values, like every other field.
    values = data.draw(_over(REGISTRATION, form))
    before = Registration.objects.count()
    response = client.post(url, values)
    _assert_sane(response, Registration, before)


@pytest.fixture
def member_list_form(client, register):
    """The filters as the page offers them, with a member so that a region and a welfare region are offered."""
    MembershipFactory(organisation=OrganisationFactory(municipal=True, municipality__code="936"))
    return _form_on(client, reverse("members:list"))


@EXAMPLES
@given(data=st.data())
def test_member_list_filters(client, member_list_form, data):
    query = data.draw(_over({}, member_list_form))
    response = client.get(reverse("members:list"), query)
    invalid = any(FORBIDDEN.search(value) for value in query.values())
    assert response.status_code == (400 if invalid else 200)


@EXAMPLES
@given(on=HOSTILE)
def test_members_api_date(client, db, on):
    response = client.get(reverse("api_json"), {"on": on})
    assert response.status_code in {200, 400}
