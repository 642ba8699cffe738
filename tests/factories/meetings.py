from __future__ import annotations

import datetime
import zoneinfo

import factory
from factory.django import DjangoModelFactory

from meetings.choices import AttendanceMode, Audience, EventKind, HostingStatus, PlaceStatus
from meetings.models import Event, EventDay, Hosting, Registration, RegistrationDay
from tests.factories.members import OrganisationFactory

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def helsinki(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


def next_year() -> int:
    return datetime.datetime.now(tz=HELSINKI).year + 1


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.OPEN_SEMINAR
    title = factory.Sequence(lambda n: f"Hyvinvointiseminaari {n}")
    description = "Hyvinvoinnin ja terveyden edistämisen ajankohtaiset asiat."
    venue = "Säätytalo"
    street_address = "Snellmaninkatu 9"
    town = "Helsinki"
    remote_url = factory.Sequence(lambda n: f"https://meet.example/secret-room-{n}")

    class Params:
        # Registration closed a day ago, though the event may still be ahead.
        deadline_passed = factory.Trait(
            registration_deadline=factory.LazyFunction(
                lambda: datetime.datetime.now(tz=HELSINKI) - datetime.timedelta(days=1)
            )
        )
        translated = factory.Trait(
            title_sv=factory.LazyAttribute(lambda o: f"{o.title} (på svenska)"),
            title_en=factory.LazyAttribute(lambda o: f"{o.title} (in English)"),
            description_sv="Aktuellt om främjandet av välfärd och hälsa.",
            description_en="Current topics in health and welfare promotion.",
        )


class EventDayFactory(DjangoModelFactory):
    class Meta:
        model = EventDay

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyFunction(lambda: helsinki(next_year(), 6, 3, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=7))
    audience = Audience.OPEN
    capacity = None
    remote_capacity = None

    class Params:
        members_only = factory.Trait(audience=Audience.MEMBERS)
        limited = factory.Trait(capacity=2, remote_capacity=2)
        recorded = factory.Trait(attendance_recorded_at=factory.SelfAttribute("ends_at"))


def network_days(
    *, year: int | None = None, capacity: int | None = None, remote_capacity: int | None = None, **kwargs
) -> tuple[Event, EventDay, EventDay]:
    """Network days: an open first day and a members-only second day."""
    year = year or next_year()
    event = EventFactory(kind=EventKind.NETWORK_DAYS, title=f"Terve Kunta -päivät {year}", **kwargs)
    limits = {"capacity": capacity, "remote_capacity": remote_capacity}
    open_day = EventDayFactory(event=event, starts_at=helsinki(year, 6, 3, 9), **limits)
    members_day = EventDayFactory(event=event, starts_at=helsinki(year, 6, 4, 9), members_only=True, **limits)
    return event, open_day, members_day


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name", locale="fi_FI")
    email = factory.Sequence(lambda n: f"osallistuja{n}@kunta.example")
    organisation_other = "Järjestö ry"
    mode = AttendanceMode.IN_PERSON

    class Params:
        cancelled = factory.Trait(cancelled_at=factory.LazyFunction(lambda: datetime.datetime.now(tz=HELSINKI)))
        remote = factory.Trait(mode=AttendanceMode.REMOTE)
        with_needs = factory.Trait(
            diet="Gluteeniton",
            accessibility_needs="Induktiosilmukka",
            needs_consent_at=factory.LazyFunction(lambda: datetime.datetime.now(tz=HELSINKI)),
        )


class RegistrationDayFactory(DjangoModelFactory):
    class Meta:
        model = RegistrationDay

    registration = factory.SubFactory(RegistrationFactory)
    day = factory.SubFactory(EventDayFactory, event=factory.SelfAttribute("..registration.event"))
    status = PlaceStatus.CONFIRMED

    class Params:
        waitlisted = factory.Trait(status=PlaceStatus.WAITLISTED)
        cancelled = factory.Trait(status=PlaceStatus.CANCELLED)
        awaiting = factory.Trait(status=PlaceStatus.AWAITING)
        declined = factory.Trait(status=PlaceStatus.DECLINED)
        present = factory.Trait(attended=True)


class HostingFactory(DjangoModelFactory):
    class Meta:
        model = Hosting

    year = 2024
    organisation = factory.SubFactory(OrganisationFactory)
    status = HostingStatus.OFFERED

    class Params:
        confirmed = factory.Trait(status=HostingStatus.CONFIRMED)
        held = factory.Trait(status=HostingStatus.HELD)
        declined = factory.Trait(status=HostingStatus.DECLINED)
        proposed = factory.Trait(status=HostingStatus.PROPOSED)


def build_participation_data(*, organisations: int, years: int, meetings: int, first_year: int = 2015) -> None:
    """A network of `organisations` members with `meetings` network meetings a year, in bulk.

    Organisation i attends meeting m when (i + m) % 3 != 0, and organisations whose index is
    divisible by 10 attend none; so shares are known exactly.
    """
    from members.choices import OrganisationKind, StartPrecision
    from members.models import Membership, Organisation

    orgs = Organisation.objects.bulk_create(
        Organisation(name_fi=f"Jäsen {i:03d}", slug=f"jasen-{i:03d}", kind=OrganisationKind.OTHER)
        for i in range(organisations)
    )
    start = datetime.date(first_year - 1, 1, 1)
    Membership.objects.bulk_create(
        Membership(organisation=o, start_date=start, known_from=start, start_precision=StartPrecision.DAY) for o in orgs
    )
    events = Event.objects.bulk_create(
        Event(kind=EventKind.NETWORK_MEETING, title=f"Verkostokokous {y}/{m + 1}")
        for y in range(first_year, first_year + years)
        for m in range(meetings)
    )
    days = EventDay.objects.bulk_create(
        EventDay(
            event=event,
            starts_at=helsinki(first_year + n // meetings, n % meetings + 1, 10, 13),
            ends_at=helsinki(first_year + n // meetings, n % meetings + 1, 10, 15),
            audience=Audience.MEMBERS,
            attendance_recorded_at=helsinki(first_year + n // meetings, n % meetings + 1, 10, 15),
        )
        for n, event in enumerate(events)
    )
    registrations = []
    for n, day in enumerate(days):
        for i, organisation in enumerate(orgs):
            if i % 10 and (i + n) % 3:
                registrations.append(
                    Registration(
                        event_id=day.event_id,
                        name=f"Osallistuja {i}",
                        email=f"o{i}@example.org",
                        organisation=organisation,
                        mode=AttendanceMode.REMOTE,
                    )
                )
    registrations = Registration.objects.bulk_create(registrations, batch_size=2000)
    day_of_event = {day.event_id: day for day in days}
    RegistrationDay.objects.bulk_create(
        (
            RegistrationDay(registration=r, day=day_of_event[r.event_id], status=PlaceStatus.CONFIRMED, attended=True)
            for r in registrations
        ),
        batch_size=2000,
    )
