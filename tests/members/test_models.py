from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from members.choices import EndReason, Role, StartPrecision
from members.models import Appointment, Membership
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("start", "precision", "day", "expected"),
    [
        (D(2019, 6, 17), StartPrecision.DAY, D(2019, 6, 16), "no"),
        (D(2019, 6, 17), StartPrecision.DAY, D(2019, 6, 17), "member"),
        (D(2023, 12, 9), StartPrecision.MONTH, D(2023, 11, 30), "no"),
        (D(2023, 12, 9), StartPrecision.MONTH, D(2023, 12, 15), "uncertain"),
        (D(2023, 12, 9), StartPrecision.MONTH, D(2023, 12, 31), "member"),
        (D(2000, 5, 5), StartPrecision.YEAR, D(1999, 12, 31), "no"),
        (D(2000, 5, 5), StartPrecision.YEAR, D(2000, 7, 1), "uncertain"),
        (D(2000, 5, 5), StartPrecision.YEAR, D(2000, 12, 31), "member"),
        (D(2024, 6, 30), StartPrecision.BY, D(1996, 1, 1), "uncertain"),
        (D(2024, 6, 30), StartPrecision.BY, D(2024, 6, 30), "member"),
    ],
)
def test_membership_on_a_day_is_as_certain_as_its_start(start, precision, day, expected):
    membership = MembershipFactory(start_date=start, start_precision=precision)
    active = Membership.objects.active_on(day).filter(pk=membership.pk).exists()
    uncertain = Membership.objects.uncertain_on(day).filter(pk=membership.pk).exists()
    assert (active, uncertain) == {"no": (False, False), "member": (True, False), "uncertain": (False, True)}[expected]


def test_ended_membership_is_not_active_after_its_end():
    membership = MembershipFactory(ended=True)
    assert Membership.objects.active_on(D(2022, 12, 31)).filter(pk=membership.pk).exists()
    assert not Membership.objects.active_on(D(2023, 1, 1)).filter(pk=membership.pk).exists()


def test_start_is_normalised_to_its_precision():
    membership = MembershipFactory(start_date=D(2000, 5, 5), start_precision=StartPrecision.YEAR)
    assert membership.start_date == D(2000, 1, 1)
    assert membership.known_from == D(2000, 12, 31)


@pytest.mark.parametrize(
    ("start", "precision", "fi", "sv", "en"),
    [
        (
            D(2019, 6, 17),
            StartPrecision.DAY,
            "jäsen 17.6.2019 alkaen",
            "medlem sedan 17.6.2019",
            "member since 17.6.2019",
        ),
        (D(2023, 12, 1), StartPrecision.MONTH, "jäsen 12/2023 alkaen", "medlem sedan 12/2023", "member since 12/2023"),
        (D(2000, 1, 1), StartPrecision.YEAR, "jäsen vuodesta 2000", "medlem sedan 2000", "member since 2000"),
        (
            D(2024, 6, 30),
            StartPrecision.BY,
            "liittynyt viimeistään 6/2024",
            "anslöt sig senast 6/2024",
            "joined by 6/2024 at the latest",
        ),
    ],
)
def test_member_since_says_only_what_is_known_in_the_readers_language(start, precision, fi, sv, en):
    membership = MembershipFactory(start_date=start, start_precision=precision)
    for language, expected in (("fi", fi), ("sv", sv), ("en", en)):
        with translation.override(language):
            assert membership.since_text() == expected
            assert str(membership) == f"{membership.organisation}: {expected}"


def test_overlapping_periods_are_refused():
    first = MembershipFactory(ended=True)
    second = Membership(organisation=first.organisation, start_date=D(2021, 1, 1), start_precision=StartPrecision.DAY)
    with translation.override("en"), pytest.raises(ValidationError, match="overlaps"):
        second.full_clean()


def test_second_open_period_is_refused_by_the_database():
    first = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(organisation=first.organisation, start_date=D(2024, 1, 1))


def test_end_needs_a_reason_in_the_database():
    membership = MembershipFactory()
    membership.end_date = D(2024, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()
    membership.end_reason = EndReason.RESIGNED
    membership.save()


def test_second_current_contact_person_is_refused_by_the_database():
    current = AppointmentFactory(role=Role.CONTACT_PERSON)
    other = AppointmentFactory.build(organisation=current.organisation, role=Role.CONTACT_PERSON)
    other.person.save()
    other.person_id = other.person.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()
    # An ended appointment and a current one in another role are fine.
    AppointmentFactory(organisation=current.organisation, role=Role.CONTACT_PERSON, ended=True)
    AppointmentFactory(organisation=current.organisation, role=Role.ELECTED_OFFICIAL)
    assert Appointment.objects.current().filter(organisation=current.organisation).count() == 2


def test_second_current_contact_person_gets_a_clear_validation_message():
    current = AppointmentFactory(role=Role.CONTACT_PERSON)
    other = Appointment(
        organisation=current.organisation,
        person=AppointmentFactory(organisation=current.organisation, role=Role.WELFARE_COORDINATOR).person,
        role=Role.CONTACT_PERSON,
        start_date=D(2025, 9, 1),
    )
    with translation.override("en"), pytest.raises(ValidationError, match="already has a current person"):
        other.full_clean()


def test_organisation_code_and_region_come_from_the_register(register):
    organisation = OrganisationFactory(municipal=True, municipality__code="936")
    organisation.refresh_from_db()
    assert organisation.code == "936"
    assert organisation.region.name_fi == "Pirkanmaa"
    assert organisation.welfare_region.name_fi == "Pirkanmaan hyvinvointialue"
