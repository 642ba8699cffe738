"""Every status of the workspace and meetings records has a factory trait of the same name, and
what each trait builds passes its model's validation."""

from __future__ import annotations

import pytest

from meetings.choices import HostingStatus, PlaceStatus
from members.choices import DeliveryStatus, UpkeepStatus
from tests.factories.meetings import HostingFactory, RegistrationDayFactory
from tests.factories.workspace import DeliveryFactory, UpkeepRequestFactory, UpkeepRoundFactory

pytestmark = pytest.mark.django_db

STATUSES = [
    (UpkeepRequestFactory, UpkeepStatus),
    (DeliveryFactory, DeliveryStatus),
    (HostingFactory, HostingStatus),
    (RegistrationDayFactory, PlaceStatus),
]


@pytest.mark.parametrize(
    ("factory", "status"),
    [(factory, status) for factory, choices in STATUSES for status in choices.values],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_a_trait_for_every_status(factory, status):
    default = factory.build().status
    obj = factory() if status == default else factory(**{status: True})
    assert obj.status == status
    obj.full_clean()


def test_upkeep_rounds_open_and_closed():
    closed = UpkeepRoundFactory(closed=True)
    assert (closed.is_open, closed.closed_at is not None) == (False, True)
    open_round = UpkeepRoundFactory()
    assert open_round.is_open
    open_round.full_clean()


@pytest.mark.parametrize("kind", ["joining_decision", "minutes", "other"])
def test_a_trait_for_every_kind_of_application_document(kind):
    from tests.factories.applications import ApplicationDocumentFactory

    document = ApplicationDocumentFactory(**{kind: True})
    assert document.kind == kind
    assert document.is_decision == (kind == "joining_decision")
    document.full_clean()
