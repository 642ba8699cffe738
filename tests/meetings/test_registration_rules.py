"""The rules of a registration's life: the deadline, places counted per day and per mode, a
change of days or mode, cancelling one day, and consent to dietary and accessibility needs."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services
from meetings.choices import AttendanceMode, PlaceStatus
from meetings.models import Registration, RegistrationDay
from tervekunta.models import StatusChange
from tests.factories.meetings import EventDayFactory, EventFactory, helsinki, network_days, next_year
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db

ON_SITE, REMOTE = AttendanceMode.IN_PERSON, AttendanceMode.REMOTE


def _register(event, days, n, *, mode=ON_SITE, **kwargs):
    return services.registration_create(
        event=event,
        name=f"Osallistuja {n}",
        email=f"p{n}@kunta.example",
        days=days,
        organisation_other="Yhdistys ry",
        mode=mode,
        **kwargs,
    )


def _status(registration, day) -> str:
    return RegistrationDay.objects.get(registration=registration, day=day).status


@pytest.fixture
def two_days():
    """An open seminar over two open days next year, one seat on site and one remote place a day."""
    event = EventFactory()
    year = next_year()
    first = EventDayFactory(event=event, starts_at=helsinki(year, 9, 1, 9), capacity=1, remote_capacity=1)
    second = EventDayFactory(event=event, starts_at=helsinki(year, 9, 2, 9), capacity=1, remote_capacity=1)
    return event, first, second


# --- deadline ---------------------------------------------------------------------------------


def test_registration_closes_at_the_deadline(two_days):
    event, first, _ = two_days
    event.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    with pytest.raises(ValidationError) as caught:
        _register(event, [first], 1)
    assert caught.value.code == "deadline"
    assert not Registration.objects.exists()


def test_registration_is_open_until_the_deadline(two_days):
    event, first, _ = two_days
    event.registration_deadline = timezone.now() + datetime.timedelta(minutes=1)
    event.save()
    assert _status(_register(event, [first], 1), first) == PlaceStatus.CONFIRMED


def test_after_the_deadline_days_and_mode_stay_but_needs_can_change(two_days):
    event, first, second = two_days
    registration = _register(event, [first], 1)
    event.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    for days, mode in (([first, second], ON_SITE), ([first], REMOTE)):
        with pytest.raises(ValidationError) as caught:
            services.registration_change(registration=registration, days=days, mode=mode)
        assert caught.value.code == "deadline"
    services.registration_change(
        registration=registration, days=[first], mode=ON_SITE, diet="Laktoositon", needs_consent=True
    )
    registration.refresh_from_db()
    assert registration.diet == "Laktoositon"


# --- places per day and per mode --------------------------------------------------------------


def test_remote_participants_never_wait_for_a_seat(two_days):
    event, first, _ = two_days
    seated = _register(event, [first], 1)
    waiting = _register(event, [first], 2)
    remote = _register(event, [first], 3, mode=REMOTE)
    assert [_status(r, first) for r in (seated, waiting, remote)] == [
        PlaceStatus.CONFIRMED,
        PlaceStatus.WAITLISTED,
        PlaceStatus.CONFIRMED,
    ]


def test_a_remote_limit_has_its_own_waiting_list(two_days):
    event, first, _ = two_days
    remote = _register(event, [first], 1, mode=REMOTE)
    remote_waiting = _register(event, [first], 2, mode=REMOTE)
    on_site = _register(event, [first], 3)
    assert _status(remote_waiting, first) == PlaceStatus.WAITLISTED
    assert _status(on_site, first) == PlaceStatus.CONFIRMED
    # The freed remote place goes to the remote queue, never to an on-site registrant.
    on_site_waiting = _register(event, [first], 4)
    services.registration_cancel(registration=remote)
    assert _status(remote_waiting, first) == PlaceStatus.CONFIRMED
    assert _status(on_site_waiting, first) == PlaceStatus.WAITLISTED


def test_empty_remote_capacity_is_unlimited():
    event, open_day, _ = network_days(capacity=1)
    registrations = [_register(event, [open_day], n, mode=REMOTE) for n in range(5)]
    assert {_status(r, open_day) for r in registrations} == {PlaceStatus.CONFIRMED}


def test_raising_the_remote_capacity_moves_only_the_remote_queue_up(two_days):
    event, first, _ = two_days
    _register(event, [first], 1)
    on_site_waiting = _register(event, [first], 2)
    _register(event, [first], 3, mode=REMOTE)
    remote_waiting = _register(event, [first], 4, mode=REMOTE)
    services.day_capacity_change(day=first, remote_capacity=2)
    first.refresh_from_db()
    assert (first.capacity, first.remote_capacity) == (1, 2)
    assert _status(remote_waiting, first) == PlaceStatus.CONFIRMED
    assert _status(on_site_waiting, first) == PlaceStatus.WAITLISTED


def test_places_left_count_on_site_seats_only(two_days, client):
    from django.urls import reverse

    event, first, _ = two_days
    first.capacity = 3
    first.save()
    _register(event, [first], 1)
    _register(event, [first], 2, mode=REMOTE)
    page = client.get(reverse("meetings:event_detail", args=[event.pk])).content.decode()
    assert "paikan päällä 2 paikkaa jäljellä" in page


# --- cancelling one day -----------------------------------------------------------------------


def test_cancelling_one_day_moves_only_that_days_queue(two_days, django_capture_on_commit_callbacks):
    event, first, second = two_days
    anna = _register(event, [first, second], 1)
    first_waiting = _register(event, [first], 2)
    second_waiting = _register(event, [second], 3)
    deliver_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=anna, days=[first])
    assert [place.registration for place in promoted] == [first_waiting]
    assert (_status(anna, first), _status(anna, second)) == (PlaceStatus.CANCELLED, PlaceStatus.CONFIRMED)
    assert _status(first_waiting, first) == PlaceStatus.CONFIRMED
    assert _status(second_waiting, second) == PlaceStatus.WAITLISTED
    anna.refresh_from_db()
    assert anna.cancelled_at is None
    sent = deliver_outbox()
    assert sorted(m.to[0] for m in sent) == ["p1@kunta.example", "p2@kunta.example"]
    to_anna = next(m for m in sent if m.to == ["p1@kunta.example"])
    assert "Muut päiväsi pysyvät ennallaan" in to_anna.body
    to_promoted = next(m for m in sent if m.to == ["p2@kunta.example"])
    assert "vapautui" in to_promoted.subject


def test_cancelling_the_last_day_cancels_the_registration(two_days):
    event, first, second = two_days
    anna = _register(event, [first, second], 1)
    services.registration_cancel(registration=anna, days=[first])
    services.registration_cancel(registration=anna, days=[second])
    anna.refresh_from_db()
    assert anna.cancelled_at is not None
    # The address may register again.
    assert _register(event, [first], 1).pk != anna.pk


def test_cancelling_a_day_not_held_is_refused(two_days):
    event, first, second = two_days
    anna = _register(event, [first], 1)
    with pytest.raises(ValidationError) as caught:
        services.registration_cancel(registration=anna, days=[second])
    assert caught.value.error_dict["days"][0].code == "no_days"


# --- changing days and mode -------------------------------------------------------------------


def test_change_adds_a_day_by_the_place_rules_and_writes_history(two_days, coordinator):
    event, first, second = two_days
    _register(event, [second], 9)  # the second day's seat is taken
    anna = _register(event, [first], 1)
    services.registration_change(registration=anna, days=[first, second], mode=ON_SITE, actor=coordinator)
    assert (_status(anna, first), _status(anna, second)) == (PlaceStatus.CONFIRMED, PlaceStatus.WAITLISTED)
    assert anna.history.first().history_user == coordinator


def test_change_drops_a_day_and_gives_its_place_to_the_next(two_days):
    event, first, second = two_days
    anna = _register(event, [first, second], 1)
    waiting = _register(event, [first], 2)
    services.registration_change(registration=anna, days=[second], mode=ON_SITE)
    assert _status(anna, first) == PlaceStatus.CANCELLED
    assert _status(waiting, first) == PlaceStatus.CONFIRMED
    # Choosing the day again takes it back by the same rules: now at the end of the queue.
    services.registration_change(registration=anna, days=[first, second], mode=ON_SITE)
    assert _status(anna, first) == PlaceStatus.WAITLISTED
    place = RegistrationDay.objects.get(registration=anna, day=first)
    steps = list(place.status_changes.order_by("pk").values_list("old_status", "new_status"))
    assert steps == [
        (PlaceStatus.CONFIRMED, PlaceStatus.CANCELLED),
        (PlaceStatus.CANCELLED, PlaceStatus.WAITLISTED),
    ]


def test_changing_to_remote_frees_the_seat_for_the_on_site_queue(two_days):
    event, first, second = two_days
    anna = _register(event, [first, second], 1)
    first_waiting = _register(event, [first], 2)
    second_waiting = _register(event, [second], 3)
    services.registration_change(registration=anna, days=[first, second], mode=REMOTE)
    assert (_status(anna, first), _status(anna, second)) == (PlaceStatus.CONFIRMED, PlaceStatus.CONFIRMED)
    assert _status(first_waiting, first) == PlaceStatus.CONFIRMED
    assert _status(second_waiting, second) == PlaceStatus.CONFIRMED


def test_changing_to_a_full_mode_goes_to_the_end_of_its_queue(two_days):
    event, first, _ = two_days
    _register(event, [first], 1, mode=REMOTE)
    remote_waiting = _register(event, [first], 2, mode=REMOTE)
    anna = _register(event, [first], 3)
    on_site_waiting = _register(event, [first], 4)
    services.registration_change(registration=anna, days=[first], mode=REMOTE)
    assert _status(anna, first) == PlaceStatus.WAITLISTED
    assert _status(on_site_waiting, first) == PlaceStatus.CONFIRMED
    # The remote queue keeps its order: the one already waiting moves up first.
    services.day_capacity_change(day=first, remote_capacity=2)
    assert _status(remote_waiting, first) == PlaceStatus.CONFIRMED
    assert _status(anna, first) == PlaceStatus.WAITLISTED


def test_change_of_a_cancelled_registration_is_refused(two_days):
    event, first, _ = two_days
    anna = _register(event, [first], 1)
    services.registration_cancel(registration=anna)
    with pytest.raises(ValidationError) as caught:
        services.registration_change(registration=anna, days=[first], mode=ON_SITE)
    assert caught.value.code == "cancelled"


def test_change_to_the_members_day_follows_the_members_only_rule():
    event, open_day, members_day = network_days()
    anna = _register(event, [open_day], 1)
    with pytest.raises(ValidationError) as caught:
        services.registration_change(registration=anna, days=[open_day, members_day], mode=ON_SITE)
    assert caught.value.error_dict["days"][0].code == "members_only"
    assert not RegistrationDay.objects.filter(day=members_day).exists()


def test_a_change_is_told_by_e_mail(two_days, django_capture_on_commit_callbacks):
    event, first, second = two_days
    anna = _register(event, [first], 1)
    deliver_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_change(registration=anna, days=[first, second], mode=ON_SITE)
    sent = deliver_outbox()
    assert [m.to for m in sent] == [["p1@kunta.example"]]
    assert "muutettu" in sent[0].subject


# --- consent to dietary and accessibility needs -----------------------------------------------


@pytest.mark.parametrize(("diet", "needs"), [("Gluteeniton", ""), ("", "Induktiosilmukka")])
def test_needs_without_consent_are_refused(two_days, diet, needs):
    event, first, _ = two_days
    with pytest.raises(ValidationError) as caught:
        _register(event, [first], 1, diet=diet, accessibility_needs=needs)
    assert caught.value.error_dict["needs_consent"][0].code == "needs_consent"
    assert not Registration.objects.exists()


def test_needs_with_consent_record_the_moment(two_days):
    event, first, _ = two_days
    before = timezone.now()
    registration = _register(event, [first], 1, diet="Gluteeniton", needs_consent=True)
    assert registration.needs_consent_at >= before


def test_no_needs_need_no_consent(two_days):
    event, first, _ = two_days
    registration = _register(event, [first], 1)
    assert registration.needs_consent_at is None


def test_emptying_the_needs_clears_the_consent_and_a_change_needs_consent(two_days):
    event, first, _ = two_days
    registration = _register(event, [first], 1, diet="Gluteeniton", needs_consent=True)
    with pytest.raises(ValidationError):
        services.registration_change(registration=registration, days=[first], mode=ON_SITE, diet="Vegaaninen")
    services.registration_change(registration=registration, days=[first], mode=ON_SITE)
    registration.refresh_from_db()
    assert (registration.diet, registration.needs_consent_at) == ("", None)


def test_every_place_change_leaves_its_audit_row(two_days):
    event, first, second = two_days
    anna = _register(event, [first, second], 1)
    services.registration_cancel(registration=anna, days=[second])
    change = StatusChange.objects.get(new_status=PlaceStatus.CANCELLED)
    assert change.old_status == PlaceStatus.CONFIRMED


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("Säätytalo, Snellmaninkatu 9, Helsinki", ("Säätytalo", "Snellmaninkatu 9", "Helsinki")),
        (
            "Porin kaupungintalo, sali 2, Hallituskatu 9, Pori",
            ("Porin kaupungintalo, sali 2", "Hallituskatu 9", "Pori"),
        ),
        ("Hallituskatu 9, Pori", ("", "Hallituskatu 9", "Pori")),
        ("Kaupungintalo, Pori", ("Kaupungintalo", "", "Pori")),
        ("Kaupungintalo", ("Kaupungintalo", "", "")),
    ],
)
def test_the_old_place_text_is_split_into_venue_street_and_town(place, expected):
    import importlib

    migration = importlib.import_module("meetings.migrations.0009_event_place_deadline_capacities")
    assert migration.split_place_text(place) == expected
