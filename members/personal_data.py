"""What the member register holds about a person, and erasing it.

The people with the address (or the one person a coordinator opened), the history of their
details, their appointments and the appointments' history, the contact upkeep requests sent to
them, the contact changes proposed for them and the announcements delivered to them. Erasing
keeps the appointments' organisation, role and dates, so that an organisation's history stays
readable.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Appointment, Delivery, Person, UpkeepChange, UpkeepRequest
from tervekunta.history import record_actor
from tervekunta.personal_data import (
    ERASED_FIRST_NAME,
    ERASED_LAST_NAME,
    Section,
    erased_address,
    record,
    section,
)

PERSONAL_FIELDS = {
    "first_name": ERASED_FIRST_NAME,
    "last_name": ERASED_LAST_NAME,
    "title": "",
    "email": "",
    "phone": "",
    "notes": "",
}
PERSON_FIELDS = ["id", "first_name", "last_name", "title", "email", "phone", "language", "organisation", "notes"]
APPOINTMENT_FIELDS = ["id", "organisation", "role", "start_date", "end_date", "decision"]
UPKEEP_FIELDS = ["round", "organisation", "email", "status", "answered_at", "answer"]
DELIVERY_FIELDS = ["announcement", "email"]
CHANGE_FIELDS = [
    "request",
    "role",
    "kind",
    "first_name",
    "last_name",
    "title",
    "email",
    "phone",
    "review",
    "created_at",
]
CHANGE_ERASED = {"first_name": ERASED_FIRST_NAME, "last_name": ERASED_LAST_NAME, "title": "", "email": "", "phone": ""}


def _people(email: str, person: Person | None) -> QuerySet[Person]:
    if person is not None:
        return Person.objects.filter(pk=person.pk)
    if not email:
        return Person.objects.none()
    return Person.objects.filter(email__iexact=email)


def _upkeep_requests(ids: list[int], email: str) -> QuerySet[UpkeepRequest]:
    match = Q(contact__in=ids) | Q(email__iexact=email) if email else Q(contact__in=ids)
    return UpkeepRequest.objects.filter(match)


def _upkeep_changes(ids: list[int], email: str) -> QuerySet[UpkeepChange]:
    """Proposed changes naming the address, or bringing new details for one of the people."""
    match = Q(appointment__person__in=ids, kind=UpkeepChange.Kind.DETAILS)
    return UpkeepChange.objects.filter(match | Q(email__iexact=email) if email else match)


def _deliveries(ids: list[int], email: str) -> QuerySet[Delivery]:
    match = Q(person__in=ids) | Q(email__iexact=email) if email else Q(person__in=ids)
    return Delivery.objects.filter(match)


def held_about(email: str, *, person: Person | None = None) -> dict[str, Section]:
    """Everything the register holds about the people with `email`; with `person`, about that
    one person (found even without an address) and what was sent to the address."""
    email = email.strip()
    people = list(_people(email, person).select_related("organisation").order_by("pk"))
    ids = [p.pk for p in people]
    person_history = Person.history.filter(id__in=ids).order_by("history_date", "history_id")
    appointments = Appointment.objects.filter(person__in=ids).select_related("organisation").order_by("start_date")
    appointment_history = Appointment.history.filter(person_id__in=ids).order_by("history_date", "history_id")
    history_fields = ["id", "history_date", "history_type", *PERSONAL_FIELDS]
    appointment_history_fields = ["id", "history_date", "history_type", "role", "start_date", "end_date"]
    return {
        "people": section(
            title=gettext_lazy("People in the member register"),
            model=Person,
            fields=[*PERSON_FIELDS, "created_at"],
            records=[record(p, [*PERSON_FIELDS, "created_at"]) for p in people],
        ),
        "person_history": section(
            title=gettext_lazy("Earlier versions of the person's details"),
            model=Person,
            fields=history_fields,
            records=[record(h, history_fields) for h in person_history],
        ),
        "appointments": section(
            title=gettext_lazy("Appointments"),
            model=Appointment,
            fields=APPOINTMENT_FIELDS,
            records=[record(a, APPOINTMENT_FIELDS) for a in appointments],
        ),
        "appointment_history": section(
            title=gettext_lazy("Earlier versions of the appointments"),
            model=Appointment,
            fields=appointment_history_fields,
            labels={"id": gettext_lazy("appointment")},
            records=[record(h, appointment_history_fields) for h in appointment_history],
        ),
        "upkeep_requests": section(
            title=gettext_lazy("Contact upkeep requests"),
            model=UpkeepRequest,
            fields=UPKEEP_FIELDS,
            records=[
                record(r, UPKEEP_FIELDS)
                for r in _upkeep_requests(ids, email).select_related("round", "organisation").order_by("pk")
            ],
        ),
        "upkeep_changes": section(
            title=gettext_lazy("Proposed contact changes"),
            model=UpkeepChange,
            fields=CHANGE_FIELDS,
            records=[
                record(c, CHANGE_FIELDS)
                for c in _upkeep_changes(ids, email).select_related("request__organisation").order_by("pk")
            ],
        ),
        "deliveries": section(
            title=gettext_lazy("Announcements sent"),
            model=Delivery,
            fields=DELIVERY_FIELDS,
            records=[
                record(d, DELIVERY_FIELDS)
                for d in _deliveries(ids, email).select_related("announcement").order_by("pk")
            ],
        ),
    }


@transaction.atomic
def erase(email: str, *, actor: AbstractBaseUser, person: Person | None = None) -> dict[str, int]:
    """Replace the personal data of the people with `email` (or of `person`) everywhere in the
    register, history included. Refused while one of them holds a current appointment.

    Returns how many rows of each kind were changed.
    """
    email = email.strip()
    people = list(_people(email, person).select_for_update().order_by("pk"))
    ids = [p.pk for p in people]
    holder = Appointment.objects.current().filter(person__in=ids).select_related("person").first()
    if holder is not None:
        raise ValidationError(
            _("%(name)s still holds a current appointment. End it (or name a successor) before erasing the person.")
            % {"name": holder.person.full_name},
            code="current_appointment",
        )
    for erased in people:
        for field, value in PERSONAL_FIELDS.items():
            setattr(erased, field, value)
        erased.full_clean()
        record_actor(erased, actor)
        erased.save()
    history = Person.history.filter(id__in=ids).update(**PERSONAL_FIELDS)
    upkeep_requests = _upkeep_requests(ids, email).update(email="")
    upkeep_changes = _upkeep_changes(ids, email).update(**CHANGE_ERASED)
    deliveries = list(_deliveries(ids, email))
    for delivery in deliveries:
        # The address is unique per announcement: replace it with a unique, undeliverable one.
        Delivery.objects.filter(pk=delivery.pk).update(name="", email=erased_address(delivery.pk))
    return {
        "people": len(people),
        "person_history": history,
        "upkeep_requests": upkeep_requests,
        "upkeep_changes": upkeep_changes,
        "deliveries": len(deliveries),
    }
