"""One register entry per person: reused on approval and upkeep answers, found when doubled,
merged with both histories kept."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from applications.services import application_approve
from members import upkeep
from members.choices import Role
from members.models import Announcement, Appointment, Delivery, Person, UpkeepChange, UpkeepRequest
from members.people import likely_duplicates, person_find_or_create, person_merge
from members.upkeep_review import upkeep_change_accept
from tests.factories.applications import ApplicationFactory
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_approval_names_one_person_in_two_roles_and_records_the_web_page(coordinator):
    application = ApplicationFactory(
        in_review=True,
        contact_first_name="Minna",
        contact_last_name="Koskinen",
        contact_email="minna.koskinen@kunta.example",
        coordinator_first_name="Minna",
        coordinator_last_name="Koskinen",
        coordinator_email="",
        coordinator_phone="040 555 1234",
        website="https://kunta.example/hyvinvointi",
    )
    approved = application_approve(
        application=application, decision_date=datetime.date(2026, 11, 23), feedback="", actor=coordinator
    )
    organisation = approved.organisation
    minna = Person.objects.get(first_name="Minna")
    roles = set(Appointment.objects.filter(person=minna).values_list("role", flat=True))
    assert roles == {Role.CONTACT_PERSON, Role.WELFARE_COORDINATOR}
    assert (minna.email, minna.phone) == ("minna.koskinen@kunta.example", "050 309 9165")
    assert Person.objects.filter(organisation=organisation).count() == 2  # Minna and the official
    organisation.refresh_from_db()
    assert organisation.website == "https://kunta.example/hyvinvointi"


def test_a_welfare_coordinator_with_an_address_and_phone(coordinator):
    application = ApplicationFactory(
        in_review=True, coordinator_email="tanja@kunta.example", coordinator_phone="040 111 2222"
    )
    application_approve(
        application=application, decision_date=datetime.date(2026, 11, 23), feedback="", actor=coordinator
    )
    tanja = Appointment.objects.get(role=Role.WELFARE_COORDINATOR).person
    assert (tanja.email, tanja.phone) == ("tanja@kunta.example", "040 111 2222")


def test_find_or_create_reuses_by_address_or_by_name_in_the_organisation():
    pori, rauma = OrganisationFactory(), OrganisationFactory()
    known = PersonFactory(first_name="Pia", last_name="Pori", email="Pia@Pori.example", organisation=pori, phone="")
    same = person_find_or_create(
        first_name="Pia", last_name="Porilainen", email="pia@pori.example", organisation=rauma, phone="044 1"
    )
    assert same.pk == known.pk and same.phone == "044 1" and same.organisation == pori
    nameless = PersonFactory(first_name="Olli", last_name="Osoitteeton", email="", organisation=pori)
    assert person_find_or_create(first_name="olli", last_name="osoitteeton", organisation=pori).pk == nameless.pk
    other = person_find_or_create(first_name="Olli", last_name="Osoitteeton", organisation=rauma)
    assert other.pk != nameless.pk


def test_an_upkeep_answer_reuses_the_person_already_in_another_role(coordinator):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)
    contact = AppointmentFactory(organisation=organisation, role=Role.CONTACT_PERSON).person
    upkeep.upkeep_round_start(deadline=datetime.date(2099, 1, 31), actor=coordinator)
    request = UpkeepRequest.objects.get(organisation=organisation)
    values = {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email.upper(),
        "start_date": datetime.date(2026, 1, 1),
    }
    upkeep.upkeep_answer(request=request, changes={Role.WELFARE_COORDINATOR: values})
    upkeep_change_accept(change=UpkeepChange.objects.get(), actor=coordinator)
    coordinator_appointment = Appointment.objects.current().get(
        organisation=organisation, role=Role.WELFARE_COORDINATOR
    )
    assert coordinator_appointment.person_id == contact.pk
    assert Person.objects.count() == 1


def test_duplicates_are_found_and_merged_with_both_histories(coordinator):
    organisation = OrganisationFactory(name_fi="Virrat")
    first = PersonFactory(
        first_name="Ville", last_name="Virtanen", email="ville@virrat.example", organisation=organisation
    )
    second = PersonFactory(
        first_name="Ville", last_name="Virtanen", email="VILLE@virrat.example", phone="", organisation=organisation
    )
    third = PersonFactory(first_name="Ville", last_name="Virtanen", email="", organisation=organisation)
    AppointmentFactory(organisation=organisation, person=first, role=Role.CONTACT_PERSON)
    old = AppointmentFactory(
        organisation=organisation, person=second, role=Role.ELECTED_OFFICIAL, start_date=datetime.date(2021, 10, 25)
    )
    announcement = Announcement.objects.create(subject="Tiedote", body="Viesti", created_by=coordinator)
    Delivery.objects.create(announcement=announcement, email=second.email, person=second, organisation=organisation)
    groups = likely_duplicates()
    assert [sorted(p.pk for p in g.people) for g in groups] == [
        sorted([first.pk, second.pk]),
        sorted([first.pk, second.pk, third.pk]),
    ]
    kept = person_merge(keep=first, duplicate=second, actor=coordinator)
    old.refresh_from_db()
    assert old.person_id == kept.pk
    assert [h.person_id for h in old.history.order_by("history_date")] == [second.pk, first.pk]
    assert Delivery.objects.get().person_id == kept.pk
    assert not Person.objects.filter(pk=second.pk).exists()
    assert Person.history.filter(id=second.pk).latest("history_date").history_type == "-"
    assert f"entry {second.pk}" in kept.notes or f"tietueeseen {second.pk}" in kept.notes


def test_the_duplicates_page_merges_a_group(coordinator_client):
    organisation = OrganisationFactory(name_fi="Virrat")
    a = PersonFactory(first_name="Aino", last_name="Aalto", email="aino@virrat.example", organisation=organisation)
    b = PersonFactory(first_name="Aino", last_name="Aalto", email="", phone="050 1", organisation=organisation)
    AppointmentFactory(organisation=organisation, person=b, role=Role.CONTACT_PERSON)
    url = reverse("workspace:person_duplicates")
    page = coordinator_client.get(url).content.decode()
    assert "sama nimi samassa organisaatiossa" in page
    response = coordinator_client.post(url, {"group": [a.pk, b.pk], "keep": b.pk}, follow=True)
    assert "1 tietue yhdistettiin tähän henkilöön: Aino Aalto." in response.content.decode()
    b.refresh_from_db()
    assert b.email == "aino@virrat.example"
    assert list(Person.objects.values_list("pk", flat=True)) == [b.pk]
    assert "Todennäköisiä kaksoiskappaleita ei löytynyt." in coordinator_client.get(url).content.decode()
