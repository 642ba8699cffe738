"""What the membership applications hold about a person, and erasing it.

An address can be an application's applicant, its contact person or its elected official.
Erasing clears that person's fields in the application and in its history and keeps the rest:
a decided application is the basis of a membership, so its organisation and decision stay.
An application still being processed is not touched; it is decided or withdrawn first.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.choices import OPEN_STATUSES, ApplicationStatus
from applications.models import Application
from tervekunta.history import record_actor
from tervekunta.personal_data import ERASED_NAME, Section, record, section

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


def _naming(email: str) -> Q:
    condition = Q()
    for email_field in PEOPLE:
        condition |= Q(**{f"{email_field}__iexact": email})
    return condition


def held_about(email: str) -> dict[str, Section]:
    """The applications that name `email` as the applicant, the contact person, the official or
    the welfare coordinator."""
    email = email.strip()
    applications = Application.objects.filter(_naming(email)).order_by("pk") if email else Application.objects.none()
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


@transaction.atomic
def erase(email: str, *, actor: AbstractBaseUser) -> dict[str, int]:
    """Clear the person with `email` from every application and its history; refused while an
    application naming them is being processed. Returns how many rows were changed."""
    email = email.strip()
    if not email:
        return {"applications": 0, "application_history": 0}
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .select_related("municipality", "welfare_region")
        .filter(_naming(email))
        .order_by("pk")
    )
    processing = [a for a in applications if a.status in BEING_PROCESSED]
    if processing:
        raise ValidationError(
            _(
                "The application of %(names)s names this address and is being processed. Decide it, or have it "
                "withdrawn, before erasing the person."
            )
            % {"names": ", ".join(a.display_name for a in processing)},
            code="application_being_processed",
        )
    for application in applications:
        changed = []
        for email_field, fields in PEOPLE.items():
            if getattr(application, email_field).strip().lower() == email.lower():
                for field, value in _cleared(fields).items():
                    setattr(application, field, value)
                changed += fields
        record_actor(application, actor)
        # Not full_clean(): the erased applicant's address is required of a new application only.
        application.save(update_fields=[*changed, "updated_at"])
    history = set()
    for email_field, fields in PEOPLE.items():
        rows = Application.history.filter(**{f"{email_field}__iexact": email})
        history |= set(rows.values_list("history_id", flat=True))
        rows.update(**_cleared(fields))
    return {"applications": len(applications), "application_history": len(history)}
