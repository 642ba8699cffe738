"""How long the member register keeps a person's details (tervekunta.retention)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Appointment, Delivery, Person, UpkeepChange, UpkeepRequest
from members.personal_data import CHANGE_ERASED, PERSONAL_FIELDS
from tervekunta.deletion import clear_personal_fields, erased_address_of_row
from tervekunta.retention import Rule

PEOPLE_YEARS = 2


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def people_due(now: datetime.datetime) -> list[QuerySet]:
    """People without a current appointment whose last appointment ended, and whose details
    last changed, more than two years ago; not yet cleared."""
    cutoff = _years_before(now, PEOPLE_YEARS)
    recent = Appointment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate(cutoff))).values(
        "person"
    )
    cleared = Q(**PERSONAL_FIELDS)
    return [Person.objects.filter(updated_at__lt=cutoff).exclude(pk__in=recent).exclude(cleared)]


def clear_people(querysets: list[QuerySet]) -> dict[str, int]:
    """Replace the people's details (as erasing a person does) in the register and its history,
    and in the upkeep requests, proposed changes and announcement deliveries addressed to them;
    the appointments keep organisation, role and dates."""
    ids = list(querysets[0].values_list("pk", flat=True))
    people = Person.objects.filter(pk__in=ids)
    deliveries = Delivery.objects.filter(person__in=ids)
    changes = UpkeepChange.objects.filter(appointment__person__in=ids, kind=UpkeepChange.Kind.DETAILS)
    return {
        "members.person": clear_personal_fields(people, PERSONAL_FIELDS),
        "members.upkeeprequest": clear_personal_fields(UpkeepRequest.objects.filter(contact__in=ids), {"email": ""}),
        "members.upkeepchange": clear_personal_fields(changes, CHANGE_ERASED),
        "members.delivery": clear_personal_fields(deliveries, {"name": "", "email": erased_address_of_row()}),
    }


RULES = [
    Rule(
        key="people",
        title=_("People in the register"),
        what=_("People named by member organisations: name, title, e-mail address, phone number and notes"),
        period=_("two years after the person's last appointment ended (or their details last changed, if later)"),
        outcome=_(
            "the name is replaced with “Poistettu henkilö” and the other details are cleared; the "
            "organisation's appointments keep their role and dates"
        ),
        why=_(
            "A member organisation's earlier contact persons and officials are needed for a while "
            "when its people change, for example to find who took part in a decision; who held a "
            "role and when stays part of the organisation's history without the person's details."
        ),
        due=people_due,
        remove=clear_people,
        order=10,
    ),
]
