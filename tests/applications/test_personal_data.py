from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import personal_data
from applications.choices import ApplicationStatus
from applications.models import Application
from tests.factories.applications import ApplicationFactory

pytestmark = pytest.mark.django_db

ADDRESS = "maija@virrat.example"


def _decided(**kwargs) -> Application:
    return ApplicationFactory(
        status=ApplicationStatus.APPROVED,
        submitted_at=timezone.now(),
        leadership_decision_date="2026-03-01",
        feedback="Tervetuloa verkostoon.",
        **kwargs,
    )


@pytest.fixture
def named():
    """The address as the applicant of one application, the contact person of another and the
    official of a draft; and an application that does not name it."""
    return {
        "applicant": _decided(applicant_name="Maija Mäkinen", applicant_email=ADDRESS),
        "contact": _decided(contact_first_name="Maija", contact_email="Maija@Virrat.example"),
        "official": ApplicationFactory(official_first_name="Maija", official_email=ADDRESS),
        "other": _decided(),
    }


def test_held_about_finds_every_application_naming_the_address(named):
    held = personal_data.held_about(ADDRESS.upper())
    json.dumps(held)
    records = held["applications"]["records"]
    assert [r["id"] for r in records] == [named[k].pk for k in ("applicant", "contact", "official")]
    assert records[0]["status"] == "Hyväksytty"
    assert held["applications"]["labels"]["contact_email"] == "yhteyshenkilön sähköposti"
    assert personal_data.held_about("")["applications"]["records"] == []


def test_erase_clears_only_the_person_and_keeps_the_decision(named, coordinator):
    counts = personal_data.erase(ADDRESS, actor=coordinator)
    assert counts == {
        "applications.application": 3,
        "applications.historicalapplication": 3,
        "tervekunta.statuschange": 0,
    }
    applicant = Application.objects.get(pk=named["applicant"].pk)
    assert (applicant.applicant_name, applicant.applicant_email, applicant.applicant_phone) == (
        "Poistettu henkilö",
        "",
        "",
    )
    assert applicant.contact_email != ""  # someone else's
    assert (applicant.status, str(applicant.leadership_decision_date)) == (ApplicationStatus.APPROVED, "2026-03-01")
    assert applicant.organisation_name == named["applicant"].organisation_name
    contact = Application.objects.get(pk=named["contact"].pk)
    assert (contact.contact_first_name, contact.contact_email) == ("", "")
    assert contact.applicant_email == named["contact"].applicant_email
    official = Application.objects.get(pk=named["official"].pk)
    assert (official.official_first_name, official.official_email, official.status) == ("", "", ApplicationStatus.DRAFT)
    assert applicant.history.first().history_user == coordinator
    assert personal_data.held_about(ADDRESS)["applications"]["records"] == []
    history = Application.history.filter(id__in=[a.pk for a in named.values()])
    assert "maija" not in json.dumps(list(history.values()), default=str).lower()
    assert Application.objects.get(pk=named["other"].pk).applicant_name == named["other"].applicant_name


@pytest.mark.parametrize("trait", ["submitted", "info_requested", "in_review"])
def test_erase_is_refused_while_an_application_is_processed(named, coordinator, trait):
    ApplicationFactory(**{trait: True}, contact_email=ADDRESS)
    with pytest.raises(ValidationError) as error:
        personal_data.erase(ADDRESS, actor=coordinator)
    assert error.value.code == "application_being_processed"
    assert Application.objects.get(pk=named["applicant"].pk).applicant_email == ADDRESS


@pytest.mark.parametrize("status", [ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN])
def test_closed_applications_are_cleared(coordinator, status):
    application = ApplicationFactory(status=status, applicant_email=ADDRESS)
    personal_data.erase(ADDRESS, actor=coordinator)
    application.refresh_from_db()
    assert (application.applicant_email, application.status) == ("", status)
