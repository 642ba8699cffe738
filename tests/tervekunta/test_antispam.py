"""The public forms refuse bots (honeypot) and floods (rate limit) with a clear page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import Registration
from tests.factories.meetings import network_days

pytestmark = pytest.mark.django_db


def _registration(event, open_day, email: str, **extra) -> dict:
    return {
        "name": "Anna Virtanen",
        "email": email,
        "organisation": "",
        "organisation_other": "Yhdistys ry",
        "days": [open_day.pk],
        "mode": "in_person",
        **extra,
    }


def test_the_form_carries_a_hidden_honeypot_field(client):
    event, _open_day, _members_day = network_days()
    body = client.get(reverse("meetings:register", args=[event.pk])).content.decode()
    assert 'name="fax_number"' in body
    assert 'tabindex="-1"' in body and 'aria-hidden="true"' in body


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(client):
    event, open_day, _members_day = network_days()
    url = reverse("meetings:register", args=[event.pk])
    response = client.post(url, _registration(event, open_day, "bot@example.org", fax_number="+358 1"))
    assert response.status_code == 400
    assert "Lomaketta ei lähetetty" in response.content.decode()
    assert not Registration.objects.exists()


def test_too_many_submissions_from_one_address_get_a_clear_429(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    event, open_day, _members_day = network_days()
    url = reverse("meetings:register", args=[event.pk])
    for n in range(3):
        assert client.post(url, _registration(event, open_day, f"person{n}@example.org")).status_code == 302
    response = client.post(url, _registration(event, open_day, "person4@example.org"), HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Liian monta lähetystä" in body
    assert Registration.objects.count() == 3
    # Another address is not affected.
    other = client.post(url, _registration(event, open_day, "other@example.org"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


@pytest.mark.parametrize("name", ["applications:apply", "applications:renew"])
def test_application_forms_are_protected_too(client, register, name):
    url = reverse(name)
    assert 'name="fax_number"' in client.get(url).content.decode()
    assert client.post(url, {"fax_number": "x", "email": "bot@example.org"}).status_code == 400
