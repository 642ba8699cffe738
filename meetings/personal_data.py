"""What the event registrations and the attendance lists hold about a person, and erasing it.

Erasing keeps the registration and its days, and a participant without registration keeps
their day and organisation: attendance counts towards the member organisation's
participation, which is not the person's data. The name, the address and the dietary and
accessibility needs go, in the history too.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy

from meetings.models import Registration, WalkIn
from tervekunta.history import record_actor
from tervekunta.personal_data import ERASED_NAME, Section, erased_address, record, section

FIELDS = [
    "id",
    "event",
    "name",
    "email",
    "organisation",
    "organisation_other",
    "mode",
    "diet",
    "accessibility_needs",
    "language",
    "created_at",
    "cancelled_at",
]
ERASED = {"name": ERASED_NAME, "diet": "", "accessibility_needs": ""}
WALK_IN_FIELDS = ["id", "day", "name", "email", "organisation", "organisation_other", "source", "created_at"]
WALK_IN_ERASED = {"name": ERASED_NAME, "email": ""}


def held_about(email: str) -> dict[str, Section]:
    """The registrations made with `email`."""
    email = email.strip()
    registrations = (
        Registration.objects.filter(email__iexact=email).select_related("event", "organisation").order_by("pk")
        if email
        else Registration.objects.none()
    )
    walk_ins = (
        WalkIn.objects.filter(email__iexact=email).select_related("day__event", "organisation").order_by("pk")
        if email
        else WalkIn.objects.none()
    )
    return {
        "registrations": section(
            title=gettext_lazy("Event registrations"),
            model=Registration,
            fields=FIELDS,
            records=[record(r, FIELDS) for r in registrations],
        ),
        "walk_ins": section(
            title=gettext_lazy("Attendance without registration"),
            model=WalkIn,
            fields=WALK_IN_FIELDS,
            records=[record(w, WALK_IN_FIELDS) for w in walk_ins],
        ),
    }


@transaction.atomic
def erase(email: str, *, actor: AbstractBaseUser) -> dict[str, int]:
    """Clear the person from every registration made with `email` and from their history.
    Returns how many rows were changed."""
    email = email.strip()
    if not email:
        return {"registrations": 0, "registration_history": 0, "walk_ins": 0, "walk_in_history": 0}
    registrations = list(Registration.objects.select_for_update().filter(email__iexact=email).order_by("pk"))
    for registration in registrations:
        for field, value in ERASED.items():
            setattr(registration, field, value)
        # One address per active registration of an event: each erased one gets its own.
        registration.email = erased_address(registration.pk)
        record_actor(registration, actor)
        registration.save(update_fields=[*ERASED, "email"])
    history = 0
    earlier = Registration.history.filter(email__iexact=email)
    for pk in set(earlier.values_list("id", flat=True)):
        history += earlier.filter(id=pk).update(**ERASED, email=erased_address(pk))
    walk_ins = list(WalkIn.objects.select_for_update().filter(email__iexact=email).order_by("pk"))
    for walk_in in walk_ins:
        for field, value in WALK_IN_ERASED.items():
            setattr(walk_in, field, value)
        record_actor(walk_in, actor)
        walk_in.save(update_fields=list(WALK_IN_ERASED))
    walk_in_history = WalkIn.history.filter(email__iexact=email).update(**WALK_IN_ERASED)
    return {
        "registrations": len(registrations),
        "registration_history": history,
        "walk_ins": len(walk_ins),
        "walk_in_history": walk_in_history,
    }
