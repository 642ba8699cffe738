"""The coordinator's review of contact upkeep answers: a proposed change reaches the register
only when accepted, through the same services (and so the same history) as the admin."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import UpkeepChange
from members.people import person_find_or_create, person_update_details
from members.services import appointment_replace


def waiting() -> QuerySet[UpkeepChange]:
    """The changes waiting for review, the oldest first, with what they would change."""
    return (
        UpkeepChange.objects.filter(review=UpkeepChange.Review.PENDING)
        .select_related("request__organisation", "request__round", "appointment__person")
        .order_by("created_at", "pk")
    )


def _lock_pending(change: UpkeepChange) -> UpkeepChange:
    change = UpkeepChange.objects.select_for_update().select_related("request__organisation").get(pk=change.pk)
    if change.review != UpkeepChange.Review.PENDING:
        raise ValidationError(_("This change has already been reviewed."), code="already_reviewed")
    return change


def _close(change: UpkeepChange, review: str, actor: AbstractBaseUser) -> UpkeepChange:
    change.review = review
    change.reviewed_by = actor if actor.is_authenticated else None
    change.reviewed_at = timezone.now()
    change.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    return change


@transaction.atomic
def upkeep_change_accept(*, change: UpkeepChange, actor: AbstractBaseUser) -> UpkeepChange:
    """Apply the change to the register: new details to the person, or the new person appointed."""
    change = _lock_pending(change)
    organisation = change.request.organisation
    if change.kind == UpkeepChange.Kind.DETAILS:
        if change.appointment is None:
            raise ValidationError(_("The person whose details changed is no longer recorded."), code="no_person")
        details = {field: getattr(change, field) for field in ("first_name", "last_name", "title", "email", "phone")}
        person_update_details(person=change.appointment.person, details=details, actor=actor)
    else:
        person = person_find_or_create(
            first_name=change.first_name,
            last_name=change.last_name,
            organisation=organisation,
            title=change.title,
            email=change.email,
            phone=change.phone,
            language=change.request.language,
            actor=actor,
        )
        appointment_replace(
            organisation=organisation,
            role=change.role,
            person=person,
            start_date=change.start_date,
            decision=change.decision,
            actor=actor,
        )
    return _close(change, UpkeepChange.Review.ACCEPTED, actor)


@transaction.atomic
def upkeep_change_reject(*, change: UpkeepChange, actor: AbstractBaseUser) -> UpkeepChange:
    """Leave the register as it is; the answer stays recorded as rejected."""
    return _close(_lock_pending(change), UpkeepChange.Review.REJECTED, actor)
