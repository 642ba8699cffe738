from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Count, Min, Q
from django.utils import timezone

from meetings.choices import AttendanceMode, Audience, PlaceStatus


class EventQuerySet(models.QuerySet):
    def with_upcoming_open_days(self, now: datetime.datetime | None = None) -> EventQuerySet:
        """Published events with an open day still ahead, annotated with `next_open_start`."""
        now = now or timezone.now()
        upcoming_open = Q(days__audience=Audience.OPEN, days__ends_at__gte=now)
        return (
            self.filter(published=True)
            .annotate(next_open_start=Min("days__starts_at", filter=upcoming_open))
            .filter(next_open_start__isnull=False)
            .order_by("next_open_start", "pk")
        )


class EventDayQuerySet(models.QuerySet):
    def open(self) -> EventDayQuerySet:
        return self.filter(audience=Audience.OPEN)

    def public(self) -> EventDayQuerySet:
        """Days that may appear on public pages and in the feed."""
        return self.filter(audience=Audience.OPEN, event__published=True)

    def with_taken(self) -> EventDayQuerySet:
        """Annotate the confirmed places per mode: `taken_on_site` and `taken_remote`."""
        confirmed = Q(places__status=PlaceStatus.CONFIRMED)
        return self.annotate(
            taken_on_site=Count("places", filter=confirmed & Q(places__registration__mode=AttendanceMode.IN_PERSON)),
            taken_remote=Count("places", filter=confirmed & Q(places__registration__mode=AttendanceMode.REMOTE)),
        )


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> RegistrationQuerySet:
        return self.filter(cancelled_at__isnull=True)


class RegistrationDayQuerySet(models.QuerySet):
    def confirmed(self) -> RegistrationDayQuerySet:
        return self.filter(status=PlaceStatus.CONFIRMED)

    def waitlisted(self) -> RegistrationDayQuerySet:
        return self.filter(status=PlaceStatus.WAITLISTED)

    def awaiting(self) -> RegistrationDayQuerySet:
        """Members-only places waiting for a coordinator to confirm the person's membership."""
        return self.filter(status=PlaceStatus.AWAITING, registration__cancelled_at__isnull=True)

    def queue_order(self) -> RegistrationDayQuerySet:
        """First come, first served; the primary key breaks a tie of equal timestamps."""
        return self.order_by("queued_at", "pk")


class HostingQuerySet(models.QuerySet):
    def for_organisation(self, organisation) -> HostingQuerySet:
        return self.filter(Q(organisation=organisation) | Q(co_hosts=organisation)).distinct()
