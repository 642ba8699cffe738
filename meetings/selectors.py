"""Read-only queries about events: the public calendar, a registration's days, the coordinator's lists."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from meetings.choices import HOST_OF_THE_YEAR, PlaceStatus
from meetings.models import Event, EventDay, Hosting, Registration, RegistrationDay
from members.models import Organisation

# Why the registration form of an event is closed (registration_closed).
CLOSED_OVER = "over"
CLOSED_DEADLINE = "deadline"
CLOSED = "closed"


def _open_days() -> Prefetch:
    return Prefetch("days", queryset=EventDay.objects.open().with_taken().order_by("starts_at"), to_attr="open_days")


def registration_closed(event: Event, days: list[EventDay] | None = None) -> str:
    """Why nobody can register for `event` now (CLOSED_OVER, CLOSED_DEADLINE, CLOSED), or "" when
    they can; `days`, when given, are all the event's days, already read."""
    now = timezone.now()
    if days is not None:
        over = all(day.ends_at < now for day in days)
    else:
        over = not event.days.filter(ends_at__gte=now).exists()
    if over:
        return CLOSED_OVER
    if event.deadline_passed(now):
        return CLOSED_DEADLINE
    if not event.registration_open:
        return CLOSED
    return ""


def event_hosts(event: Event) -> list[Organisation]:
    """The event's hosts: the confirmed or held hosting linked to it (with co-hosts), else its hosting member."""
    hostings = list(
        Hosting.objects.filter(event=event, status__in=HOST_OF_THE_YEAR)
        .select_related("organisation")
        .prefetch_related("co_hosts")
    )
    if hostings:
        return [
            organisation for hosting in hostings for organisation in [hosting.organisation, *hosting.co_hosts.all()]
        ]
    return [event.host] if event.host_id else []


def upcoming_public_events() -> QuerySet[Event]:
    """Published events with an open day ahead, soonest first, each with its open days."""
    return Event.objects.with_upcoming_open_days().prefetch_related(_open_days())


def published_events() -> QuerySet[Event]:
    """Published events, each with its open days (`open_days`): an event without one is not public."""
    return Event.objects.filter(published=True).prefetch_related(_open_days())


def registration_places(registration: Registration) -> list[RegistrationDay]:
    """The registration's places with their days, in the order of the days."""
    return list(registration.places.select_related("day").order_by("day__starts_at"))


def coordinator_events(limit: int = 100) -> QuerySet[Event]:
    """The latest events first, with all their days and how many places await confirmation."""
    days = Prefetch("days", queryset=EventDay.objects.order_by("starts_at"))
    awaiting = Q(days__places__status=PlaceStatus.AWAITING, days__places__registration__cancelled_at__isnull=True)
    return (
        Event.objects.select_related("host")
        .prefetch_related(
            days, Prefetch("hostings", queryset=Hosting.objects.select_related("organisation").order_by("pk"))
        )
        .annotate(awaiting_count=Count("days__places", filter=awaiting))
        .order_by("-pk")[:limit]
    )


def attendance_places(event: Event) -> list[RegistrationDay]:
    """The event's confirmed places, grouped by organisation and person for marking attendance."""
    return list(
        RegistrationDay.objects.filter(day__event=event, status=PlaceStatus.CONFIRMED)
        .select_related("registration__organisation", "day")
        .order_by(
            "registration__organisation__name_fi",
            "registration__organisation_other",
            "registration__name",
            "day__starts_at",
        )
    )
