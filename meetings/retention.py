"""How long the event registrations and attendance lists keep a person's details
(tervekunta.retention)."""

from __future__ import annotations

import datetime

from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from meetings.models import Event, Registration, WalkIn
from meetings.personal_data import ERASED, WALK_IN_ERASED
from tervekunta.deletion import clear_personal_fields, erased_address_of_row
from tervekunta.retention import Rule, months_before

REGISTRATION_MONTHS = 12


def _events_over(now: datetime.datetime) -> QuerySet[Event]:
    """The events whose last day ended more than REGISTRATION_MONTHS months before `now`."""
    cutoff = months_before(now, REGISTRATION_MONTHS)
    return Event.objects.annotate(last_ends=Max("days__ends_at")).filter(last_ends__lt=cutoff).values("pk")


def registrations_due(now: datetime.datetime) -> list[QuerySet]:
    cleared = Q(**ERASED, email__endswith="@invalid.invalid")
    return [Registration.objects.filter(event__in=_events_over(now)).exclude(cleared)]


def walk_ins_due(now: datetime.datetime) -> list[QuerySet]:
    return [WalkIn.objects.filter(day__event__in=_events_over(now)).exclude(**WALK_IN_ERASED)]


def clear_registrations(querysets: list[QuerySet]) -> dict[str, int]:
    return {"meetings.registration": clear_personal_fields(querysets[0], {**ERASED, "email": erased_address_of_row()})}


def clear_walk_ins(querysets: list[QuerySet]) -> dict[str, int]:
    return {"meetings.walkin": clear_personal_fields(querysets[0], WALK_IN_ERASED)}


WHY = _(
    "Registrations are needed to organise the event and to answer questions about it afterwards. "
    "Attendance counts towards the participation monitoring of member organisations, which is "
    "reported per calendar year; for that, the organisation and the days attended are enough."
)

RULES = [
    Rule(
        key="registrations",
        title=_("Event registrations"),
        what=_("Event registrations: name, e-mail address, dietary needs and accessibility needs"),
        period=_("12 months after the event's last day"),
        outcome=_(
            "the name, e-mail address, dietary needs and accessibility needs are cleared; the "
            "organisation, the days and the attendance stay for the participation figures"
        ),
        why=WHY,
        due=registrations_due,
        remove=clear_registrations,
        order=40,
    ),
    Rule(
        key="walk_ins",
        title=_("Participants without registration"),
        what=_("Participants recorded without a registration: name and e-mail address"),
        period=_("12 months after the event's last day"),
        outcome=_("the name and e-mail address are cleared; the organisation and the day stay"),
        why=WHY,
        due=walk_ins_due,
        remove=clear_walk_ins,
        order=45,
    ),
]
