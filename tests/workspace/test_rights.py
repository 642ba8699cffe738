from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import capfirst

from applications.choices import ApplicationStatus
from applications.models import Application
from meetings.models import Registration
from members.choices import Role
from members.models import Appointment, Delivery, Person
from members.services import appointment_end
from tervekunta.models import ErasureRecord
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import RegistrationFactory
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.workspace import DeliveryFactory
from workspace import rights

pytestmark = pytest.mark.django_db


@pytest.fixture
def former(coordinator):
    """A former contact person: an ended appointment, an announcement, a registration and an application."""
    organisation = OrganisationFactory(name_fi="Virrat")
    MembershipFactory(organisation=organisation)
    person = PersonFactory(first_name="Maija", last_name="Mäkinen", email="maija@virrat.example", phone="040 1")
    appointment = AppointmentFactory(organisation=organisation, person=person, role=Role.CONTACT_PERSON)
    DeliveryFactory(announcement__subject="Tiedote", person=person, organisation=organisation, sent=True)
    appointment_end(appointment=appointment, end_date=datetime.date(2025, 12, 31))
    RegistrationFactory(email="maija@virrat.example", name="Maija Mäkinen", diet="gluteeniton")
    ApplicationFactory(
        status=ApplicationStatus.REJECTED,
        submitted_at=timezone.now(),
        contact_first_name="Maija",
        contact_last_name="Mäkinen",
        contact_email="maija@virrat.example",
    )
    return person


def test_export_holds_everything_about_the_person(coordinator_client, former):
    response = coordinator_client.get(reverse("workspace:person_export", kwargs={"pk": former.pk}))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [p["email"] for p in data["people"]["records"]] == ["maija@virrat.example"]
    assert data["people"]["labels"]["email"] == "sähköposti"
    assert len(data["appointments"]["records"]) == 1
    assert data["appointments"]["records"][0]["end_date"] == "2025-12-31"
    assert data["appointments"]["records"][0]["role"] == "Yhteyshenkilö"
    assert len(data["appointment_history"]["records"]) == 2
    assert data["person_history"]["records"][0]["first_name"] == "Maija"
    assert [d["announcement"] for d in data["deliveries"]["records"]] == ["Tiedote"]
    assert len(data["registrations"]["records"]) == 1
    assert [a["contact_email"] for a in data["applications"]["records"]] == ["maija@virrat.example"]
    for name, section in data.items():
        assert section["title"], name
        assert set(section["labels"]) >= {key for record in section["records"] for key in record}, name


def _erase(client, person, **data):
    return client.post(reverse("workspace:person_erase", kwargs={"pk": person.pk}), {"confirm": "erase", **data})


def test_erase_scrubs_the_person_and_history_but_keeps_the_appointment(coordinator_client, former):
    response = _erase(coordinator_client, former)
    assert response.status_code == 302
    assert response.url == reverse("workspace:person_data", kwargs={"pk": former.pk})
    former.refresh_from_db()
    assert former.full_name == "Poistettu henkilö"
    assert (former.email, former.phone, former.title) == ("", "", "")
    assert not former.history.filter(first_name="Maija").exists()
    assert not former.history.exclude(email="").exists()
    appointment = Appointment.objects.get(person=former)
    assert (appointment.organisation.name_fi, appointment.role, appointment.end_date) == (
        "Virrat",
        Role.CONTACT_PERSON,
        datetime.date(2025, 12, 31),
    )
    assert not Delivery.objects.filter(email="maija@virrat.example").exists()
    assert Delivery.objects.filter(person=former, name="").count() == 1
    registration = Registration.objects.get()
    assert (registration.name, registration.diet) == ("Poistettu henkilö", "")
    assert "maija" not in registration.email
    application = Application.objects.get()
    assert (application.contact_first_name, application.contact_email) == ("", "")
    assert application.status == ApplicationStatus.REJECTED
    assert not Application.history.filter(contact_email="maija@virrat.example").exists()
    assert not Registration.history.filter(email="maija@virrat.example").exists()
    assert former.history.first().history_user.username == "coordinator"


def test_erase_is_refused_everywhere_while_an_application_naming_the_person_is_processed(coordinator, former):
    ApplicationFactory(in_review=True, official_email="maija@virrat.example")
    with pytest.raises(ValidationError) as error:
        rights.person_erase(person=former, actor=coordinator)
    assert error.value.code == "application_being_processed"
    former.refresh_from_db()
    assert former.first_name == "Maija"
    assert Registration.objects.get().name == "Maija Mäkinen"
    assert not ErasureRecord.objects.exists()


def test_the_erasure_names_the_coordinator_in_history_and_in_the_erasure_records(coordinator, former):
    counts = rights.person_erase(person=former, actor=coordinator)
    assert former.history.first().history_user == coordinator
    records = {r.kind: r for r in ErasureRecord.objects.all()}
    assert {kind: r.count for kind, r in records.items()} == {kind: n for kind, n in counts.items() if n}
    assert records["members.person"].count == 1
    assert records["meetings.registration"].count == 1
    assert records["applications.application"].count == 1
    assert {(r.reason, r.actor, r.actor_name) for r in records.values()} == {("erased", coordinator, "coordinator")}


def test_erase_is_refused_with_a_current_appointment(coordinator_client, coordinator):
    appointment = AppointmentFactory(person__first_name="Nykyinen", organisation__name_fi="Virrat")
    person = appointment.person
    page = coordinator_client.get(reverse("workspace:person_erase", kwargs={"pk": person.pk}))
    assert "yhä Virrat" in page.text or "Virrat" in page.context["plan"].blockers[0]
    assert 'name="confirm"' not in page.text
    response = _erase(coordinator_client, person)
    assert "Päätä nimeäminen" in response.text
    person.refresh_from_db()
    assert person.first_name == "Nykyinen"
    with pytest.raises(ValidationError) as error:
        rights.person_erase(person=person, actor=coordinator)
    assert error.value.code == "current_appointment"


def test_erase_is_refused_while_a_user_account_has_the_address(coordinator_client, coordinator, former):
    coordinator.email = "Maija@Virrat.example"
    coordinator.save()
    page = coordinator_client.get(reverse("workspace:person_erase", kwargs={"pk": former.pk}))
    assert "coordinator" in page.context["plan"].blockers[0]
    with pytest.raises(ValidationError) as error:
        rights.person_erase(person=former, actor=coordinator)
    assert error.value.code == "user_account"
    assert Person.objects.get(pk=former.pk).first_name == "Maija"


def test_erase_needs_the_confirmation(coordinator_client, former):
    response = coordinator_client.post(reverse("workspace:person_erase", kwargs={"pk": former.pk}), {})
    assert response.status_code == 400
    assert "Vahvista poistaminen" in response.text
    assert Person.objects.get(pk=former.pk).first_name == "Maija"


def test_the_person_page_no_longer_erases_and_leads_to_the_confirmation_page(coordinator_client, former):
    url = reverse("workspace:person_data", kwargs={"pk": former.pk})
    assert coordinator_client.post(url, {"confirm": "erase"}).status_code == 405
    page = coordinator_client.get(url)
    assert reverse("workspace:person_erase", kwargs={"pk": former.pk}) in page.text
    assert reverse("workspace:person_export_page", kwargs={"pk": former.pk}) in page.text
    assert Person.objects.get(pk=former.pk).first_name == "Maija"


def test_the_confirmation_page_says_what_goes_and_what_stays_before_anything_is_erased(coordinator_client, former):
    page = coordinator_client.get(reverse("workspace:person_erase", kwargs={"pk": former.pk}))
    assert page.status_code == 200
    plan = page.context["plan"]
    assert plan.blockers == []
    counts = {(o.kind, o.count) for o in plan.outcomes}
    assert {
        ("members.person", 1),
        ("members.appointment", 1),
        ("members.delivery", 1),
        ("meetings.registration", 1),
        ("applications.application", 1),
    } <= counts
    for outcome in plan.outcomes:
        assert escape(outcome.text) in page.text
    assert "1 ilmoittautuminen tapahtumaan" in page.text
    assert Person.objects.get(pk=former.pk).first_name == "Maija"
    assert not ErasureRecord.objects.exists()


def test_person_search(coordinator_client, former):
    response = coordinator_client.get(reverse("workspace:person_list"), {"q": "mäkinen"})
    assert list(response.context["people"]) == [former]
    assert coordinator_client.get(reverse("workspace:person_data", kwargs={"pk": former.pk})).status_code == 200


def _as_people_read_it(value, kind: str) -> str:
    """How the printable page must show a JSON value: worked out here independently of the view."""
    if value is None or value == "":
        return "\u2013"  # an en dash
    if kind == "boolean":
        return "kyllä" if value else "ei"
    if kind == "date":
        day = datetime.date.fromisoformat(value)
        return f"{day.day}.{day.month}.{day.year}"
    if kind == "datetime":
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return f"{moment.day}.{moment.month}.{moment.year} {moment.hour}.{moment.minute:02d}"
    return str(value)


def test_the_printable_export_shows_every_section_and_value_of_the_json(coordinator_client, former):
    data = json.loads(coordinator_client.get(reverse("workspace:person_export", kwargs={"pk": former.pk})).content)
    page = coordinator_client.get(reverse("workspace:person_export_page", kwargs={"pk": former.pk}))
    assert page.status_code == 200
    html = page.text
    assert html.count('class="table table-sm export-record"') == sum(len(s["records"]) for s in data.values())
    assert data["appointments"]["types"]["end_date"] == "date"
    assert "31.12.2025" in html and "2025-12-31" not in html
    for section in data.values():
        assert escape(section["title"]) in html
        for record in section["records"]:
            for name, value in record.items():
                assert escape(capfirst(section["labels"][name])) in html, name
                assert escape(_as_people_read_it(value, section["types"][name])) in html, (name, value)
    assert "Yhteyshenkilö" in html  # a choice by its label


def test_the_printable_export_is_in_the_coordinators_language(coordinator_client, former):
    with translation.override("sv"):
        url = reverse("workspace:person_export_page", kwargs={"pk": former.pk})
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert 'lang="sv"' in page.text
    assert "Kontaktperson" in page.text
    assert "31.12.2025" in page.text


def test_the_confirmation_and_export_pages_keep_to_a_query_budget(
    coordinator_client, former, django_assert_max_num_queries
):
    # A second registration and application add rows, not queries per row beyond their own history.
    RegistrationFactory(email="maija@virrat.example", name="Maija Mäkinen")
    ApplicationFactory(status=ApplicationStatus.WITHDRAWN, applicant_email="maija@virrat.example")
    with django_assert_max_num_queries(28):
        assert coordinator_client.get(reverse("workspace:person_erase", kwargs={"pk": former.pk})).status_code == 200
    with django_assert_max_num_queries(18):
        assert (
            coordinator_client.get(reverse("workspace:person_export_page", kwargs={"pk": former.pk})).status_code == 200
        )
