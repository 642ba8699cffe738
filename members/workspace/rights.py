"""A person's data rights: everything stored about them, and erasure of a person who no longer
holds an appointment, keeping the organisations' appointment history readable."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from members.models import Appointment, Delivery, Person, UpkeepRequest
from tervekunta.history import set_history_user

ERASED_FIRST_NAME = "Poistettu"
ERASED_LAST_NAME = "henkilö"
PERSONAL_FIELDS = {
    "first_name": ERASED_FIRST_NAME,
    "last_name": ERASED_LAST_NAME,
    "title": "",
    "email": "",
    "phone": "",
    "notes": "",
}


def _plain(values: dict) -> dict:
    return {
        key: (value if isinstance(value, (str, int, float, bool, type(None))) else str(value))
        for key, value in values.items()
    }


def _applications(email: str) -> list[dict]:
    from applications.models import Application

    if not email:
        return []
    matches = Application.objects.filter(
        Q(applicant_email__iexact=email) | Q(contact_email__iexact=email) | Q(official_email__iexact=email)
    ).order_by("pk")
    fields = [
        "status", "organisation_name", "applicant_name", "applicant_email", "applicant_phone",
        "contact_first_name", "contact_last_name", "contact_title", "contact_email", "contact_phone",
        "official_first_name", "official_last_name", "official_title", "official_email", "official_phone",
        "submitted_at",
    ]  # fmt: skip
    return [{"id": a.pk, **_plain({f: getattr(a, f) for f in fields})} for a in matches]


def _registrations(email: str) -> list[dict]:
    from meetings.models import Registration

    if not email:
        return []
    matches = Registration.objects.filter(email__iexact=email).select_related("event").order_by("pk")
    fields = [
        "name",
        "email",
        "organisation_other",
        "mode",
        "diet",
        "accessibility_needs",
        "language",
        "created_at",
        "cancelled_at",
    ]
    return [{"id": r.pk, "event": r.event.title, **_plain({f: getattr(r, f) for f in fields})} for r in matches]


def _upkeep_requests(person: Person, email: str):
    match = Q(contact=person) | Q(email__iexact=email) if email else Q(contact=person)
    return UpkeepRequest.objects.filter(match)


def _deliveries(person: Person, email: str):
    match = Q(person=person) | Q(email__iexact=email) if email else Q(person=person)
    return Delivery.objects.filter(match)


def person_export(*, person: Person) -> dict:
    """Everything the register holds about `person`, and what other records carry their e-mail."""
    email = person.email.strip()
    appointments = list(person.appointments.select_related("organisation").order_by("start_date", "pk"))
    return {
        "person": {"id": person.pk, **_plain(model_to_dict(person)), "created_at": str(person.created_at)},
        "person_history": [
            {
                "history_date": str(h.history_date),
                "history_type": h.history_type,
                **_plain({f: getattr(h, f) for f in PERSONAL_FIELDS}),
            }
            for h in person.history.order_by("history_date")
        ],
        "appointments": [
            {
                "id": a.pk,
                "organisation": a.organisation.name_fi,
                "role": a.role,
                "start_date": str(a.start_date),
                "end_date": str(a.end_date) if a.end_date else None,
                "decision": a.decision,
            }
            for a in appointments
        ],
        "appointment_history": [
            {
                "appointment": h.id,
                "history_date": str(h.history_date),
                "history_type": h.history_type,
                "role": h.role,
                "start_date": str(h.start_date),
                "end_date": str(h.end_date) if h.end_date else None,
            }
            for h in Appointment.history.filter(person_id=person.pk).order_by("history_date")
        ],
        "upkeep_requests": [
            _plain(
                {
                    "round": r.round_id,
                    "organisation": r.organisation.name_fi,
                    "email": r.email,
                    "status": r.status,
                    "sent_at": r.sent_at,
                    "answered_at": r.answered_at,
                    "answer": r.answer,
                }
            )
            for r in _upkeep_requests(person, email).select_related("organisation")
        ],
        "deliveries": [
            _plain({"announcement": d.announcement.subject, "email": d.email, "status": d.status, "sent_at": d.sent_at})
            for d in _deliveries(person, email).select_related("announcement")
        ],
        "registrations": _registrations(email),
        "applications": _applications(email),
    }


@transaction.atomic
def person_erase(*, person: Person, actor: AbstractBaseUser) -> Person:
    """Replace a person's personal data everywhere in the register, history included.

    Refused while the person holds a current appointment; ended appointments keep their
    organisation, role and dates so that the organisation's history stays readable.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.appointments.current().exists():
        raise ValidationError(
            _("%(name)s still holds a current appointment. End it (or name a successor) before erasing the person.")
            % {"name": person.full_name},
            code="current_appointment",
        )
    email = person.email.strip()
    for field, value in PERSONAL_FIELDS.items():
        setattr(person, field, value)
    person.full_clean()
    set_history_user(person, actor)
    person.save()
    person.history.update(**PERSONAL_FIELDS)
    _upkeep_requests(person, email).update(email="")
    for delivery in _deliveries(person, email):
        # The address is unique per announcement: replace it with a unique, undeliverable one.
        Delivery.objects.filter(pk=delivery.pk).update(name="", email=f"poistettu-{delivery.pk}@invalid.invalid")
    return person
