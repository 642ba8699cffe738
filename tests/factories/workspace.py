from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from post_office.models import STATUS, Email

from members.choices import Language, Role, UpkeepStatus
from members.models import Announcement, Delivery, Organisation, UpkeepRequest, UpkeepRound
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.users import UserFactory

ALL_ROLES = tuple(Role.values)


def member_with_people(
    *, roles: tuple[str, ...] = ALL_ROLES, start: datetime.date | None = None, **kwargs
) -> Organisation:
    """A current member with a current person in each of `roles`."""
    organisation = OrganisationFactory(**kwargs)
    MembershipFactory(organisation=organisation)
    for role in roles:
        AppointmentFactory(organisation=organisation, role=role, **({"start_date": start} if start else {}))
    return organisation


def network(size: int) -> list[Organisation]:
    """`size` members; every fifth misses its elected official, every seventh has an old appointment."""
    members = []
    for n in range(size):
        roles = ALL_ROLES if n % 5 else (Role.CONTACT_PERSON, Role.WELFARE_COORDINATOR)
        start = datetime.date(2023, 1, 1) if n % 7 == 0 else None
        members.append(member_with_people(roles=roles, start=start))
    return members


class UpkeepRoundFactory(DjangoModelFactory):
    """An open contact upkeep round; `closed=True` for one that is over (only one may be open)."""

    class Meta:
        model = UpkeepRound

    created_by = factory.SubFactory(UserFactory, coordinator=True)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    is_open = True

    class Params:
        closed = factory.Trait(is_open=False, closed_at=factory.LazyFunction(timezone.now))


class UpkeepRequestFactory(DjangoModelFactory):
    """A member's request in a round, sent to its contact person and not answered yet; a trait
    per status gives the others."""

    class Meta:
        model = UpkeepRequest

    round = factory.SubFactory(UpkeepRoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    contact = factory.SubFactory(PersonFactory)
    email = factory.LazyAttribute(lambda o: o.contact.email if o.contact else "")
    language = factory.LazyAttribute(lambda o: o.contact.language if o.contact else Language.FINNISH)
    status = UpkeepStatus.PENDING
    # Sent: its message was delivered (a request counts as sent only then).
    message = factory.LazyAttribute(
        lambda o: (
            Email.objects.create(
                to=[o.email],
                from_email="tervekunta@example.org",
                subject="Yhteystiedot",
                message="Linkki",
                status=STATUS.sent,
            )
            if o.email
            else None
        )
    )

    class Params:
        confirmed = factory.Trait(status=UpkeepStatus.CONFIRMED, answered_at=factory.LazyFunction(timezone.now))
        changed = factory.Trait(
            status=UpkeepStatus.CHANGED,
            answered_at=factory.LazyFunction(timezone.now),
            answer="Luottamushenkilö: Uusi Henkilö",
        )
        unreachable = factory.Trait(status=UpkeepStatus.UNREACHABLE, contact=None, email="")
        reminded = factory.Trait(reminders=1, reminded_at=factory.LazyFunction(timezone.now))


class AnnouncementFactory(DjangoModelFactory):
    """An announcement to the contact persons, without deliveries (see DeliveryFactory)."""

    class Meta:
        model = Announcement

    subject = factory.Sequence(lambda n: f"Tiedote {n}")
    body = "Tervetuloa verkostotapaamiseen."
    to_contact_persons = True
    to_elected_officials = False
    created_by = factory.SubFactory(UserFactory, coordinator=True)


def _outbox_message(status: int):
    """The delivery's message in the outbox, in the given post_office status."""
    return factory.LazyAttribute(
        lambda o: Email.objects.create(
            to=[o.email], from_email="tervekunta@example.org", subject="Tiedote", message="Teksti", status=status
        )
    )


class DeliveryFactory(DjangoModelFactory):
    """One recipient of an announcement; its status is its outbox message's: a trait per status."""

    class Meta:
        model = Delivery

    announcement = factory.SubFactory(AnnouncementFactory)
    person = factory.SubFactory(PersonFactory)
    email = factory.LazyAttribute(lambda o: o.person.email.lower() if o.person else "vastaanottaja@kunta.example")
    name = factory.LazyAttribute(lambda o: o.person.full_name if o.person else "")
    message = _outbox_message(STATUS.queued)

    class Params:
        sent = factory.Trait(message=_outbox_message(STATUS.sent))
        failed = factory.Trait(message=_outbox_message(STATUS.failed))
        gone = factory.Trait(message=None)
