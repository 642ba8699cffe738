from __future__ import annotations

import pytest

from tests.factories.meetings import network_days
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def member():
    """A current member organisation (since 2020) with a contact person."""
    organisation = OrganisationFactory(name_fi="Pori", slug="pori-test")
    MembershipFactory(organisation=organisation)
    AppointmentFactory(organisation=organisation)
    return organisation


@pytest.fixture
def non_member():
    organisation = OrganisationFactory(name_fi="Entinen jäsen")
    MembershipFactory(organisation=organisation, ended=True)
    return organisation


@pytest.fixture
def days():
    """Network days next year: (event, open day, members-only day), no capacity limit."""
    return network_days()
