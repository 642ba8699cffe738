from __future__ import annotations

import datetime

from members.choices import Role
from members.models import Organisation
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory

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
