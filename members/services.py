"""Writes to the member register. The admin, the application approval and the contact
upkeep all go through these, so the same rules and the same history apply everywhere."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.choices import EndReason, Role, StartPrecision
from members.models import Appointment, Membership, Organisation, Person
from tervekunta.history import record_actor


@transaction.atomic
def membership_start(
    *,
    organisation: Organisation,
    start_date: datetime.date,
    precision: str = StartPrecision.DAY,
    source: str = "",
    basis: str = "",
    basis_date: datetime.date | None = None,
    actor: AbstractBaseUser | None = None,
) -> Membership:
    """Open a membership period; an organisation has at most one open period."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    if Membership.objects.filter(organisation=organisation).current().exists():
        raise ValidationError(_("%(name)s is already a member.") % {"name": organisation}, code="already_member")
    membership = Membership(
        organisation=organisation,
        start_date=start_date,
        start_precision=precision,
        source=source,
        basis=basis,
        basis_date=basis_date,
    )
    membership.full_clean()
    record_actor(membership, actor)
    membership.save()
    return membership


@transaction.atomic
def membership_end(
    *,
    membership: Membership,
    end_date: datetime.date,
    reason: str = EndReason.OTHER,
    actor: AbstractBaseUser | None = None,
) -> Membership:
    """Close an open membership period with its reason."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None:
        raise ValidationError(_("This membership period has already ended."), code="already_ended")
    membership.end_date = end_date
    membership.end_reason = reason
    membership.full_clean()
    record_actor(membership, actor)
    membership.save()
    return membership


@transaction.atomic
def appointment_replace(
    *,
    organisation: Organisation,
    role: str,
    person: Person,
    start_date: datetime.date,
    decision: str = "",
    actor: AbstractBaseUser | None = None,
) -> Appointment:
    """Name `person` to `role`, ending the current holder's appointment the day before."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), code="unknown_role")
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    current = Appointment.objects.filter(organisation=organisation, role=role).current().first()
    if current is not None:
        if current.person_id == person.pk:
            return current
        if current.start_date > start_date:
            raise ValidationError(
                _("The new appointment cannot start before the current one (%(date)s).")
                % {"date": date_format(current.start_date, "SHORT_DATE_FORMAT")},
                code="starts_before_current",
            )
        current.end_date = max(current.start_date, start_date - datetime.timedelta(days=1))
        record_actor(current, actor)
        current.save()
    appointment = Appointment(
        organisation=organisation, person=person, role=role, start_date=start_date, decision=decision
    )
    appointment.full_clean()
    record_actor(appointment, actor)
    appointment.save()
    return appointment


@transaction.atomic
def appointment_end(
    *, appointment: Appointment, end_date: datetime.date, actor: AbstractBaseUser | None = None
) -> Appointment:
    """End a current appointment, leaving the role empty."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.end_date is not None:
        raise ValidationError(_("This appointment has already ended."), code="already_ended")
    appointment.end_date = end_date
    appointment.full_clean()
    record_actor(appointment, actor)
    appointment.save()
    return appointment


@transaction.atomic
def membership_correct_start(
    *,
    membership: Membership,
    start_date: datetime.date,
    precision: str,
    source: str,
    actor: AbstractBaseUser | None = None,
) -> Membership:
    """Record better knowledge of when a period began; the period keeps its end and must not overlap another."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.start_date = start_date
    membership.start_precision = precision
    membership.source = source
    membership.full_clean()
    record_actor(membership, actor)
    membership.save()
    return membership


@transaction.atomic
def organisation_complete_website(
    *, organisation: Organisation, website: str, actor: AbstractBaseUser | None = None
) -> Organisation:
    """Record the organisation's web page on health and welfare promotion where none is recorded yet."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not website or organisation.website:
        return organisation
    organisation.website = website
    organisation.full_clean()
    record_actor(organisation, actor)
    organisation.save()
    return organisation
