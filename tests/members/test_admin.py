from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from members import services
from members.choices import EndReason, Role
from members.models import Appointment, Membership, Organisation
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory, PersonFactory
from tests.twofactor import sign_in

pytestmark = pytest.mark.django_db


def _inline_management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_organisation_page_shows_memberships_and_appointments_read_only(admin_client):
    membership = MembershipFactory()
    organisation = membership.organisation
    AppointmentFactory(organisation=organisation, role=Role.CONTACT_PERSON)
    page = admin_client.get(reverse("admin:members_organisation_change", args=[organisation.pk]))
    html = page.content.decode()
    assert 'name="memberships-0-end_date"' not in html
    assert 'name="appointments-0-person"' not in html
    assert reverse("admin:members_organisation_membership_end", args=[organisation.pk, membership.pk]) in html
    assert reverse("admin:members_organisation_membership_start", args=[organisation.pk]) in html
    assert reverse("admin:members_organisation_appointment_replace", args=[organisation.pk]) in html


def test_inline_rows_posted_to_the_organisation_page_write_nothing(admin_client):
    organisation = OrganisationFactory()
    people = PersonFactory.create_batch(2)
    data = {
        "name_fi": organisation.name_fi,
        "name_sv": organisation.name_sv,
        "slug": organisation.slug,
        "kind": organisation.kind,
        **_inline_management("memberships", 1, 0),
        **_inline_management("appointments", 2, 0),
        "memberships-0-start_date": "2025-09-01",
        "memberships-0-start_precision": "day",
    }
    for index, person in enumerate(people):
        data |= {
            f"appointments-{index}-role": Role.CONTACT_PERSON,
            f"appointments-{index}-person": person.pk,
            f"appointments-{index}-start_date": "2025-09-01",
            f"appointments-{index}-organisation": organisation.pk,
        }
    admin_client.post(reverse("admin:members_organisation_change", args=[organisation.pk]), data)
    assert not Appointment.objects.exists()
    assert not Membership.objects.exists()


@pytest.mark.parametrize("model", ["membership", "appointment"])
def test_memberships_and_appointments_are_not_added_apart_from_the_organisation(admin_client, model):
    assert admin_client.get(reverse(f"admin:members_{model}_add")).status_code == 403


def _end_url(membership) -> str:
    return reverse("admin:members_organisation_membership_end", args=[membership.organisation_id, membership.pk])


def test_ending_a_membership_in_the_admin_goes_through_the_service(coordinator_client, coordinator, monkeypatch):
    membership = MembershipFactory()
    calls = []
    real = services.membership_end

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "membership_end", spy)
    url = _end_url(membership)
    asked = coordinator_client.get(url)
    assert asked.status_code == 200
    assert asked.templates[0].name == "admin/confirm_action.html"
    assert 'name="end_date"' in asked.text and 'name="end_reason"' in asked.text

    # Without the confirm button nothing is written.
    coordinator_client.post(url, {"end_date": "2025-12-31", "end_reason": EndReason.RESIGNED})
    membership.refresh_from_db()
    assert membership.end_date is None and calls == []

    response = coordinator_client.post(
        url, {"end_date": "2025-12-31", "end_reason": EndReason.RESIGNED, "confirmed": "yes"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:members_organisation_change", args=[membership.organisation_id])
    membership.refresh_from_db()
    assert (membership.end_date, membership.end_reason) == (datetime.date(2025, 12, 31), EndReason.RESIGNED)
    assert len(calls) == 1 and calls[0]["actor"] == coordinator
    latest = membership.history.first()
    assert (latest.history_type, latest.history_user, latest.end_date) == ("~", coordinator, membership.end_date)


def test_an_end_before_the_start_gives_the_form_error_and_changes_nothing(coordinator_client):
    membership = MembershipFactory(start_date=datetime.date(2020, 1, 15))
    with translation.override("en"):
        response = coordinator_client.post(
            _end_url(membership),
            {"end_date": "2019-12-31", "end_reason": EndReason.RESIGNED, "confirmed": "yes"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "A membership cannot end before it starts." in response.context["form"].non_field_errors()
    membership.refresh_from_db()
    assert membership.end_date is None
    assert membership.history.count() == 1


def test_a_missing_or_malformed_end_date_is_a_field_error(coordinator_client):
    membership = MembershipFactory()
    response = coordinator_client.post(
        _end_url(membership), {"end_date": "31.2.2025", "end_reason": EndReason.RESIGNED, "confirmed": "yes"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    membership.refresh_from_db()
    assert membership.end_date is None


def test_an_ended_membership_cannot_be_ended_again(coordinator_client):
    membership = MembershipFactory(ended=True)
    response = coordinator_client.post(
        _end_url(membership), {"end_date": "2025-12-31", "end_reason": EndReason.RESIGNED, "confirmed": "yes"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2022, 12, 31)


def test_starting_a_membership_in_the_admin(coordinator_client, coordinator):
    organisation = OrganisationFactory()
    url = reverse("admin:members_organisation_membership_start", args=[organisation.pk])
    data = {"start_date": "2025-03-10", "start_precision": "month", "source": "KH 10.3.2025 § 4", "confirmed": "yes"}
    assert coordinator_client.post(url, data).status_code == 302
    membership = organisation.memberships.get()
    assert (membership.start_date, membership.source) == (datetime.date(2025, 3, 1), "KH 10.3.2025 § 4")
    assert membership.history.first().history_user == coordinator
    again = coordinator_client.post(url, data)
    assert again.status_code == 200
    assert again.context["form"].non_field_errors()
    assert organisation.memberships.count() == 1


def test_replacing_a_contact_person_in_the_admin_ends_the_current_holder(coordinator_client, coordinator):
    current = AppointmentFactory(role=Role.CONTACT_PERSON, start_date=datetime.date(2024, 1, 1))
    organisation = current.organisation
    successor = PersonFactory()
    url = reverse("admin:members_organisation_appointment_replace", args=[organisation.pk])
    asked = coordinator_client.get(url, {"role": Role.ELECTED_OFFICIAL})
    assert asked.context["form"]["role"].value() == Role.ELECTED_OFFICIAL
    response = coordinator_client.post(
        url,
        {
            "role": Role.CONTACT_PERSON,
            "person": successor.pk,
            "start_date": "2025-09-01",
            "decision": "KH 1.9.2025 § 2",
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.end_date == datetime.date(2025, 8, 31)
    new = Appointment.objects.current().get(organisation=organisation, role=Role.CONTACT_PERSON)
    assert (new.person, new.decision) == (successor, "KH 1.9.2025 § 2")
    assert new.history.first().history_user == coordinator
    assert current.history.first().history_user == coordinator


def test_a_replacement_starting_before_the_current_one_is_refused_on_the_form(coordinator_client):
    current = AppointmentFactory(role=Role.CONTACT_PERSON, start_date=datetime.date(2025, 8, 1))
    url = reverse("admin:members_organisation_appointment_replace", args=[current.organisation_id])
    response = coordinator_client.post(
        url,
        {"role": Role.CONTACT_PERSON, "person": PersonFactory().pk, "start_date": "2025-01-01", "confirmed": "yes"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Appointment.objects.count() == 1


def test_ending_an_appointment_in_the_admin(coordinator_client, coordinator):
    appointment = AppointmentFactory()
    url = reverse("admin:members_organisation_appointment_end", args=[appointment.organisation_id, appointment.pk])
    assert coordinator_client.post(url, {"end_date": "2025-10-31", "confirmed": "yes"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.end_date == datetime.date(2025, 10, 31)
    assert appointment.history.first().history_user == coordinator


def test_the_service_pages_need_the_permission(client, django_user_model):
    membership = MembershipFactory()
    staff = django_user_model.objects.create_user("staff", password="x-pass-123", is_staff=True)
    sign_in(client, staff)
    assert client.get(_end_url(membership)).status_code == 403


def test_a_membership_of_another_organisation_is_not_found(coordinator_client):
    membership = MembershipFactory()
    other = OrganisationFactory()
    url = reverse("admin:members_organisation_membership_end", args=[other.pk, membership.pk])
    assert coordinator_client.get(url).status_code == 404


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
