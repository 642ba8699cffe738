from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from members.choices import Role
from members.models import Appointment, Membership, Organisation, Person
from members.network import load_network

pytestmark = pytest.mark.django_db


def test_network_loads_52_members_once(register):
    assert load_network() == 52
    assert load_network() == 0
    assert Organisation.objects.count() == 52
    assert Membership.objects.count() == 52


def test_known_dates_and_notes(register):
    load_network()
    iisalmi = Membership.objects.get(organisation__name_fi="Iisalmi")
    assert iisalmi.start_precision == "day"
    assert str(iisalmi.start_date) == "2019-06-17"
    assert "HYVLTK 13.06.2023" in Organisation.objects.get(name_fi="Virrat").notes
    assert Organisation.objects.get(name_fi="Turku").who_designated_since == 1987


def test_network_needs_the_register(no_register):
    with pytest.raises(CommandError, match="load_register"):
        call_command("load_network")


def test_demo_data_is_refused_without_debug(register, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo")
    assert Person.objects.count() == 0


def test_demo_data_and_login(register, settings, tmp_path, monkeypatch, client):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    monkeypatch.setattr("members.management.commands.load_demo.DEMO_PASSWORD_FILE", tmp_path / "pw")
    load_network()
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    assert Appointment.objects.current().filter(role=Role.CONTACT_PERSON).count() == 52
    assert all(p.email.endswith(".example") for p in Person.objects.all())
    assert client.login(username="koordinaattori", password="demo-pass-123")
    # The demo coordinator has an authenticator; in development the code page shows its code.
    verify = client.get("/admin/", follow=True)
    assert verify.request["PATH_INFO"] == "/fi/account/verify/"
    code = re.search(r"<strong>(\d{6})</strong>", verify.content.decode()).group(1)
    assert client.post("/fi/account/verify/?next=/admin/", {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
