"""Read-only queries about events."""

from __future__ import annotations

import pytest

from meetings import selectors
from tests.factories.meetings import EventDayFactory, EventFactory, RegistrationDayFactory, network_days

pytestmark = pytest.mark.django_db


def test_attendance_lists_the_confirmed_places_of_the_event_only():
    event, open_day, members_day = network_days()
    confirmed = RegistrationDayFactory(registration__event=event, day=open_day)
    RegistrationDayFactory(registration__event=event, day=members_day, waitlisted=True)
    RegistrationDayFactory(registration__event=event, day=members_day, cancelled=True)
    RegistrationDayFactory()
    assert selectors.attendance_places(event) == [confirmed]


def test_a_registrations_places_come_in_the_order_of_the_days(django_assert_num_queries):
    event, open_day, members_day = network_days()
    second = RegistrationDayFactory(registration__event=event, day=members_day)
    first = RegistrationDayFactory(registration=second.registration, day=open_day)
    with django_assert_num_queries(1):
        places = selectors.registration_places(second.registration)
        assert [place.day for place in places] == [open_day, members_day]
    assert places == [first, second]


def test_a_published_event_carries_only_its_open_days():
    event, open_day, _members_day = network_days()
    draft = EventFactory(published=False)
    EventDayFactory(event=draft)
    published = list(selectors.published_events())
    assert published == [event]
    assert published[0].open_days == [open_day]
