from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from members.choices import Role
from members.models import Appointment, Organisation
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _inline_management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_second_current_contact_person_in_admin_gets_a_message_not_an_error(admin_client):
    current = AppointmentFactory(role=Role.CONTACT_PERSON)
    other = PersonFactory()
    response = admin_client.post(
        reverse("admin:members_appointment_add"),
        {
            "organisation": current.organisation.pk,
            "person": other.pk,
            "role": Role.CONTACT_PERSON,
            "start_date": "2025-09-01",
            "decision": "KH",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 200
    assert "on jo voimassa oleva henkilö tässä tehtävässä" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_two_current_contact_people_in_one_inline_form_get_a_message(admin_client):
    organisation = OrganisationFactory()
    people = PersonFactory.create_batch(2)
    data = {
        "name_fi": organisation.name_fi,
        "name_sv": organisation.name_sv,
        "slug": organisation.slug,
        "kind": organisation.kind,
        **_inline_management("memberships", 0, 0),
        **_inline_management("appointments", 2, 0),
    }
    for index, person in enumerate(people):
        data |= {
            f"appointments-{index}-role": Role.CONTACT_PERSON,
            f"appointments-{index}-person": person.pk,
            f"appointments-{index}-start_date": "2025-09-01",
            f"appointments-{index}-organisation": organisation.pk,
        }
    with translation.override("en"):
        response = admin_client.post(
            reverse("admin:members_organisation_change", args=[organisation.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 200
    assert "Only one current appointment per role" in response.content.decode()
    assert Appointment.objects.count() == 0


def test_organisation_filters(admin_client, register):
    member = OrganisationFactory(municipal=True, municipality__code="936", who=True)
    MembershipFactory(organisation=member)
    OrganisationFactory(name_fi="Entinen", slug="entinen")
    url = reverse("admin:members_organisation_changelist")
    for query, expected in [
        ({"membership": "current"}, {member.name_fi}),
        ({"membership": "never"}, {"Entinen"}),
        ({"who": "yes"}, {member.name_fi}),
        ({"region__id__exact": member.region_id}, {member.name_fi}),
    ]:
        response = admin_client.get(url, query)
        assert {o.name_fi for o in response.context["cl"].result_list} == expected, query


def test_history_records_who_changed_what(admin_client, admin_user):
    organisation = OrganisationFactory()
    admin_client.post(
        reverse("admin:members_organisation_change", args=[organisation.pk]),
        {
            "name_fi": "Uusi nimi",
            "name_sv": organisation.name_sv,
            "slug": organisation.slug,
            "kind": organisation.kind,
            **_inline_management("memberships", 0, 0),
            **_inline_management("appointments", 0, 0),
        },
    )
    organisation.refresh_from_db()
    assert organisation.name_fi == "Uusi nimi"
    latest = organisation.history.first()
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    assert Organisation.history.filter(id=organisation.pk).count() == 2
    page = admin_client.get(reverse("admin:members_organisation_history", args=[organisation.pk]))
    assert admin_user.username in page.content.decode()
