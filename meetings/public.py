"""What of the events tells the caches of the public pages (the calendar, the event pages, the
feed, the hostings on member pages) when what they show may have changed. The places left on a
day are a source of their own, so that a registration changes only the pages that count them."""

from __future__ import annotations

import datetime

from django.db import connection

from meetings.feed import PAST_DAYS_IN_FEED
from meetings.models import Event, EventDay, Hosting, Registration, RegistrationDay
from tervekunta.http import Part

EVENT_MODELS = (Event, EventDay, Hosting, Hosting.co_hosts.through)
PLACE_MODELS = (Registration, RegistrationDay)


def _next_end(since: datetime.datetime) -> Part:
    """The first end of an event day at or after `since`: until then, the days that have ended
    by `since` stay the same."""
    table = connection.ops.quote_name(EventDay._meta.db_table)
    column = connection.ops.quote_name(EventDay._meta.get_field("ends_at").column)
    return Part(
        f"(SELECT CAST(MIN({column}) AS TEXT) FROM {table} WHERE {column} >= %s)",  # noqa: S608
        (connection.ops.adapt_datetimefield_value(since),),
    )


def _next_deadline(since: datetime.datetime) -> Part:
    """The first registration deadline at or after `since`: then the event's form closes."""
    table = connection.ops.quote_name(Event._meta.db_table)
    column = connection.ops.quote_name(Event._meta.get_field("registration_deadline").column)
    return Part(
        f"(SELECT CAST(MIN({column}) AS TEXT) FROM {table} WHERE {column} >= %s)",  # noqa: S608
        (connection.ops.adapt_datetimefield_value(since),),
    )


def event_moments(now: datetime.datetime) -> list[Part]:
    """The end of a day takes it off the calendar and the home page, and half a year later out
    of the feed; a registration deadline closes the event's form."""
    return [_next_end(now), _next_end(now - datetime.timedelta(days=PAST_DAYS_IN_FEED)), _next_deadline(now)]
