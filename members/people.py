"""One register entry per person: finding the person a new name and address belong to, the
likely duplicates already in the register, and merging two entries into one.

A person is the same when the e-mail address is the same (in any letter case), whichever
organisation or role they came with; without an address, when the name is the same in the
same organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from members.models import Appointment, Delivery, Organisation, Person, UpkeepRequest
from tervekunta.history import record_actor

# Filled from the other entry when the kept one has nothing there.
FILLABLE = ("title", "email", "phone")


def same_person(
    *, first_name: str, last_name: str, email: str = "", organisation: Organisation | None = None
) -> Person | None:
    """The register's entry for this person, if there is one."""
    email = email.strip()
    if email:
        matches = Person.objects.filter(email__iexact=email)
        if organisation is not None:
            # The same address in the same organisation first, then anywhere.
            preferred = matches.filter(organisation=organisation).order_by("pk").first()
            if preferred is not None:
                return preferred
        return matches.order_by("pk").first()
    if organisation is None:
        return None
    return (
        Person.objects.filter(
            organisation=organisation, first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip()
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def person_find_or_create(
    *,
    first_name: str,
    last_name: str,
    organisation: Organisation | None,
    title: str = "",
    email: str = "",
    phone: str = "",
    language: str = "fi",
    actor: AbstractBaseUser | None = None,
) -> Person:
    """The person with this address (or this name in this organisation), completed with what
    was missing; a new entry only when there is none."""
    person = same_person(first_name=first_name, last_name=last_name, email=email, organisation=organisation)
    if person is None:
        person = Person(
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            title=title,
            email=email.strip(),
            phone=phone,
            language=language,
            organisation=organisation,
        )
        person.full_clean()
        record_actor(person, actor)
        person.save()
        return person
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = []
    for field, value in (("title", title), ("email", email.strip()), ("phone", phone)):
        if value and not getattr(person, field):
            setattr(person, field, value)
            changed.append(field)
    if organisation is not None and person.organisation_id is None:
        person.organisation = organisation
        changed.append("organisation")
    if changed:
        person.full_clean()
        record_actor(person, actor)
        person.save()
    return person


@dataclass
class Duplicates:
    """Entries that are likely the same person, and why."""

    reason: str
    people: list[Person]


def likely_duplicates() -> list[Duplicates]:
    """Groups of entries with the same address, or the same name in the same organisation. Three queries."""
    people = list(
        Person.objects.select_related("organisation")
        .annotate(address=Lower("email"))
        .prefetch_related("appointments")
        .order_by("last_name", "first_name", "pk")
    )
    by_address: dict[str, list[Person]] = {}
    by_name: dict[tuple, list[Person]] = {}
    for person in people:
        if person.address:
            by_address.setdefault(person.address, []).append(person)
        if person.organisation_id:
            key = (person.organisation_id, person.first_name.casefold(), person.last_name.casefold())
            by_name.setdefault(key, []).append(person)
    groups, seen = [], set()
    for address, group in by_address.items():
        if len(group) > 1:
            groups.append(
                Duplicates(reason=_("the same e-mail address %(address)s") % {"address": address}, people=group)
            )
            seen.add(frozenset(p.pk for p in group))
    for group in by_name.values():
        if len(group) > 1 and frozenset(p.pk for p in group) not in seen:
            groups.append(Duplicates(reason=_("the same name in the same organisation"), people=group))
    return groups


@transaction.atomic
def person_merge(*, keep: Person, duplicate: Person, actor: AbstractBaseUser | None = None) -> Person:
    """Merge `duplicate` into `keep`: its appointments, upkeep requests and announcement
    deliveries move over with their own histories, missing details are filled in, and the
    duplicate entry is removed (its history stays, ending with the removal)."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different people."), code="same_person")
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])}
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    for appointment in Appointment.objects.filter(person=duplicate):
        appointment.person = keep
        record_actor(appointment, actor)
        appointment.save(update_fields=["person", "updated_at"])
    UpkeepRequest.objects.filter(contact=duplicate).update(contact=keep)
    Delivery.objects.filter(person=duplicate).update(person=keep)
    for field in FILLABLE:
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    if keep.organisation_id is None:
        keep.organisation_id = duplicate.organisation_id
    details = ", ".join(part for part in (duplicate.full_name, duplicate.email, duplicate.phone) if part)
    note = _("Merged with entry %(pk)s (%(details)s).") % {"pk": duplicate.pk, "details": details}
    keep.notes = f"{keep.notes}\n{note}".strip()
    if duplicate.notes:
        keep.notes = f"{keep.notes}\n{duplicate.notes}"
    keep.full_clean()
    record_actor(keep, actor)
    keep.save()
    record_actor(duplicate, actor)
    duplicate.delete()
    return keep


@transaction.atomic
def person_update_details(*, person: Person, details: dict[str, str], actor: AbstractBaseUser | None = None) -> Person:
    """Change a person's name or contact details; only the given, non-empty values change."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    for field in ("first_name", "last_name", "title", "email", "phone"):
        value = (details.get(field) or "").strip()
        if value:
            setattr(person, field, value)
    person.full_clean()
    record_actor(person, actor)
    person.save()
    return person
