"""What the event registrations and the attendance lists hold about a person, and erasing it.

Erasing keeps the registration and its days, and a participant without registration keeps
their day and organisation: attendance counts towards the member organisation's
participation, which is not the person's data. The name, the address and the dietary and
accessibility needs go, in the history too.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy, ngettext

from meetings.models import Registration, WalkIn
from tervekunta.history import record_actor
from tervekunta.personal_data import ERASED_NAME, ErasurePlan, Section, erased_address, record, section

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
# The consent to keep the needs goes with the needs themselves.
ERASED = {"name": ERASED_NAME, "diet": "", "accessibility_needs": "", "needs_consent_at": None}
WALK_IN_FIELDS = ["id", "day", "name", "email", "organisation", "organisation_other", "source", "created_at"]
WALK_IN_ERASED = {"name": ERASED_NAME, "email": ""}


def _registrations(email: str) -> QuerySet[Registration]:
    return Registration.objects.filter(email__iexact=email) if email else Registration.objects.none()


def _walk_ins(email: str) -> QuerySet[WalkIn]:
    return WalkIn.objects.filter(email__iexact=email) if email else WalkIn.objects.none()


def held_about(email: str) -> dict[str, Section]:
    """The registrations made with `email`."""
    email = email.strip()
    registrations = _registrations(email).select_related("event", "organisation").order_by("pk")
    walk_ins = _walk_ins(email).select_related("day__event", "organisation").order_by("pk")
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


def erasure_plan(email: str) -> ErasurePlan:
    """What erasing `email` does to the registrations and the attendance lists; nothing prevents it."""
    email = email.strip()
    plan = ErasurePlan()
    registrations = _registrations(email)
    walk_ins = _walk_ins(email)
    plan.names |= set(registrations.values_list("name", flat=True)) | set(walk_ins.values_list("name", flat=True))
    count = registrations.count()
    plan.add(
        Registration,
        count,
        ngettext(
            "%(n)s event registration: the name, e-mail address, diet and accessibility needs are removed, also "
            "from its history; the days attended stay for the organisation's participation.",
            "%(n)s event registrations: the name, e-mail address, diet and accessibility needs are removed, also "
            "from their history; the days attended stay for the organisation's participation.",
            count,
        )
        % {"n": count},
    )
    count = walk_ins.count()
    plan.add(
        WalkIn,
        count,
        ngettext(
            "%(n)s attendance recorded without registration: the name and e-mail address are removed; the day and "
            "the organisation stay for the organisation's participation.",
            "%(n)s attendances recorded without registration: the name and e-mail address are removed; the days "
            "and the organisation stay for the organisation's participation.",
            count,
        )
        % {"n": count},
    )
    return plan


@transaction.atomic
def erase(email: str, *, actor: AbstractBaseUser) -> dict[str, int]:
    """Clear the person from every registration made with `email` and from their history.
    Returns how many rows of each model were changed."""
    email = email.strip()
    if not email:
        return {}
    registrations = list(Registration.objects.select_for_update().filter(email__iexact=email).order_by("pk"))
    walk_ins = list(WalkIn.objects.select_for_update().filter(email__iexact=email).order_by("pk"))
    # The versions with the address, and the earlier versions of these records under another one;
    # taken before the erasure writes its own (already cleared) versions.
    registration_history = list(
        Registration.history.filter(Q(email__iexact=email) | Q(id__in=[r.pk for r in registrations])).values_list(
            "history_id", "id"
        )
    )
    walk_in_history = list(
        WalkIn.history.filter(Q(email__iexact=email) | Q(id__in=[w.pk for w in walk_ins])).values_list(
            "history_id", flat=True
        )
    )
    for registration in registrations:
        for field, value in ERASED.items():
            setattr(registration, field, value)
        # One address per active registration of an event: each erased one gets its own.
        registration.email = erased_address(registration.pk)
        record_actor(registration, actor)
        registration.save(update_fields=[*ERASED, "email"])
    for pk in {pk for _history_id, pk in registration_history}:
        Registration.history.filter(
            id=pk, history_id__in=[history_id for history_id, of in registration_history if of == pk]
        ).update(**ERASED, email=erased_address(pk))
    for walk_in in walk_ins:
        for field, value in WALK_IN_ERASED.items():
            setattr(walk_in, field, value)
        record_actor(walk_in, actor)
        walk_in.save(update_fields=list(WALK_IN_ERASED))
    WalkIn.history.filter(history_id__in=walk_in_history).update(**WALK_IN_ERASED)
    return {
        Registration._meta.label_lower: len(registrations),
        Registration.history.model._meta.label_lower: len(registration_history),
        WalkIn._meta.label_lower: len(walk_ins),
        WalkIn.history.model._meta.label_lower: len(walk_in_history),
    }
