"""Acceptance journey of the network days: members-only refusal, waitlist, cancel by e-mailed link."""

from __future__ import annotations

import re

import pytest

from meetings.choices import PlaceStatus
from meetings.models import Registration
from tests.factories.meetings import network_days
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.outbox import worker_mail
from tests.twofactor import authenticator_for, enter_code_in_browser

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/events/registration/\S+/")


@pytest.fixture
def settings_for_live(settings, live_server):
    settings.SITE_URL = live_server.url
    return settings


def _link_in_mail_to(address: str) -> str:
    message = next(m for m in reversed(worker_mail()) if m.to == [address])
    return LINK.search(message.body).group(0)


def _fill(page, *, name, email, other="", organisation=None):
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    if organisation:
        page.locator("#id_organisation").select_option(label=organisation)
    if other:
        page.locator("#id_organisation_other").fill(other)


def test_network_days_registration_journey(live_server, settings_for_live, page, axe_check):
    pori = OrganisationFactory(name_fi="Pori", slug="pori")
    MembershipFactory(organisation=pori)
    contact = AppointmentFactory(organisation=pori).person
    event, _open_day, members_day = network_days(capacity=2)
    register_url = f"{live_server.url}/fi/events/{event.pk}/register/"

    # A non-member asks for both days: the members' day is refused next to the days.
    page.goto(register_url)
    _fill(page, name="Outi Ulkopuolinen", email="outi@yhdistys.example", other="Hyvinvointiyhdistys ry")
    page.get_by_label("avoin kaikille").check()
    page.get_by_label("vain jäsenille").check()
    page.get_by_role("button", name="Ilmoittaudu").click()
    error = page.locator("#id_days_error")
    assert "Jäsenpäivä on vain verkoston jäsenorganisaatioiden edustajille" in error.inner_text()
    assert page.locator("fieldset[aria-describedby='id_days_error']").count() == 1
    assert page.locator("#id_name").input_value() == "Outi Ulkopuolinen"
    axe_check(page, "registration form with an error")
    assert not Registration.objects.exists()

    # She takes the open day only.
    page.get_by_label("vain jäsenille").uncheck()
    page.get_by_role("button", name="Ilmoittaudu").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "Paikka vahvistettu" in page.locator("main").inner_text()

    # The member's contact person registers for both days.
    page.goto(register_url)
    _fill(page, name=contact.full_name, email=contact.email, organisation="Pori")
    page.get_by_label("avoin kaikille").check()
    page.get_by_label("vain jäsenille").check()
    page.get_by_role("button", name="Ilmoittaudu").click()
    page.get_by_role("heading", level=1).wait_for()
    assert page.locator("main").inner_text().count("Paikka vahvistettu") == 2
    assert event.remote_url in page.locator("main").inner_text()

    # The open day's seats are now taken: the next registrant is told and waitlisted.
    page.goto(register_url)
    assert "täynnä: sinut lisätään jonotuslistalle" in page.get_by_label("avoin kaikille").evaluate(
        "e => e.labels[0].innerText"
    )
    _fill(page, name="Ville Jonottaja", email="ville@kunta.example", other="Kylätoimikunta")
    page.get_by_label("avoin kaikille").check()
    page.get_by_role("button", name="Ilmoittaudu").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "Jonotuslistalla" in page.locator("main").inner_text()
    assert event.remote_url not in page.content()

    # The non-member cancels through the link in her e-mail; Ville moves up and is told.
    page.goto(_link_in_mail_to("outi@yhdistys.example"))
    page.get_by_role("link", name="Peru ilmoittautumiseni").click()
    page.get_by_role("button", name="Kyllä, peru valitut päivät").click()
    page.get_by_text("Ilmoittautumisesi on peruttu.").wait_for()
    ville = Registration.objects.get(email="ville@kunta.example")
    assert ville.places.get().status == PlaceStatus.CONFIRMED
    promoted = next(m for m in worker_mail() if m.to == ["ville@kunta.example"] and "vapautui" in m.subject)
    page.goto(LINK.search(promoted.body).group(0))
    assert "Paikka vahvistettu" in page.locator("main").inner_text()
    assert members_day.places.filter(status=PlaceStatus.CONFIRMED).count() == 1


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_event_pages_are_accessible(live_server, page, axe_check, language):
    event, _open_day, _members_day = network_days(capacity=1)
    for path in ("events/", f"events/{event.pk}/", f"events/{event.pk}/register/"):
        page.goto(f"{live_server.url}/{language}/{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        axe_check(page, f"{language}/{path}")
    page.get_by_role("button").last.click()  # submit the empty form: errors must stay accessible
    page.locator(".invalid-feedback").first.wait_for()
    axe_check(page, f"{language} registration errors")


def test_coordinator_marks_attendance_and_reads_the_reports(live_server, page, axe_check, django_user_model):
    from django.contrib.auth.models import Group

    from tervekunta.permissions import COORDINATOR_GROUP
    from tests.factories.meetings import RegistrationDayFactory

    pori = OrganisationFactory(name_fi="Pori", slug="pori")
    MembershipFactory(organisation=pori)
    # Attendance is recorded for days that have begun: last year's network days, the page
    # opening at the latest day.
    event, _open_day, members_day = network_days(year=2025)
    place = RegistrationDayFactory(registration__event=event, registration__organisation=pori, day=members_day)
    awaiting = RegistrationDayFactory(
        registration__event=event, registration__organisation=pori, day=members_day, status=PlaceStatus.AWAITING
    )
    user = django_user_model.objects.create_user(username="koordinaattori", password="demo-pass-123", is_staff=True)
    # Transactional tests flush the data migrations' rows; the pages only need the group name.
    user.groups.add(Group.objects.get_or_create(name=COORDINATOR_GROUP)[0])
    authenticator = authenticator_for(user)

    page.goto(f"{live_server.url}/fi/coordinator/events/")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("demo-pass-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("heading", name="Kirjautumiskoodi").wait_for()
    axe_check(page, "sign-in code")
    enter_code_in_browser(page, authenticator)
    page.get_by_role("heading", name="Tapahtumat ja osallistuminen").wait_for()
    axe_check(page, "coordinator events")
    # The members-only place that waits for a coordinator is confirmed on the event's page.
    page.get_by_role("link", name=re.compile("1 vahvistettavana")).click()
    axe_check(page, "membership confirmations")
    page.get_by_role("button", name=re.compile("^Vahvista")).click()
    page.get_by_text("Ei paikkoja odottamassa vahvistusta.").wait_for()
    awaiting.refresh_from_db()
    assert awaiting.status == PlaceStatus.CONFIRMED
    page.goto(f"{live_server.url}/fi/coordinator/events/")
    page.get_by_role("link", name="Merkitse osallistuminen").click()
    axe_check(page, "attendance")
    page.get_by_role("group", name="Pori").locator(f"#attended-{place.pk}").check()
    page.get_by_role("button", name="Tallenna osallistuminen").click()
    page.get_by_text("Osallistuminen tallennettu: 1 osallistui, 1 ei.").wait_for()
    place.refresh_from_db()
    assert place.attended

    for path in ("coordinator/participation/", "coordinator/hosting-plan/"):
        page.goto(f"{live_server.url}/fi/{path}")
        assert page.locator("h1").count() == 1
        axe_check(page, path)
