"""A locked-out sign-in: per user name and address, a page in the reader's language that says for
how long and whom to contact, and a log line that names the account and the address."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("koordinaattori", password="oikea-salasana-1", is_staff=True)


def _fail_until_locked(client, language: str, address: str = "192.0.2.10"):
    response = None
    for _attempt in range(5):
        response = client.post(
            reverse("admin:login"),
            {"username": "koordinaattori", "password": "väärä"},
            HTTP_ACCEPT_LANGUAGE=language,
            REMOTE_ADDR=address,
        )
    return response


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fi", ["Kirjautuminen on lukittu", "60 minuutiksi", "tuki@thl.example", "Vaihda salasana"]),
        ("sv", ["Inloggningen är låst", "i 60 minuter", "tuki@thl.example", "Byt lösenord"]),
        ("en", ["Sign-in locked", "for 60 minutes", "tuki@thl.example", "Reset your password"]),
    ],
)
def test_the_lockout_page_says_for_how_long_and_whom_to_contact(client, staff, settings, language, words):
    settings.SUPPORT_EMAIL = "tuki@thl.example"
    response = _fail_until_locked(client, language)
    assert response.status_code == 429
    body = response.content.decode()
    for word in words:
        assert word in body


def test_the_lock_is_per_user_name_and_address(client, staff):
    assert _fail_until_locked(client, "fi").status_code == 429
    elsewhere = client.post(
        reverse("admin:login"), {"username": "koordinaattori", "password": "oikea-salasana-1"}, REMOTE_ADDR="192.0.2.99"
    )
    assert elsewhere.status_code == 302


def test_the_log_names_the_locked_account_and_address(client, staff, caplog):
    with caplog.at_level(logging.WARNING, logger="tervekunta.lockout"):
        _fail_until_locked(client, "fi", address="198.51.100.7")
    lines = [record.getMessage() for record in caplog.records if record.name == "tervekunta.lockout"]
    assert lines and lines[0] == "Login locked out: account 'koordinaattori' from address 198.51.100.7"


def test_a_password_reset_lifts_the_lock(client, staff, settings):
    import re

    from tests.outbox import deliver_outbox

    staff.email = "koordinaattori@thl.example"
    staff.save()
    assert _fail_until_locked(client, "fi").status_code == 429
    client.post(reverse("admin_password_reset"), {"email": "koordinaattori@thl.example"})
    link = re.search(r"(/fi/account/reset/\S+/)", deliver_outbox()[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.request["PATH_INFO"], {"new_password1": "Uusi-salasana-2026", "new_password2": "Uusi-salasana-2026"}
    )
    again = client.post(
        reverse("admin:login"),
        {"username": "koordinaattori", "password": "Uusi-salasana-2026"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert again.status_code == 302
