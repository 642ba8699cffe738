"""What the membership applications hold about a person, and erasing it.

An address can be an application's applicant, its contact person, its elected official or its
welfare coordinator. Erasing clears that person's fields in the application and in its history,
removes their name, address and phone wherever the application's texts and status notes repeat
them, and, for the applicant, their own answers; it keeps the rest: a decided application is
the basis of a membership, so its organisation and decision stay. An application still being
processed is not touched; it is decided or withdrawn first.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from applications.choices import OPEN_STATUSES, ApplicationStatus
from applications.models import Application
from tervekunta.history import record_actor
from tervekunta.models import StatusChange
from tervekunta.personal_data import ERASED_NAME, ErasurePlan, Identity, Section, record, redact, section

# The people an application names, by the field that holds each one's address.
PEOPLE: dict[str, tuple[str, ...]] = {
    "applicant_email": ("applicant_name", "applicant_title", "applicant_email", "applicant_phone"),
    "contact_email": ("contact_first_name", "contact_last_name", "contact_title", "contact_email", "contact_phone"),
    "official_email": (
        "official_first_name",
        "official_last_name",
        "official_title",
        "official_email",
        "official_phone",
    ),
    "coordinator_email": (
        "coordinator_first_name",
        "coordinator_last_name",
        "coordinator_title",
        "coordinator_email",
        "coordinator_phone",
    ),
}
# The applicant's name is required; the erased one reads as such on the coordinator's pages.
ERASED_VALUES = {"applicant_name": ERASED_NAME}
BEING_PROCESSED = OPEN_STATUSES - {ApplicationStatus.DRAFT}
FIELDS = ["id", "status", "organisation_name", *(f for fields in PEOPLE.values() for f in fields), "submitted_at"]
# The texts in which the application may repeat a named person's name, address or phone number.
TEXTS = ("resources", "free_text", "info_request", "info_answer", "feedback", "explanations")
# The applicant's own words, which go with the applicant.
APPLICANT_TEXTS = {"info_answer": ""}


def _naming(email: str) -> Q:
    condition = Q()
    for email_field in PEOPLE:
        condition |= Q(**{f"{email_field}__iexact": email})
    return condition


def _applications(email: str) -> QuerySet[Application]:
    return Application.objects.filter(_naming(email)) if email else Application.objects.none()


def _roles(application: Application, email: str) -> list[str]:
    """The address fields of `application` that hold `email`."""
    return [field for field in PEOPLE if getattr(application, field).strip().lower() == email.lower()]


def _identity(application: Application, email: str) -> Identity:
    """How the person appears in this application: the name and phone given with the address."""
    names, phones, words = set(), set(), set()
    for email_field in _roles(application, email):
        values = [getattr(application, field).strip() for field in PEOPLE[email_field]]
        if email_field == "applicant_email":
            name, _title, _address, phone = values
        else:
            first, last, _title, _address, phone = values
            name = f"{first} {last}".strip()
            words |= {first, last}
        names.add(name)
        phones.add(phone)
    return Identity(
        email=email,
        names=frozenset(n for n in names if n and n != ERASED_NAME),
        phones=frozenset(p for p in phones if p),
        words=frozenset(w for w in words if len(w) >= 3),
    )


def held_about(email: str) -> dict[str, Section]:
    """The applications that name `email` as the applicant, the contact person, the official or
    the welfare coordinator."""
    email = email.strip()
    applications = _applications(email).order_by("pk")
    return {
        "applications": section(
            title=gettext_lazy("Membership applications"),
            model=Application,
            fields=FIELDS,
            records=[record(a, FIELDS) for a in applications],
        )
    }


def _cleared(fields: tuple[str, ...]) -> dict[str, str]:
    return {field: ERASED_VALUES.get(field, "") for field in fields}


def _refusal(processing: list[Application]) -> str:
    return _(
        "The application of %(names)s names this address and is being processed. Decide it, or have it "
        "withdrawn, before erasing the person."
    ) % {"names": ", ".join(a.display_name for a in processing)}


def erasure_plan(email: str) -> ErasurePlan:
    """What erasing `email` does to the applications naming it, per status, and what prevents it."""
    email = email.strip()
    plan = ErasurePlan()
    applications = list(_applications(email).select_related("municipality", "welfare_region").order_by("pk"))
    processing = [a for a in applications if a.status in BEING_PROCESSED]
    if processing:
        plan.blockers.append(_refusal(processing))
    for application in applications:
        plan.names |= _identity(application, email).names
    as_applicant = [a for a in applications if "applicant_email" in _roles(a, email)]
    named = [a for a in applications if a not in as_applicant]
    for status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        count = sum(1 for a in as_applicant if a.status == status)
        plan.add(
            Application,
            count,
            ngettext(
                "%(n)s application made by the person (%(status)s): the organisation and the decision stay; the "
                "applicant's name, contact details and answers are removed, also from its history and notes.",
                "%(n)s applications made by the person (%(status)s): the organisations and the decisions stay; the "
                "applicant's name, contact details and answers are removed, also from their history and notes.",
                count,
            )
            % {"n": count, "status": status.label.lower()},
        )
        count = sum(1 for a in named if a.status == status)
        plan.add(
            Application,
            count,
            ngettext(
                "%(n)s application naming the person as contact person, elected official or welfare coordinator "
                "(%(status)s): the organisation and the decision stay; the person's name and contact details are "
                "removed, also from its history and notes.",
                "%(n)s applications naming the person as contact person, elected official or welfare coordinator "
                "(%(status)s): the organisations and the decisions stay; the person's name and contact details are "
                "removed, also from their history and notes.",
                count,
            )
            % {"n": count, "status": status.label.lower()},
        )
    count = sum(1 for a in applications if a.status == ApplicationStatus.DRAFT)
    plan.add(
        Application,
        count,
        ngettext(
            "%(n)s unsent draft naming the person: the person's name and contact details are removed.",
            "%(n)s unsent drafts naming the person: the person's name and contact details are removed.",
            count,
        )
        % {"n": count},
    )
    return plan


def _redacted(value: Any, identity: Identity) -> Any:
    """A text or a JSON value with the person taken out of every string in it."""
    if isinstance(value, str):
        return redact(value, identity, words=True)
    if isinstance(value, list):
        return [_redacted(item, identity) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item, identity) for key, item in value.items()}
    return value


def _holds(row: Any, email_field: str, identity: Identity) -> bool:
    """Whether the role of `email_field` in an application or one of its versions is the person:
    their address, or (in a version from before the address was corrected) their name."""
    if getattr(row, email_field).strip().lower() == identity.email.lower():
        return True
    values = [getattr(row, field).strip() for field in PEOPLE[email_field]]
    name = values[0] if email_field == "applicant_email" else f"{values[0]} {values[1]}".strip()
    return name.lower() in {n.lower() for n in identity.names}


def _clear(row: Any, identity: Identity) -> list[str]:
    """Clear the person from an application or one of its versions: the fields of the roles that
    are theirs and their name in the texts; returns the fields changed."""
    changed = []
    roles = {email_field for email_field in PEOPLE if _holds(row, email_field, identity)}
    for email_field in PEOPLE:
        if email_field in roles:
            for field, value in _cleared(PEOPLE[email_field]).items():
                setattr(row, field, value)
                changed.append(field)
    if "applicant_email" in roles:
        for field, value in APPLICANT_TEXTS.items():
            setattr(row, field, value)
            changed.append(field)
    for field in TEXTS:
        value = _redacted(getattr(row, field), identity)
        if value != getattr(row, field):
            setattr(row, field, value)
            changed.append(field)
    return list(dict.fromkeys(changed))


def _clear_notes(application: Application, identity: Identity, *, applicant: bool) -> int:
    """The status notes of the application: the person's own (written through the private link,
    without a user) go when they are the applicant; the others lose the person's name."""
    changes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk
    ).exclude(note="")
    cleared = 0
    for change in changes:
        note = "" if applicant and change.actor_id is None else redact(change.note, identity, words=True)
        if note != change.note:
            StatusChange.objects.filter(pk=change.pk).update(note=note)
            cleared += 1
    return cleared


@transaction.atomic
def erase(email: str, *, actor: AbstractBaseUser) -> dict[str, int]:
    """Clear the person with `email` from every application, its history and its status notes;
    refused while an application naming them is being processed. Returns how many rows of each
    model were changed."""
    email = email.strip()
    if not email:
        return {}
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .select_related("municipality", "welfare_region")
        .filter(_naming(email))
        .order_by("pk")
    )
    processing = [a for a in applications if a.status in BEING_PROCESSED]
    if processing:
        raise ValidationError(_refusal(processing), code="application_being_processed")
    notes = 0
    history = 0
    for application in applications:
        identity = _identity(application, email)
        applicant = "applicant_email" in _roles(application, email)
        earlier = list(Application.history.filter(id=application.pk))
        changed = _clear(application, identity)
        record_actor(application, actor)
        # Not full_clean(): the erased applicant's address is required of a new application only.
        application.save(update_fields=[*changed, "updated_at"])
        for row in earlier:
            # Every earlier version, also one from before the person's address was corrected.
            fields = _clear(row, identity)
            if fields:
                row.save(update_fields=fields)
                history += 1
        notes += _clear_notes(application, identity, applicant=applicant)
    # Versions of other applications that named the address once and no longer do.
    for email_field, fields in PEOPLE.items():
        history += (
            Application.history.filter(**{f"{email_field}__iexact": email})
            .exclude(id__in=[a.pk for a in applications])
            .update(**_cleared(fields))
        )
    return {
        Application._meta.label_lower: len(applications),
        Application.history.model._meta.label_lower: history,
        StatusChange._meta.label_lower: notes,
    }
