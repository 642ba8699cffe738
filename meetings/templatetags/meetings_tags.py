from __future__ import annotations

from django import template

from meetings.choices import HOST_OF_THE_YEAR
from meetings.models import Event, Hosting

register = template.Library()


@register.simple_tag
def upcoming_open_events(limit: int = 3) -> list[Event]:
    """The next published events with an open day ahead (one query)."""
    return list(Event.objects.with_upcoming_open_days().only("pk", "title", "kind")[:limit])


@register.simple_tag
def member_hostings(organisation) -> list[Hosting]:
    """Confirmed and held network days the organisation hosted or co-hosted (one query)."""
    if organisation is None:
        return []
    return list(
        Hosting.objects.for_organisation(organisation)
        .filter(status__in=HOST_OF_THE_YEAR)
        .select_related("organisation")
        .order_by("-year")
    )
