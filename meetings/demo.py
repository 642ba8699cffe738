"""Fictional upcoming events for development and demonstration (never in production)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from meetings.choices import Audience, EventKind
from meetings.models import Event, EventDay

DEMO_MARK = "[demo]"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def load_demo_events(*, today: datetime.date | None = None) -> int:
    """Network days next June, an open seminar and the monthly network meetings; idempotent."""
    if Event.objects.filter(description__startswith=DEMO_MARK).exists():
        return 0
    today = today or timezone.localdate()
    year = today.year + 1
    days = Event.objects.create(
        kind=EventKind.NETWORK_DAYS,
        title=f"Terve Kunta -päivät {year}",
        description=f"{DEMO_MARK} Verkostopäivät: ensimmäinen päivä on avoin kaikille, toinen vain jäsenille.",
        venue="Kaupungintalo",
        street_address="Keskuskatu 1",
        town="Järvenpää",
        remote_url="https://meet.example/terve-kunta-paivat",
    )
    first = datetime.date(year, 6, 2)
    EventDay.objects.create(event=days, starts_at=_at(first, 9), ends_at=_at(first, 16), capacity=150)
    second = first + datetime.timedelta(days=1)
    EventDay.objects.create(
        event=days, starts_at=_at(second, 9), ends_at=_at(second, 14), audience=Audience.MEMBERS, capacity=80
    )
    seminar = Event.objects.create(
        kind=EventKind.OPEN_SEMINAR,
        title="Hyvinvointitalous kunnan strategiassa",
        description=f"{DEMO_MARK} Avoin etäseminaari hyvinvointitaloudesta.",
        remote_url="https://meet.example/seminaari",
    )
    seminar_day = today + datetime.timedelta(days=30)
    EventDay.objects.create(event=seminar, starts_at=_at(seminar_day, 13), ends_at=_at(seminar_day, 15, 30))
    created = 2
    for month in range(1, 13):
        meeting_day = datetime.date(today.year, month, 10)
        meeting = Event.objects.create(
            kind=EventKind.NETWORK_MEETING,
            title=f"Verkostokokous {month}/{today.year}",
            description=f"{DEMO_MARK} Kuukausittainen verkostokokous (2 h, etänä).",
            remote_url="https://meet.example/verkostokokous",
        )
        EventDay.objects.create(
            event=meeting, starts_at=_at(meeting_day, 13), ends_at=_at(meeting_day, 15), audience=Audience.MEMBERS
        )
        created += 1
    return created
