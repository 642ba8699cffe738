"""Announcements: an e-mail to the current contact persons and/or elected officials of the
members, sent by the outbox worker.

Each recipient address is one Delivery row (unique per announcement), created with its e-mail
in the outbox in the same transaction as the announcement; where each stands (delivered,
waiting, failed) is read from the outbox. Re-submitting the form finds the same announcement
through its submission key, so nobody gets it twice.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import STATUS

from members.choices import Role
from members.models import Announcement, Appointment, Delivery, Organisation
from tervekunta.collation import collated
from tervekunta.mail import Message, queue_many


def recipient_roles(*, to_contact_persons: bool, to_elected_officials: bool) -> list[str]:
    roles = []
    if to_contact_persons:
        roles.append(Role.CONTACT_PERSON)
    if to_elected_officials:
        roles.append(Role.ELECTED_OFFICIAL)
    return roles


def recipients(*, roles: list[str], filters: dict) -> list[Appointment]:
    """Current appointments in `roles` of today's members matching `filters`, one per e-mail address."""
    members = Organisation.objects.members_on(timezone.localdate()).matching(filters)
    appointments = (
        Appointment.objects.current()
        .filter(role__in=roles, organisation__in=members.values("pk"))
        .exclude(person__email="")
        .select_related("person", "organisation")
        .order_by("role", "pk")
    )
    seen, unique = set(), []
    # By the Finnish name in Finnish order on every database: the same address shared by two
    # members is always delivered under the same one.
    for appointment in collated(appointments, key=lambda a: a.organisation.name_fi, language="fi"):
        address = appointment.person.email.strip().lower()
        if address not in seen:
            seen.add(address)
            unique.append(appointment)
    return unique


@transaction.atomic
def announcement_create(
    *,
    key: uuid.UUID,
    subject: str,
    body: str,
    to_contact_persons: bool,
    to_elected_officials: bool,
    filters: dict,
    actor: AbstractBaseUser,
) -> tuple[Announcement, bool]:
    """Create the announcement and one delivery per address; the same key never creates two.

    Returns the announcement and whether it was created now.
    """
    existing = Announcement.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    announcement = Announcement(
        key=key,
        subject=subject,
        body=body,
        to_contact_persons=to_contact_persons,
        to_elected_officials=to_elected_officials,
        region=filters.get("region"),
        welfare_region=filters.get("welfare_region"),
        kind=filters.get("kind") or "",
        created_by=actor,
    )
    announcement.full_clean()
    people = recipients(
        roles=recipient_roles(to_contact_persons=to_contact_persons, to_elected_officials=to_elected_officials),
        filters=filters,
    )
    if not people:
        raise ValidationError(_("No current member has anyone with an e-mail address to send to."), code="nobody")
    announcement.save()
    # The coordinator's text goes out as it was written, the same to everyone.
    emails = queue_many(
        [
            Message(
                to=[a.person.email.strip().lower()],
                template="members/email/announcement",
                language=a.person.language,
                context={"announcement": announcement},
            )
            for a in people
        ]
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                announcement=announcement,
                email=a.person.email.strip().lower(),
                name=a.person.full_name,
                organisation=a.organisation,
                person=a.person,
                message=email,
            )
            for a, email in zip(people, emails, strict=True)
        ]
    )
    return announcement, True


def progress(announcement: Announcement) -> dict[str, int]:
    """Deliveries by where their e-mails stand in the outbox."""
    return announcement.deliveries.aggregate(
        sent=Count("pk", filter=Q(message__status=STATUS.sent)),
        waiting=Count("pk", filter=Q(message__status__in=[STATUS.queued, STATUS.requeued])),
        failed=Count("pk", filter=Q(message__status=STATUS.failed)),
        total=Count("pk"),
    )
