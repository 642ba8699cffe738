from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation

from meetings import services
from meetings.choices import HOSTING_TRANSITIONS, AttendanceMode, HostingStatus, PlaceStatus
from meetings.models import PRIVATE_LINK, EventDay, Hosting, Registration, RegistrationDay
from tervekunta import links
from tests.factories.meetings import EventDayFactory, EventFactory, HostingFactory, helsinki, network_days
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db


def _register(event, days, *, email="anna@kunta.example", organisation=None, other="Yhdistys ry", **kwargs):
    return services.registration_create(
        event=event,
        name="Anna Virtanen",
        email=email,
        days=days,
        organisation=organisation,
        organisation_other=other,
        mode=kwargs.pop("mode", AttendanceMode.IN_PERSON),
        **kwargs,
    )


def _opened_by_link_in(body: str) -> Registration:
    token = re.search(r"/events/registration/([^/\s]+)/", body).group(1)
    return links.resolve(PRIVATE_LINK, token)


def _contact_address(member) -> str:
    """An address the register knows for the member: a person in one of its current appointments."""
    return member.appointments.current().select_related("person").first().person.email.upper()


def _statuses(registration):
    return [p.status for p in registration.places.order_by("day__starts_at")]


def test_non_member_registers_for_the_open_day(days, django_capture_on_commit_callbacks):
    event, open_day, _members_day = days
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(event, [open_day])
    assert _statuses(registration) == [PlaceStatus.CONFIRMED]
    assert registration.organisation_other == "Yhdistys ry"
    sent = deliver_outbox()
    assert len(sent) == 1
    assert sent[0].to == ["anna@kunta.example"]
    assert _opened_by_link_in(sent[0].body) == registration
    assert event.remote_url not in sent[0].body


@pytest.mark.parametrize("organisation_fixture", [None, "non_member"])
def test_members_only_day_is_refused_to_a_non_member(days, request, organisation_fixture):
    event, open_day, members_day = days
    organisation = request.getfixturevalue(organisation_fixture) if organisation_fixture else None
    with pytest.raises(ValidationError) as caught:
        _register(event, [open_day, members_day], organisation=organisation)
    assert caught.value.error_dict["days"][0].code == "members_only"
    assert not Registration.objects.exists()
    assert not RegistrationDay.objects.exists()


def test_member_registers_for_both_days(days, member, django_capture_on_commit_callbacks):
    event, open_day, members_day = days
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(
            event, [open_day, members_day], organisation=member, other="ignored", email=_contact_address(member)
        )
    assert _statuses(registration) == [PlaceStatus.CONFIRMED, PlaceStatus.CONFIRMED]
    assert registration.organisation == member
    assert registration.organisation_other == ""


def test_same_email_cannot_register_twice_in_any_case(days):
    event, open_day, _ = days
    _register(event, [open_day], email="Anna@Kunta.example")
    with pytest.raises(ValidationError) as caught:
        _register(event, [open_day], email="anna@kunta.EXAMPLE")
    assert caught.value.error_dict["email"][0].code == "already_registered"
    assert Registration.objects.count() == 1


def test_database_refuses_a_second_active_registration(days):
    event, open_day, _ = days
    first = _register(event, [open_day])
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, name="X", email=first.email, organisation_other="Y")


def test_after_cancelling_the_same_email_may_register_again(days):
    event, open_day, _ = days
    first = _register(event, [open_day])
    services.registration_cancel(registration=first)
    again = _register(event, [open_day])
    assert _statuses(again) == [PlaceStatus.CONFIRMED]


def test_full_day_waitlists_and_cancelling_moves_the_next_up(django_capture_on_commit_callbacks):
    event, open_day, _ = network_days(capacity=1)
    first = _register(event, [open_day], email="first@example.org")
    second = _register(event, [open_day], email="second@example.org")
    third = _register(event, [open_day], email="third@example.org")
    assert _statuses(second) == [PlaceStatus.WAITLISTED]
    assert _statuses(third) == [PlaceStatus.WAITLISTED]
    deliver_outbox().clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=first)
    assert [p.registration for p in promoted] == [second]
    assert _statuses(second) == [PlaceStatus.CONFIRMED]
    assert _statuses(third) == [PlaceStatus.WAITLISTED]
    assert _statuses(first) == [PlaceStatus.CANCELLED]
    recipients = sorted(m.to[0] for m in deliver_outbox())
    assert recipients == ["first@example.org", "second@example.org"]
    promoted_mail = next(m for m in deliver_outbox() if m.to == ["second@example.org"])
    assert _opened_by_link_in(promoted_mail.body) == second


def test_cancelling_and_promoting_record_each_place_step_with_the_actor(coordinator):
    event, open_day, _ = network_days(capacity=1)
    first = _register(event, [open_day], email="first@example.org")
    second = _register(event, [open_day], email="second@example.org")
    services.registration_cancel(registration=first, actor=coordinator)
    cancelled = first.places.get()
    promoted = second.places.get()
    steps = [(c.old_status, c.new_status, c.actor) for c in cancelled.status_changes.all()]
    assert steps == [(PlaceStatus.CONFIRMED, PlaceStatus.CANCELLED, coordinator)]
    change = promoted.status_changes.get()
    assert (change.old_status, change.new_status, change.actor) == (
        PlaceStatus.WAITLISTED,
        PlaceStatus.CONFIRMED,
        coordinator,
    )
    assert change.created_at == promoted.promoted_at
    assert cancelled.history.first().history_user == coordinator


def test_cancelling_through_the_private_link_records_no_user():
    event, open_day, _ = network_days()
    registration = _register(event, [open_day])
    services.registration_cancel(registration=registration, actor=None)
    assert registration.places.get().status_changes.get().actor is None


def test_cancelling_a_waitlisted_registration_promotes_nobody(django_capture_on_commit_callbacks):
    event, open_day, _ = network_days(capacity=1)
    _register(event, [open_day], email="first@example.org")
    second = _register(event, [open_day], email="second@example.org")
    third = _register(event, [open_day], email="third@example.org")
    assert services.registration_cancel(registration=second) == []
    assert _statuses(third) == [PlaceStatus.WAITLISTED]


def test_cancelling_twice_is_refused(days):
    event, open_day, _ = days
    registration = _register(event, [open_day])
    services.registration_cancel(registration=registration)
    with pytest.raises(ValidationError) as caught:
        services.registration_cancel(registration=registration)
    assert caught.value.code == "already_cancelled"


def test_raising_capacity_moves_the_waiting_list_up():
    event, open_day, _ = network_days(capacity=1)
    _register(event, [open_day], email="a@example.org")
    second = _register(event, [open_day], email="b@example.org")
    third = _register(event, [open_day], email="c@example.org")
    services.day_capacity_change(day=open_day, capacity=3)
    assert _statuses(second) == _statuses(third) == [PlaceStatus.CONFIRMED]


@pytest.mark.parametrize(
    ("case", "code"),
    [("none", "no_days"), ("other_event", "wrong_event"), ("past", "day_over")],
)
def test_bad_day_choices_are_refused(days, case, code):
    event, _open_day, _ = days
    chosen = {
        "none": [],
        "other_event": [EventDayFactory()],
        "past": [EventDayFactory(event=event, starts_at=datetime.datetime(2020, 1, 1, 9, tzinfo=datetime.UTC))],
    }[case]
    with pytest.raises(ValidationError) as caught:
        _register(event, chosen)
    assert caught.value.error_dict["days"][0].code == code


def test_closed_registration_is_refused():
    event = EventFactory(registration_open=False)
    day = EventDayFactory(event=event)
    with pytest.raises(ValidationError) as caught:
        _register(event, [day])
    assert caught.value.code == "closed"


def test_attendance_record_sets_exactly_the_ticked_places(days, member):
    event, open_day, members_day = days
    registration = _register(event, [open_day, members_day], organisation=member, email=_contact_address(member))
    first, second = registration.places.order_by("day__starts_at")
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(event=event, attended_ids=[first.pk])
    assert caught.value.code == "not_started"
    # The event has been held.
    for day, start in ((open_day, helsinki(2025, 6, 3, 9)), (members_day, helsinki(2025, 6, 4, 9))):
        EventDay.objects.filter(pk=day.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=7))
    assert services.attendance_record(event=event, attended_ids=[first.pk]) == (1, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attended, second.attended) == (True, False)


def test_attendance_names_the_actor_in_history_and_writes_only_changed_places(days, member, coordinator):
    event, open_day, members_day = days
    registration = _register(event, [open_day, members_day], organisation=member, email=_contact_address(member))
    first, second = registration.places.order_by("day__starts_at")
    # Attendance is recorded once the days have begun.
    past = datetime.timedelta(days=800)
    EventDay.objects.filter(event=event).update(starts_at=F("starts_at") - past, ends_at=F("ends_at") - past)
    services.attendance_record(event=event, attended_ids=[first.pk], actor=coordinator)
    assert first.history.first().history_user == coordinator
    assert second.history.count() == 1  # not attended before, not attended now: nothing written
    assert services.attendance_mark(places=[first, second], attended=True, actor=coordinator) == 2
    assert second.history.first().history_user == coordinator
    assert first.history.count() == 2


def test_attendance_only_for_confirmed_places():
    event, open_day, _ = network_days(capacity=1)
    _register(event, [open_day], email="a@example.org")
    waiting = _register(event, [open_day], email="b@example.org").places.get()
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(event=event, attended_ids=[waiting.pk])
    assert caught.value.code == "not_confirmed"
    assert services.attendance_mark(places=[waiting]) == 0


def test_a_year_has_at_most_one_confirmed_host_in_the_service():
    HostingFactory(year=2027, confirmed=True)
    offered = HostingFactory(year=2027)
    with pytest.raises(ValidationError) as caught:
        services.hosting_set_status(hosting=offered, status=HostingStatus.CONFIRMED)
    assert caught.value.code == "year_taken"
    assert services.hosting_set_status(hosting=offered, status=HostingStatus.DECLINED).status == "declined"


@pytest.mark.parametrize("existing", [HostingStatus.CONFIRMED, HostingStatus.HELD])
@pytest.mark.parametrize("second", [HostingStatus.CONFIRMED, HostingStatus.HELD])
def test_database_refuses_a_second_confirmed_host_for_a_year(existing, second):
    HostingFactory(year=2028, status=existing)
    with pytest.raises(IntegrityError), transaction.atomic():
        HostingFactory(year=2028, status=second)


@pytest.mark.parametrize("other", [HostingStatus.OFFERED, HostingStatus.PROPOSED, HostingStatus.DECLINED])
def test_other_statuses_may_share_a_year_with_the_host(other):
    HostingFactory(year=2028, confirmed=True)
    HostingFactory(year=2028, status=other)
    assert Hosting.objects.filter(year=2028).count() == 2


@pytest.mark.parametrize("old", list(HostingStatus))
@pytest.mark.parametrize("new", list(HostingStatus))
def test_hosting_transitions_follow_the_map(old, new, coordinator):
    hosting = HostingFactory(year=2030, status=old)
    allowed = new in HOSTING_TRANSITIONS[old]
    assert hosting.can_become(new) is allowed
    if allowed:
        assert services.hosting_set_status(hosting=hosting, status=new, actor=coordinator, note="Sovittu").status == new
        assert hosting.history.count() == 2
        assert hosting.history.first().history_user == coordinator
        change = hosting.status_changes.get()
        assert (change.old_status, change.new_status, change.actor, change.note) == (old, new, coordinator, "Sovittu")
    else:
        with pytest.raises(ValidationError) as caught:
            services.hosting_set_status(hosting=hosting, status=new, actor=coordinator)
        assert caught.value.code == "forbidden_transition"
        hosting.refresh_from_db()
        assert hosting.status == old
        assert hosting.history.count() == 1
        assert not hosting.status_changes.exists()


def test_recording_the_plan_adds_proposed_hostings_once(member):
    with translation.override("en"):
        recorded = services.hosting_plan_record(start_year=2031)
    assert [(h.year, h.organisation, h.status) for h in recorded] == [(2031, member, HostingStatus.PROPOSED)]
    assert "Has never hosted the network days." in recorded[0].notes
    assert services.hosting_plan_record(start_year=2031) == recorded
    assert Hosting.objects.count() == 1
