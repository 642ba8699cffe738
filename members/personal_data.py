"""What the member register holds about a person, and erasing it.

The people with the address (or the one person a coordinator opened), the history of their
details, their appointments and the appointments' history, the contact upkeep requests sent to
them, the contact changes proposed for them and the announcements delivered to them. Erasing
keeps the appointments' organisation, role and dates, so that an organisation's history stays
readable.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from members.models import Appointment, Delivery, Person, UpkeepChange, UpkeepRequest
from tervekunta.history import record_actor
from tervekunta.models import StatusChange
from tervekunta.personal_data import (
    ERASED_FIRST_NAME,
    ERASED_LAST_NAME,
    ErasurePlan,
    Identity,
    Section,
    erased_address,
    record,
    redact,
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
    """The register entries of the address, and `person` (who may have none)."""
    match = Q(email__iexact=email) if email else Q(pk__in=[])
    if person is not None:
        match |= Q(pk=person.pk)
    return Person.objects.filter(match)


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
    """Everything the register holds about the people with `email`, and about `person` (found
    even without an address)."""
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


def _refusal(holder: Appointment) -> str:
    return _(
        "%(name)s is still the %(role)s of %(organisation)s. End the appointment, or name a successor, on the "
        "member's page before erasing the person."
    ) % {
        "name": holder.person.full_name,
        "role": holder.get_role_display().lower(),
        "organisation": holder.organisation,
    }


def _identity(email: str, people: list[Person], changes: list[UpkeepChange]) -> Identity:
    rows = [*people, *changes]
    return Identity(
        email=email,
        names=frozenset(r.full_name for r in rows if r.first_name and r.first_name != ERASED_FIRST_NAME),
        phones=frozenset(r.phone for r in rows if r.phone),
    )


def erasure_plan(email: str, *, person: Person | None = None) -> ErasurePlan:
    """What erasing the people with `email` (and `person`) does in the register, and what prevents it."""
    email = email.strip()
    plan = ErasurePlan()
    people = list(_people(email, person).order_by("pk"))
    ids = [p.pk for p in people]
    for holder in Appointment.objects.current().filter(person__in=ids).select_related("person", "organisation"):
        plan.blockers.append(_refusal(holder))
    changes = list(_upkeep_changes(ids, email))
    plan.names |= {p.full_name for p in people} | {c.full_name for c in changes}
    appointments = Appointment.objects.filter(person__in=ids).count()
    plan.add(
        Person,
        len(people),
        ngettext(
            "%(n)s entry in the member register: the name is replaced with “Poistettu henkilö” and the title, "
            "e-mail address, phone and notes are removed, also from its history.",
            "%(n)s entries in the member register with this address: each name is replaced with “Poistettu "
            "henkilö” and the title, e-mail address, phone and notes are removed, also from their history.",
            len(people),
        )
        % {"n": len(people)},
    )
    plan.add(
        Appointment,
        appointments,
        ngettext(
            "%(n)s ended appointment stays with its organisation, role and dates, without the person's name.",
            "%(n)s ended appointments stay with their organisations, roles and dates, without the person's name.",
            appointments,
        )
        % {"n": appointments},
    )
    count = _upkeep_requests(ids, email).count()
    plan.add(
        UpkeepRequest,
        count,
        ngettext(
            "%(n)s contact upkeep request: the address is removed; the organisation's answer stays without the "
            "person's name.",
            "%(n)s contact upkeep requests: the address is removed; the organisations' answers stay without the "
            "person's name.",
            count,
        )
        % {"n": count},
    )
    plan.add(
        UpkeepChange,
        len(changes),
        ngettext(
            "%(n)s proposed contact change naming the person: the name and contact details are removed; the "
            "change and its review stay.",
            "%(n)s proposed contact changes naming the person: the names and contact details are removed; the "
            "changes and their reviews stay.",
            len(changes),
        )
        % {"n": len(changes)},
    )
    count = _deliveries(ids, email).count()
    plan.add(
        Delivery,
        count,
        ngettext(
            "%(n)s announcement delivery: the name and address are removed; that the announcement was sent to the "
            "organisation stays.",
            "%(n)s announcement deliveries: the names and addresses are removed; that the announcements were sent "
            "to the organisations stays.",
            count,
        )
        % {"n": count},
    )
    return plan


def _redact_answers(requests: QuerySet[UpkeepRequest], identity: Identity) -> int:
    """The answers and status notes of the upkeep requests that named the person, without them."""
    changed = 0
    for request in requests:
        answer = redact(request.answer, identity)
        if answer != request.answer:
            UpkeepRequest.objects.filter(pk=request.pk).update(answer=answer)
    notes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(UpkeepRequest), object_id__in=[r.pk for r in requests]
    ).exclude(note="")
    for change in notes:
        note = redact(change.note, identity)
        if note != change.note:
            StatusChange.objects.filter(pk=change.pk).update(note=note)
            changed += 1
    return changed


@transaction.atomic
def erase(email: str, *, actor: AbstractBaseUser, person: Person | None = None) -> dict[str, int]:
    """Replace the personal data of the people with `email` (and of `person`) everywhere in the
    register, history included. Refused while one of them holds a current appointment.

    Returns how many rows of each model were changed.
    """
    email = email.strip()
    people = list(_people(email, person).select_for_update().order_by("pk"))
    ids = [p.pk for p in people]
    holder = Appointment.objects.current().filter(person__in=ids).select_related("person", "organisation").first()
    if holder is not None:
        raise ValidationError(_refusal(holder), code="current_appointment")
    changes = list(_upkeep_changes(ids, email).select_related("request"))
    identity = _identity(email, people, changes)
    # The requests whose answers may name the person: sent to them, or bringing a change about them.
    answered = UpkeepRequest.objects.filter(
        Q(pk__in=_upkeep_requests(ids, email).values("pk")) | Q(pk__in=[c.request_id for c in changes])
    )
    notes = _redact_answers(answered, identity)
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
        Person._meta.label_lower: len(people),
        Person.history.model._meta.label_lower: history,
        UpkeepRequest._meta.label_lower: upkeep_requests,
        UpkeepChange._meta.label_lower: upkeep_changes,
        Delivery._meta.label_lower: len(deliveries),
        StatusChange._meta.label_lower: notes,
    }
