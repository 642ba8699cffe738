"""Capacity holds when registrations arrive at the same moment (the day rows are locked)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from meetings import services
from meetings.choices import AttendanceMode, PlaceStatus
from meetings.models import RegistrationDay
from tests.factories.meetings import network_days

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.mark.parametrize("mode", [AttendanceMode.IN_PERSON, AttendanceMode.REMOTE])
def test_simultaneous_registrations_never_overfill_a_day(mode):
    event, open_day, _ = network_days(capacity=3, remote_capacity=3)
    people = 10
    barrier = threading.Barrier(people)
    errors = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            services.registration_create(
                event=event,
                name=f"Osallistuja {n}",
                email=f"p{n}@example.org",
                days=[open_day],
                organisation_other="Yhdistys",
                mode=mode,
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    places = RegistrationDay.objects.filter(day=open_day)
    assert places.filter(status=PlaceStatus.CONFIRMED).count() == 3
    assert places.filter(status=PlaceStatus.WAITLISTED).count() == people - 3


def test_simultaneous_changes_to_on_site_take_each_free_seat_once():
    """Remote registrants who all switch to on-site at once share the free seats: the rest wait."""
    event, open_day, _ = network_days(capacity=2)
    people = 6
    registrations = [
        services.registration_create(
            event=event,
            name=f"Etäosallistuja {n}",
            email=f"r{n}@example.org",
            days=[open_day],
            organisation_other="Yhdistys",
            mode=AttendanceMode.REMOTE,
        )
        for n in range(people)
    ]
    barrier = threading.Barrier(people)
    errors = []

    def change(registration) -> None:
        try:
            barrier.wait()
            services.registration_change(registration=registration, days=[open_day], mode=AttendanceMode.IN_PERSON)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=(r,)) for r in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    places = RegistrationDay.objects.filter(day=open_day, registration__mode=AttendanceMode.IN_PERSON)
    assert places.count() == people
    assert places.filter(status=PlaceStatus.CONFIRMED).count() == 2
    assert places.filter(status=PlaceStatus.WAITLISTED).count() == people - 2
