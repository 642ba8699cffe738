"""The public iCalendar feed (RFC 5545): open days of published events, nothing else."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from meetings.models import EventDay

PAST_DAYS_IN_FEED = 180


def build_feed(*, now: datetime.datetime | None = None) -> bytes:
    """Open days from half a year back onwards; members-only days and remote links never appear."""
    now = now or timezone.now()
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//THL//Terve Kunta network events//FI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Terve Kunta -verkosto")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    days = (
        EventDay.objects.public()
        .filter(ends_at__gte=now - datetime.timedelta(days=PAST_DAYS_IN_FEED))
        .select_related("event")
        .order_by("starts_at", "pk")
    )
    for day in days:
        event = day.event
        item = VEvent()
        item.add("uid", f"eventday-{day.pk}@tervekunta")
        item.add("dtstamp", now)
        item.add("dtstart", day.starts_at.astimezone(tz))
        item.add("dtend", day.ends_at.astimezone(tz))
        item.add("summary", event.translated_title)
        description = "\n\n".join(part for part in [event.translated_description, day.programme] if part)
        if description:
            item.add("description", description)
        if event.location:
            item.add("location", event.location)
        item.add("url", f"{settings.SITE_URL}{reverse('meetings:event_detail', args=[event.pk])}")
        item.add("last-modified", event.updated_at)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
