from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from members import personal_data
from members.choices import Role, UpkeepStatus
from members.models import Announcement, Delivery, Person, UpkeepRequest, UpkeepRound
from tests.factories.members import AppointmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ADDRESS = "maija@virrat.example"


@pytest.fixture
def maija(coordinator):
    """Two register entries of one address (two organisations), an ended appointment each, an
    upkeep request and an announcement delivery; and someone else with a current appointment."""
    first = AppointmentFactory(
        person__first_name="Maija", person__email=ADDRESS, role=Role.CONTACT_PERSON, ended=True
    ).person
    second = AppointmentFactory(person__first_name="Maija", person__email="Maija@Virrat.example", ended=True).person
    upkeep_round = UpkeepRound.objects.create(created_by=coordinator, deadline="2099-12-31")
    UpkeepRequest.objects.create(
        round=upkeep_round,
        organisation=OrganisationFactory(),
        contact=first,
        email=ADDRESS,
        status=UpkeepStatus.PENDING,
    )
    announcement = Announcement.objects.create(subject="Tiedote", body="Viesti", created_by=coordinator)
    Delivery.objects.create(announcement=announcement, email=ADDRESS, name="Maija", person=second)
    other = AppointmentFactory(person__email="other@kunta.example").person
    return {"first": first, "second": second, "other": other}


def _records(held: dict, key: str) -> list[dict]:
    return held[key]["records"]


def test_held_about_an_address_covers_every_register_entry_with_it(maija):
    held = personal_data.held_about(" maija@VIRRAT.example ")
    json.dumps(held)  # plain data
    assert {p["id"] for p in _records(held, "people")} == {maija["first"].pk, maija["second"].pk}
    assert len(_records(held, "appointments")) == 2
    assert len(_records(held, "appointment_history")) == 2
    assert len(_records(held, "person_history")) == 2
    assert [r["email"] for r in _records(held, "upkeep_requests")] == [ADDRESS]
    assert [d["announcement"] for d in _records(held, "deliveries")] == ["Tiedote"]
    assert held["people"]["labels"]["first_name"] == "etunimi"
    assert held["appointments"]["labels"]["role"] == "tehtävä"
    assert held["person_history"]["labels"]["history_type"] == "muutoksen laji"
    assert _records(held, "person_history")[0]["history_type"] == "luotu"
    assert "other@kunta.example" not in json.dumps(held)


def test_held_about_one_person_finds_them_without_an_address():
    person = AppointmentFactory(person__email="", ended=True).person
    assert personal_data.held_about("")["people"]["records"] == []
    held = personal_data.held_about("", person=person)
    assert [p["id"] for p in _records(held, "people")] == [person.pk]
    assert len(_records(held, "appointments")) == 1


def test_erase_clears_every_entry_with_the_address_and_their_history(maija, coordinator):
    counts = personal_data.erase(ADDRESS, actor=coordinator)
    assert counts == {
        "members.person": 2,
        "members.historicalperson": 4,
        "members.upkeeprequest": 1,
        "members.upkeepchange": 0,
        "members.delivery": 1,
        "tervekunta.statuschange": 0,
    }
    for person in Person.objects.filter(pk__in=[maija["first"].pk, maija["second"].pk]):
        assert (person.full_name, person.email, person.phone, person.title) == ("Poistettu henkilö", "", "", "")
        assert person.appointments.get().end_date is not None
        assert not person.history.exclude(first_name="Poistettu").exists()
        assert person.history.first().history_user == coordinator
    assert UpkeepRequest.objects.get().email == ""
    assert Delivery.objects.get().email.endswith("@invalid.invalid")
    assert "maija" not in json.dumps(personal_data.held_about(ADDRESS)).lower()
    maija["other"].refresh_from_db()
    assert maija["other"].email == "other@kunta.example"


def test_erase_is_refused_while_an_entry_holds_a_current_appointment(maija, coordinator):
    AppointmentFactory(person=maija["second"], role=Role.ELECTED_OFFICIAL)
    with pytest.raises(ValidationError) as error:
        personal_data.erase(ADDRESS, actor=coordinator)
    assert error.value.code == "current_appointment"
    assert Person.objects.filter(email__iexact=ADDRESS).count() == 2


def test_erase_of_one_person_takes_the_other_entries_of_the_address_too(maija, coordinator):
    plan = personal_data.erasure_plan(ADDRESS, person=maija["first"])
    assert [(o.kind, o.count) for o in plan.outcomes if o.kind == "members.person"] == [("members.person", 2)]
    counts = personal_data.erase(ADDRESS, person=maija["first"], actor=coordinator)
    assert counts["members.person"] == 2
    maija["second"].refresh_from_db()
    assert (maija["second"].first_name, maija["second"].email) == ("Poistettu", "")
    assert counts["members.delivery"] == 1


def test_erase_of_a_person_without_an_address_takes_only_them(coordinator):
    person = AppointmentFactory(person__email="", person__first_name="Osoitteeton", ended=True).person
    other = AppointmentFactory(person__email="", person__first_name="Toinen", ended=True).person
    counts = personal_data.erase("", person=person, actor=coordinator)
    assert counts["members.person"] == 1
    other.refresh_from_db()
    assert other.first_name == "Toinen"


def test_an_empty_address_erases_nobody(maija, coordinator):
    assert set(personal_data.erase("", actor=coordinator).values()) == {0}
