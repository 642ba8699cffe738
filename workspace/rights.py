"""A person's data rights: everything stored about them, and erasing it, across the apps.

The person is the one a coordinator opened in the register; their e-mail address finds them
in the applications and the event registrations. Each app answers for its own records through
its `personal_data` module, and `tervekunta.traces` for the service's own (the outbox, task
results, login records, the admin's log, status notes).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from applications import personal_data as applications_data
from meetings import personal_data as meetings_data
from members import personal_data as members_data
from members.models import Person
from tervekunta import traces
from tervekunta.erasure import Reason, record_erasure
from tervekunta.personal_data import ERASED_NAME, ErasurePlan, Identity, Section


def person_export(*, person: Person) -> dict[str, Section]:
    """What every app holds about `person`, section by section."""
    email = person.email.strip()
    return {
        **members_data.held_about(email, person=person),
        **applications_data.held_about(email),
        **meetings_data.held_about(email),
    }


def _apps_plan(person: Person) -> ErasurePlan:
    email = person.email.strip()
    plan = members_data.erasure_plan(email, person=person)
    plan += applications_data.erasure_plan(email)
    plan += meetings_data.erasure_plan(email)
    return plan


def _identity(person: Person, plan: ErasurePlan) -> Identity:
    """What identifies the person in the service's own records: the address, every name their
    records carry, the phone; their first and last name alone only in what was sent to them."""
    return Identity(
        email=person.email.strip(),
        names=frozenset(name.strip() for name in plan.names if name.strip() and name.strip() != ERASED_NAME),
        phones=frozenset({person.phone.strip()} - {""}),
        words=frozenset(w for w in (person.first_name.strip(), person.last_name.strip()) if len(w) >= 3),
    )


def erasure_plan(*, person: Person) -> ErasurePlan:
    """What erasing `person` would delete, what would stay with their fields cleared, and what
    prevents it; nothing is written."""
    plan = _apps_plan(person)
    plan += traces.erasure_plan(_identity(person, plan))
    return plan


@transaction.atomic
def person_erase(*, person: Person, actor: AbstractBaseUser) -> dict[str, int]:
    """Erase `person` from every app and from the service's own records, or from none: refused
    while they hold a current appointment, an application naming them is being processed or a
    user account has their address. Writes the erasure records naming `actor`.

    Returns how many records of each model were deleted or cleared.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    plan = _apps_plan(person)
    identity = _identity(person, plan)
    accounts = traces.erasure_plan(identity).blockers
    if accounts:
        raise ValidationError(" ".join(accounts), code="user_account")
    # Each app refuses on its own terms (a current appointment, an application in processing),
    # and the refusal rolls back what the apps before it did.
    email = identity.email
    counts: dict[str, int] = {}
    for erased in (
        members_data.erase(email, person=person, actor=actor),
        applications_data.erase(email, actor=actor),
        meetings_data.erase(email, actor=actor),
        traces.erase(identity),
    ):
        for kind, count in erased.items():
            counts[kind] = counts.get(kind, 0) + count
    record_erasure(reason=Reason.ERASED, counts=counts, actor=actor)
    return counts


# --- the export as people read it ----------------------------------------------------------------

DATE_FORMAT = "j.n.Y"
# An en dash: what a table shows for a value that is not there.
NOTHING = "\u2013"
DATETIME_FORMAT = "j.n.Y G.i"


def readable(value: Any, kind: str) -> str:
    """A value of an export section as a person reads it: dates the Finnish way (which is also the
    Finland-Swedish way), yes or no, a dash for nothing."""
    if value is None or value == "":
        return NOTHING
    if kind == "boolean":
        return str(_("yes") if value else _("no"))
    if kind == "date":
        return formats.date_format(datetime.date.fromisoformat(value), DATE_FORMAT)
    if kind == "datetime":
        moment = datetime.datetime.fromisoformat(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, DATETIME_FORMAT)
    return str(value)


def readable_export(sections: dict[str, Section]) -> list[dict[str, Any]]:
    """The sections of `person_export` for the printable page: each record as (label, value) rows."""
    return [
        {
            "key": key,
            "title": section["title"],
            "records": [
                [
                    (section["labels"][name], readable(value, section["types"].get(name, "text")))
                    for name, value in row.items()
                ]
                for row in section["records"]
            ],
        }
        for key, section in sections.items()
    ]
