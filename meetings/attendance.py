"""Attendance at meetings: who was there, read the same way by every report."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from meetings.choices import PlaceStatus
from meetings.models import EventDay, RegistrationDay
from members.models import Organisation


def present_organisations(days: QuerySet, *, organisation: Organisation | None = None) -> set[tuple[int, int]]:
    """(organisation id, day id) for each member organisation present on one of `days` (or `organisation`'s days)."""
    places = RegistrationDay.objects.filter(
        day__in=days, attended=True, status=PlaceStatus.CONFIRMED, registration__organisation__isnull=False
    )
    if organisation is not None:
        places = places.filter(registration__organisation=organisation)
    return set(places.values_list("registration__organisation", "day").distinct())


def mark_recorded(days: QuerySet, *, actor: AbstractBaseUser | None = None) -> None:
    """Note that attendance of the days that have begun is now recorded (the report counts them)."""
    now = timezone.now()
    for day in EventDay.objects.filter(pk__in=days.values("pk"), starts_at__lte=now):
        day.attendance_recorded_at = now
        if actor is not None and actor.is_authenticated:
            day._history_user = actor
        day.save(update_fields=["attendance_recorded_at"])
