from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.choices import EndReason, Role
from members.models import Appointment
from members.services import appointment_end, appointment_replace, membership_end, membership_start
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_appointment_replace_ends_the_current_holder(admin_user):
    current = AppointmentFactory(role=Role.ELECTED_OFFICIAL, start_date=D(2021, 8, 1))
    newcomer = PersonFactory()
    new = appointment_replace(
        organisation=current.organisation,
        role=Role.ELECTED_OFFICIAL,
        person=newcomer,
        start_date=D(2025, 6, 1),
        decision="KV 1.6.2025 § 5",
        actor=admin_user,
    )
    current.refresh_from_db()
    assert current.end_date == D(2025, 5, 31)
    assert new.is_current and new.person == newcomer
    assert new.history.first().history_user == admin_user
    assert Appointment.objects.current().filter(organisation=current.organisation).count() == 1


def test_appointment_replace_refuses_a_start_before_the_current_one():
    current = AppointmentFactory(start_date=D(2025, 8, 1))
    with pytest.raises(ValidationError) as error:
        appointment_replace(
            organisation=current.organisation, role=current.role, person=PersonFactory(), start_date=D(2025, 1, 1)
        )
    assert error.value.code == "starts_before_current"


def test_appointment_end_leaves_the_role_empty():
    current = AppointmentFactory()
    appointment_end(appointment=current, end_date=D(2025, 12, 31))
    with pytest.raises(ValidationError):
        appointment_end(appointment=current, end_date=D(2025, 12, 31))
    assert not Appointment.objects.current().exists()


def test_membership_start_and_end():
    organisation = OrganisationFactory()
    membership = membership_start(organisation=organisation, start_date=D(2025, 3, 1))
    with pytest.raises(ValidationError) as error:
        membership_start(organisation=organisation, start_date=D(2025, 4, 1))
    assert error.value.code == "already_member"
    membership_end(membership=membership, end_date=D(2025, 12, 31), reason=EndReason.RESIGNED)
    membership.refresh_from_db()
    assert membership.end_reason == EndReason.RESIGNED
    again = membership_start(organisation=organisation, start_date=D(2026, 1, 1))
    assert organisation.memberships.count() == 2 and again.end_date is None


def test_membership_end_refuses_an_end_before_the_start():
    membership = MembershipFactory(start_date=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        membership_end(membership=membership, end_date=D(2023, 1, 1))
    membership.refresh_from_db()
    assert membership.end_date is None
