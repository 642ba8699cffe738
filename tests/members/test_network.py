from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from members.choices import EndReason, Role, StartPrecision
from members.models import Appointment, Membership, Organisation, Person
from members.network import MEMBER_BY, MEMBER_BY_SOURCE, load_network

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


def test_known_facts_of_helsinki_tuusula_and_iisalmi(register):
    load_network()
    periods = {m.organisation.name_fi: m for m in Membership.objects.select_related("organisation")}
    helsinki, tuusula, iisalmi = periods["Helsinki"], periods["Tuusula"], periods["Iisalmi"]
    assert (helsinki.start_precision, helsinki.start_date, helsinki.since_text()) == (
        "year",
        datetime.date(2020, 1, 1),
        "jäsen vuodesta 2020",
    )
    assert "HEL 2019-000275" in helsinki.source and "15.6.2020" in helsinki.source
    assert (tuusula.start_precision, tuusula.known_from) == ("by", datetime.date(2021, 4, 27))
    assert "27.4.2021" in tuusula.source
    assert (iisalmi.start_precision, iisalmi.start_date) == ("day", datetime.date(2019, 6, 17))
    members_2022 = set(Organisation.objects.members_on(datetime.date(2022, 1, 1)).values_list("name_fi", flat=True))
    assert {"Helsinki", "Tuusula", "Iisalmi"} <= members_2022


def _as_loaded_before(name: str, **values) -> Membership:
    """A period as an earlier version of the loader left it."""
    period = Membership.objects.get(organisation__name_fi=name)
    for field, value in values.items():
        setattr(period, field, value)
    period.save()
    return period


def test_loading_again_corrects_an_existing_register_without_adding_periods(register):
    load_network()
    placeholder = {"start_date": MEMBER_BY, "start_precision": StartPrecision.BY, "source": MEMBER_BY_SOURCE}
    _as_loaded_before("Helsinki", **placeholder)
    _as_loaded_before("Tuusula", **placeholder)
    _as_loaded_before("Iisalmi", source="Joined on 17.6.2019 (municipal sources).")
    # A coordinator's own record is theirs: the loader does not overwrite it.
    _as_loaded_before("Kuopio", start_date=datetime.date(1999, 5, 1), source="Kuopion kaupunginhallitus 1999.")
    ids = set(Membership.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("load_network", stdout=out)
    assert "0 membership periods added, 3 corrected" in out.getvalue()
    assert set(Membership.objects.values_list("pk", flat=True)) == ids
    helsinki = Membership.objects.get(organisation__name_fi="Helsinki")
    assert (helsinki.start_precision, helsinki.known_from) == ("year", datetime.date(2020, 12, 31))
    assert helsinki.history.first().history_type == "~"
    assert Membership.objects.get(organisation__name_fi="Tuusula").known_from == datetime.date(2021, 4, 27)
    assert Membership.objects.get(organisation__name_fi="Kuopio").source == "Kuopion kaupunginhallitus 1999."
    out = io.StringIO()
    call_command("load_network", stdout=out)
    assert "0 membership periods added, 0 corrected" in out.getvalue()


def test_an_ended_earlier_period_is_kept_beside_the_loaded_one(register):
    load_network()
    paltamo = Organisation.objects.get(name_fi="Paltamo")
    Membership.objects.create(
        organisation=paltamo,
        start_date=datetime.date(2005, 1, 1),
        start_precision=StartPrecision.YEAR,
        end_date=datetime.date(2022, 12, 31),
        end_reason=EndReason.REPLACED,
        source="Through Kainuu's social and health joint authority.",
    )
    call_command("load_network", stdout=io.StringIO())
    assert paltamo.memberships.count() == 2
