"""Members-only days: a place is confirmed only for an address the register knows for the member
organisation; anyone else awaits a coordinator, who confirms or declines on the event's page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.choices import AttendanceMode, PlaceStatus
from meetings.models import RegistrationDay
from tests.factories.meetings import RegistrationDayFactory, RegistrationFactory, network_days
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db


def _register(event, days, *, email, organisation):
    return services.registration_create(
        event=event,
        name="Anna Virtanen",
        email=email,
        days=days,
        organisation=organisation,
        mode=AttendanceMode.IN_PERSON,
    )


def _contact(member):
    return member.appointments.current().select_related("person").first().person


def _statuses(registration):
    return [p.status for p in registration.places.order_by("day__starts_at")]


def test_an_address_the_register_knows_gets_the_place(days, member):
    event, open_day, members_day = days
    registration = _register(event, [open_day, members_day], email=_contact(member).email.upper(), organisation=member)
    assert _statuses(registration) == [PlaceStatus.CONFIRMED, PlaceStatus.CONFIRMED]


@pytest.mark.parametrize("whose", ["stranger", "ended_appointment", "other_member"])
def test_any_other_address_awaits_confirmation(days, member, whose, django_capture_on_commit_callbacks):
    event, open_day, members_day = days
    email = {
        "stranger": "anna@gmail.example",
        "ended_appointment": AppointmentFactory(organisation=member, ended=True).person.email,
        "other_member": _contact(_other_member()).email,
    }[whose]
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(event, [open_day, members_day], email=email, organisation=member)
    assert _statuses(registration) == [PlaceStatus.CONFIRMED, PlaceStatus.AWAITING]
    # An awaiting place takes no capacity and is no confirmed place for the attendance list.
    assert not RegistrationDay.objects.filter(day=members_day).confirmed().exists()
    [message] = deliver_outbox()
    assert "Odottaa jäsenyyden vahvistusta" in message.body
    assert "kun koordinaattori on tarkistanut jäsenyytesi" in message.body


def _other_member():
    other = OrganisationFactory(name_fi="Rauma", slug="rauma-test")
    MembershipFactory(organisation=other)
    AppointmentFactory(organisation=other)
    return other


def _awaiting_place(event, day, member, email="anna@gmail.example"):
    registration = _register(event, [day], email=email, organisation=member)
    return registration.places.get()


def test_a_coordinator_confirms_and_the_person_is_told(days, member, coordinator, django_capture_on_commit_callbacks):
    event, _open_day, members_day = days
    place = _awaiting_place(event, members_day, member)
    with django_capture_on_commit_callbacks(execute=True):
        place = services.place_membership_confirm(place=place, actor=coordinator)
    assert place.status == PlaceStatus.CONFIRMED
    assert place.history.latest().history_user == coordinator
    assert deliver_outbox()[-1].to == ["anna@gmail.example"]
    assert "vahvistettu" in deliver_outbox()[-1].subject


def test_confirmed_into_a_full_day_joins_its_waiting_list(member, coordinator, django_capture_on_commit_callbacks):
    event, _open_day, members_day = network_days(capacity=1)
    _register(event, [members_day], email=_contact(member).email, organisation=member)
    place = _awaiting_place(event, members_day, member)
    with django_capture_on_commit_callbacks(execute=True):
        place = services.place_membership_confirm(place=place, actor=coordinator)
    assert place.status == PlaceStatus.WAITLISTED
    assert "jonotuslistalla" in deliver_outbox()[-1].subject


def test_a_coordinator_declines(days, member, coordinator, django_capture_on_commit_callbacks):
    event, _open_day, members_day = days
    place = _awaiting_place(event, members_day, member)
    with django_capture_on_commit_callbacks(execute=True):
        place = services.place_membership_decline(place=place, actor=coordinator)
    assert place.status == PlaceStatus.DECLINED
    assert "eikä koordinaattori voinut vahvistaa" in deliver_outbox()[-1].body
    # Cancelling the registration later leaves the decision as it was.
    services.registration_cancel(registration=place.registration)
    place.refresh_from_db()
    assert place.status == PlaceStatus.DECLINED


@pytest.mark.parametrize(
    "status", [PlaceStatus.CONFIRMED, PlaceStatus.WAITLISTED, PlaceStatus.CANCELLED, PlaceStatus.DECLINED]
)
@pytest.mark.parametrize("decide", [services.place_membership_confirm, services.place_membership_decline])
def test_only_an_awaiting_place_is_decided(days, coordinator, status, decide):
    _event, _open_day, members_day = days
    place = RegistrationDayFactory(day=members_day, status=status)
    with pytest.raises(ValidationError) as caught:
        decide(place=place, actor=coordinator)
    assert caught.value.code == "forbidden_transition"
    place.refresh_from_db()
    assert place.status == status


def test_a_cancelled_registration_is_not_decided(days, member, coordinator):
    event, _open_day, members_day = days
    place = _awaiting_place(event, members_day, member)
    services.registration_cancel(registration=place.registration)
    with pytest.raises(ValidationError) as caught:
        services.place_membership_confirm(place=place, actor=coordinator)
    assert caught.value.code in {"cancelled", "forbidden_transition"}


def test_the_registrant_is_told_on_the_page(client, days, member):
    event, open_day, members_day = days
    data = {
        "name": "Anna Virtanen",
        "email": "anna@gmail.example",
        "organisation": member.pk,
        "organisation_other": "",
        "days": [open_day.pk, members_day.pk],
        "mode": "in_person",
    }
    page = client.post(reverse("meetings:register", args=[event.pk]), data, follow=True).content.decode()
    assert "odottaa koordinaattorin vahvistusta" in page
    assert "Odottaa jäsenyyden vahvistusta" in page


def test_the_coordinator_confirms_and_declines_on_the_events_page(coordinator_client, days, member):
    event, _open_day, members_day = days
    first = _awaiting_place(event, members_day, member, "first@gmail.example")
    second = _awaiting_place(event, members_day, member, "second@gmail.example")
    RegistrationFactory(event=event)  # confirmed elsewhere: not listed
    listing = coordinator_client.get(reverse("meetings:coordinator_events")).content.decode()
    assert "2 vahvistettavana" in listing
    url = reverse("meetings:membership_confirmations", args=[event.pk])
    page = coordinator_client.get(url).content.decode()
    assert "first@gmail.example" in page and "second@gmail.example" in page

    assert coordinator_client.post(url, {"place": first.pk, "decision": "confirm"}).status_code == 302
    assert coordinator_client.post(url, {"place": second.pk, "decision": "decline"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PlaceStatus.CONFIRMED, PlaceStatus.DECLINED)
    assert "Ei paikkoja odottamassa vahvistusta." in coordinator_client.get(url).content.decode()
    assert coordinator_client.post(url, {"place": first.pk, "decision": "approve"}).status_code == 404
