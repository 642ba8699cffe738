from __future__ import annotations

import json

import pytest
from django.utils import timezone

from meetings import personal_data
from meetings.choices import PlaceStatus
from meetings.models import Registration, RegistrationDay
from tests.factories.meetings import RegistrationDayFactory, RegistrationFactory, network_days

pytestmark = pytest.mark.django_db

ADDRESS = "maija@virrat.example"


@pytest.fixture
def registrations():
    """Maija at the network days (attended) and, erased before, at another event; someone else too."""
    event, open_day, _members_day = network_days()
    maija = RegistrationFactory(
        event=event,
        name="Maija Mäkinen",
        email=ADDRESS,
        diet="gluteeniton",
        accessibility_needs="pyörätuoli",
        needs_consent_at=timezone.now(),
    )
    RegistrationDayFactory(registration=maija, day=open_day, present=True)
    other_event = RegistrationFactory(name="Maija Mäkinen", email=ADDRESS)
    someone = RegistrationFactory(event=event, name="Kalle Kävijä")
    return {"maija": maija, "other_event": other_event, "someone": someone}


def test_held_about_finds_the_registrations_of_the_address(registrations):
    held = personal_data.held_about("Maija@Virrat.example")
    json.dumps(held)
    records = held["registrations"]["records"]
    assert [r["id"] for r in records] == [registrations["maija"].pk, registrations["other_event"].pk]
    assert records[0]["diet"] == "gluteeniton"
    assert records[0]["mode"] == "Paikan päällä"
    assert held["registrations"]["labels"]["diet"] == "ruokavalio"
    assert personal_data.held_about("")["registrations"]["records"] == []


def test_erase_keeps_the_registration_and_its_attendance(registrations, coordinator):
    counts = personal_data.erase(ADDRESS, actor=coordinator)
    assert counts == {
        "meetings.registration": 2,
        "meetings.historicalregistration": 2,
        "meetings.walkin": 0,
        "meetings.historicalwalkin": 0,
    }
    maija = Registration.objects.get(pk=registrations["maija"].pk)
    assert (maija.name, maija.diet, maija.accessibility_needs) == ("Poistettu henkilö", "", "")
    assert maija.needs_consent_at is None
    assert not Registration.history.filter(id=maija.pk, needs_consent_at__isnull=False).exists()
    assert maija.email.endswith("@invalid.invalid")
    assert maija.email != Registration.objects.get(pk=registrations["other_event"].pk).email
    place = RegistrationDay.objects.get(registration=maija)
    assert (place.status, place.attended) == (PlaceStatus.CONFIRMED, True)
    assert maija.history.first().history_user == coordinator
    history = Registration.history.filter(id__in=[registrations["maija"].pk, registrations["other_event"].pk])
    assert "maija" not in json.dumps(list(history.values()), default=str).lower()
    assert "gluteeniton" not in json.dumps(list(history.values()), default=str)
    assert Registration.objects.get(pk=registrations["someone"].pk).name == "Kalle Kävijä"
    assert personal_data.held_about(ADDRESS)["registrations"]["records"] == []


def test_an_empty_address_erases_nothing(registrations, coordinator):
    assert personal_data.erase(" ", actor=coordinator) == {}


def test_a_participant_without_registration_is_found_and_erased_keeping_the_organisation(coordinator):
    from meetings.models import WalkIn
    from tests.factories.meetings import EventDayFactory, helsinki
    from tests.factories.members import OrganisationFactory

    day = EventDayFactory(starts_at=helsinki(2025, 3, 10, 13))
    virrat = OrganisationFactory(name_fi="Virrat")
    walk_in = WalkIn.objects.create(day=day, name="Maija Mäkinen", email=ADDRESS, organisation=virrat)
    held = personal_data.held_about(ADDRESS)
    assert [r["id"] for r in held["walk_ins"]["records"]] == [walk_in.pk]
    counts = personal_data.erase(ADDRESS, actor=coordinator)
    assert (counts["meetings.walkin"], counts["meetings.historicalwalkin"]) == (1, 1)
    walk_in.refresh_from_db()
    assert (walk_in.name, walk_in.email, walk_in.organisation) == ("Poistettu henkilö", "", virrat)
    assert "maija" not in json.dumps(list(WalkIn.history.values()), default=str).lower()
