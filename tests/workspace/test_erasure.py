"""Erasing a person through the coordinator's pages leaves nothing of them anywhere in the database."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import escape
from post_office.models import STATUS, Email

from applications import services as application_services
from applications.choices import ApplicationStatus
from applications.models import Application
from meetings import services as meeting_services
from meetings.choices import AttendanceMode
from meetings.tasks import send_registration_links
from members.choices import Role
from members.services import appointment_end
from tervekunta.models import ErasureRecord
from tervekunta.personal_data import ERASED_NAME
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import network_days
from tests.factories.members import AppointmentFactory, OrganisationFactory, PersonFactory
from tests.factories.workspace import DeliveryFactory
from tests.personal_data_scan import rows_holding
from tests.twofactor import sign_in

pytestmark = pytest.mark.django_db

EMAIL = "ilmatar.vainola@kuopio.example"
FIRST, LAST = "Ilmatar", "Väinölä"
FULL = f"{FIRST} {LAST}"
PHONE = "044 765 4321"
IDENTIFIERS = (EMAIL, FULL, FIRST, LAST, PHONE)


@pytest.fixture
def ilmatar(coordinator):
    """A former contact person who registered for network days with dietary and accessibility
    needs, applied for her municipality (approved after a question and her answer) and was named
    contact person in another application (rejected); with what the service keeps around that:
    messages, a task, a login attempt, the admin's log."""
    person = PersonFactory(first_name=FIRST, last_name=LAST, email=EMAIL, phone=PHONE)
    appointment = AppointmentFactory(person=person, role=Role.CONTACT_PERSON)
    appointment_end(appointment=appointment, end_date=datetime.date(2025, 12, 31))
    DeliveryFactory(person=person, sent=True)

    event, open_day, _members_day = network_days()
    meeting_services.registration_create(
        event=event,
        name=FULL,
        email=EMAIL,
        days=[open_day],
        mode=AttendanceMode.IN_PERSON,
        organisation_other="Kuopion kaupunki",
        diet="laktoositon",
        accessibility_needs="induktiosilmukka",
    )

    applied = ApplicationFactory(
        submitted=True, applicant_name=FULL, applicant_email=EMAIL, applicant_phone=PHONE, free_text=f"Terveisin {FULL}"
    )
    applied = application_services.application_request_info(
        application=applied, question="Onko päätös tehty?", actor=coordinator
    )
    applied = application_services.application_answer(application=applied, answer=f"On tehty. {FIRST}")
    applied = application_services.application_forward(application=applied, actor=coordinator)
    applied = application_services.application_approve(
        application=applied, decision_date=datetime.date(2026, 3, 2), feedback="Tervetuloa.", actor=coordinator
    )

    named = ApplicationFactory(
        in_review=True,
        contact_first_name=FIRST,
        contact_last_name=LAST,
        contact_email=EMAIL,
        contact_phone=PHONE,
    )
    application_services.application_reject(
        application=named,
        decision_date=datetime.date(2026, 3, 2),
        feedback=f"Yhteyshenkilö {FULL} ei vastannut.",
        actor=coordinator,
    )

    Email.objects.create(
        to=[EMAIL, "outi@kuopio.example"],
        from_email="tervekunta@example.org",
        subject="Tapaaminen",
        message=f"Hei {FIRST} ja Outi!",
        status=STATUS.sent,
    )
    send_registration_links.enqueue(EMAIL)
    AccessAttempt.objects.create(
        username=EMAIL,
        ip_address="192.0.2.1",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/fi/tili/kirjaudu/",
        get_data="",
        post_data=f"username={EMAIL}",
        failures_since_start=1,
    )
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="[]",
    )
    OrganisationFactory(name_fi="Outin kunta")  # someone else's data stays
    return {"person": person, "approved": applied, "rejected": named}


def test_erasing_through_the_confirmation_page_leaves_nothing_of_the_person(client, coordinator, ilmatar):
    for value in IDENTIFIERS:
        assert rows_holding(value), f"the test data holds {value}"
    approved = ilmatar["approved"]
    organisation = approved.organisation
    assert organisation is not None

    sign_in(client, coordinator)
    url = reverse("workspace:person_erase", kwargs={"pk": ilmatar["person"].pk})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["plan"].blockers == []
    assert all(escape(o.text) in page.text for o in page.context["plan"].outcomes)
    assert "ruokavalio ja saavutettavuustarpeet poistetaan" in page.text
    response = client.post(url, {"confirm": "erase"})
    assert response.status_code == 302

    for value in IDENTIFIERS:
        assert rows_holding(value) == [], value
    assert rows_holding("laktoositon") == []
    assert rows_holding("induktiosilmukka") == []

    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.APPROVED
    assert approved.organisation == organisation
    assert approved.leadership_decision_date == datetime.date(2026, 3, 2)
    assert (approved.applicant_name, approved.applicant_email, approved.applicant_phone) == (ERASED_NAME, "", "")
    assert Application.objects.get(pk=ilmatar["rejected"].pk).status == ApplicationStatus.REJECTED
    assert organisation.memberships.exists()
    # Someone else's address stays on the message they were sent with the person.
    assert Email.objects.filter(to__icontains="outi@kuopio.example").exists()

    records = ErasureRecord.objects.all()
    assert records
    assert {(r.reason, r.actor, r.actor_name) for r in records} == {("erased", coordinator, "coordinator")}
    kinds = {r.kind for r in records}
    assert {
        "members.person",
        "meetings.registration",
        "applications.application",
        "post_office.email",
        "axes.accessattempt",
        "admin.logentry",
    } <= kinds
