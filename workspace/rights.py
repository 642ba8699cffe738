"""A person's data rights: everything stored about them, and erasing it, across the apps.

The person is the one a coordinator opened in the register; their e-mail address finds them
in the applications and the event registrations. Each app answers for its own records through
its `personal_data` module.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from applications import personal_data as applications_data
from meetings import personal_data as meetings_data
from members import personal_data as members_data
from members.models import Person
from tervekunta import outbox
from tervekunta.personal_data import Section


def person_export(*, person: Person) -> dict[str, Section]:
    """What every app holds about `person`, section by section."""
    email = person.email.strip()
    return {
        **members_data.held_about(email, person=person),
        **applications_data.held_about(email),
        **meetings_data.held_about(email),
    }


@transaction.atomic
def person_erase(*, person: Person, actor: AbstractBaseUser) -> dict[str, int]:
    """Erase `person` from every app, or from none: refused while they hold a current
    appointment or an application naming them is being processed.

    Returns how many rows of each kind were changed.
    """
    email = person.email.strip()
    return {
        **members_data.erase(email, person=person, actor=actor),
        **applications_data.erase(email, actor=actor),
        **meetings_data.erase(email, actor=actor),
        # The outbox keeps each message with its address and text: those sent only to this person go too.
        "messages": outbox.erase_address(email),
    }
