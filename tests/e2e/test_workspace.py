"""Acceptance journey of the coordinator workspace: a missing elected official found on the
dashboard is named by the member's contact person through the upkeep round's e-mailed link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from members.choices import Role
from members.models import Announcement, Appointment
from tests.db import coordinator_group
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import RegistrationDayFactory, RegistrationFactory, network_days
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.outbox import worker_mail
from tests.twofactor import authenticator_for, enter_code_in_browser

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/fi/contacts/\S+/")


@pytest.fixture
def settings_for_live(settings, live_server):
    settings.SITE_URL = live_server.url
    return settings


def _log_in(page, live_server, django_user_model):
    user = django_user_model.objects.create_user(username="koordinaattori", password="demo-pass-123", is_staff=True)
    user.groups.add(coordinator_group())
    authenticator = authenticator_for(user)
    page.goto(f"{live_server.url}/admin/login/?next=/fi/coordinator/")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("demo-pass-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    enter_code_in_browser(page, authenticator)
    page.get_by_role("heading", name="Koordinaattorin yleisnäkymä").wait_for()


def test_upkeep_round_names_a_missing_elected_official(
    live_server, settings_for_live, browser, page, axe_check, django_user_model
):
    virrat = OrganisationFactory(name_fi="Virrat", name_sv="Virdois", slug="virrat")
    MembershipFactory(organisation=virrat)
    contact = AppointmentFactory(organisation=virrat, role=Role.CONTACT_PERSON, person__email="yhteys@virrat.example")
    AppointmentFactory(organisation=virrat, role=Role.WELFARE_COORDINATOR)

    _log_in(page, live_server, django_user_model)
    missing = page.get_by_role("table", name=re.compile("Jäsenet, joilta puuttuu"))
    row = missing.get_by_role("row", name=re.compile("Virrat"))
    assert "Vastuullinen luottamushenkilö" in row.inner_text()
    assert page.locator("h1").count() == 1
    axe_check(page, "dashboard")

    page.get_by_role("link", name="Yhteystietojen päivitys").click()
    axe_check(page, "upkeep, no round")
    page.get_by_label("Vastattava viimeistään").fill("31.12.2099")
    page.get_by_role("button", name="Aloita kierros ja lähetä sähköpostit").click()
    page.get_by_text("Yhteystietokierros on aloitettu").wait_for()
    axe_check(page, "upkeep progress")

    message = next(m for m in worker_mail() if m.to == [contact.person.email])
    link = LINK.search(message.body).group(0)

    # The contact person, in a browser of their own: no coordinator session.
    contact_context = browser.new_context(bypass_csp=True, locale="fi-FI")
    answer = contact_context.new_page()
    answer.goto(link)
    answer.get_by_role("heading", name="Virrat \u2013 yhteystiedot").wait_for()
    axe_check(answer, "upkeep answer form")
    # Nothing is chosen in advance: the people who are right are confirmed one by one.
    for role in ("Yhteyshenkilö", "Hyvinvointikoordinaattori"):
        answer.get_by_role("group", name=role, exact=True).get_by_label("Kyllä, tämä on oikein").check()
    official = answer.get_by_role("group", name="Vastuullinen luottamushenkilö")
    official.get_by_label("Nimeä henkilö").check()
    official.get_by_label("Etunimi").fill("Ville")
    official.get_by_label("Sukunimi").fill("Valtuutettu")
    official.get_by_label("Sähköposti").fill("ville@virrat.example")
    official.get_by_label("Alkaen").fill("1.6.2025")
    official.get_by_label("Päätös").fill("KV 10.6.2025 § 40")
    answer.get_by_role("button", name="Lähetä vastaus").click()
    answer.get_by_text("Kiitos. Vastauksenne on tallennettu.").wait_for()
    axe_check(answer, "upkeep answer saved")

    # The register changes when the coordinator accepts the answer.
    assert not Appointment.objects.filter(organisation=virrat, role=Role.ELECTED_OFFICIAL).exists()
    page.goto(f"{live_server.url}/fi/coordinator/upkeep/")
    page.get_by_role("link", name="1 ehdotettu muutos odottaa tarkistusta").click()
    axe_check(page, "upkeep review")
    page.get_by_role("row", name=re.compile("Virrat")).get_by_role("button", name=re.compile("Hyväksy")).click()
    page.get_by_text("Virrat: muutos on kirjattu rekisteriin.").wait_for()

    named = Appointment.objects.current().get(organisation=virrat, role=Role.ELECTED_OFFICIAL)
    assert named.person.full_name == "Ville Valtuutettu"
    assert named.history.first().history_type == "+"

    # The coordinator's dashboard no longer lists Virrat, and its history shows the new official.
    contact_context.close()
    page.goto(f"{live_server.url}/fi/coordinator/")
    missing = page.get_by_role("table", name=re.compile("Jäsenet, joilta puuttuu"))
    assert missing.get_by_role("row", name=re.compile("Virrat")).count() == 0
    page.goto(f"{live_server.url}/fi/coordinator/upkeep/")
    assert "Muutettu" in page.get_by_role("row", name=re.compile("Virrat")).inner_text()
    page.goto(f"{live_server.url}/admin/members/organisation/{virrat.pk}/change/")
    assert "Ville Valtuutettu" in page.locator("body").inner_text()


def test_workspace_pages_are_accessible(live_server, settings, page, axe_check, django_user_model):
    # No worker runs here: the deliveries wait in the outbox and the page shows progress.
    member = OrganisationFactory(name_fi="Pori", slug="pori")
    MembershipFactory(organisation=member)
    AppointmentFactory(organisation=member, role=Role.CONTACT_PERSON)
    _log_in(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/fi/coordinator/announcements/")
    axe_check(page, "announcement form")
    page.get_by_label("Aihe").fill("Verkostotapaaminen")
    page.get_by_label("Viesti").fill("Tervetuloa tapaamiseen.")
    page.get_by_role("button", name="Laske vastaanottajat").click()
    page.get_by_text("1 vastaanottaja.").wait_for()
    axe_check(page, "announcement preview")
    page.get_by_role("button", name="Lähetä tiedote").click()
    page.get_by_role("heading", name="Tiedote: Verkostotapaaminen").wait_for()
    axe_check(page, "announcement progress")
    for path in (
        "coordinator/",
        "coordinator/members/",
        "coordinator/members/?region=x&kind=y",
        "coordinator/upkeep/",
        "coordinator/announcements/",
        "coordinator/people/?q=a",
        f"coordinator/people/{member.appointments.get().person_id}/",
    ):
        page.goto(f"{live_server.url}/fi/{path}")
        assert page.locator("h1").count() == 1, path
        axe_check(page, path)
    for language in ("sv", "en"):
        page.goto(f"{live_server.url}/{language}/coordinator/")
        axe_check(page, f"{language} dashboard")


def test_every_coordinator_page_has_the_navigation_and_is_accessible_on_desktop_and_phone(
    live_server, settings, page, axe_check, django_user_model
):
    member = OrganisationFactory(name_fi="Pori", slug="pori")
    MembershipFactory(organisation=member)
    person = AppointmentFactory(organisation=member, role=Role.CONTACT_PERSON).person
    event, open_day, members_day = network_days()
    RegistrationDayFactory(registration=RegistrationFactory(event=event, organisation=member), day=open_day)
    # A place on the members' day for an address the register does not know awaits confirmation.
    RegistrationDayFactory(
        registration=RegistrationFactory(event=event, organisation=member), day=members_day, awaiting=True
    )
    application = ApplicationFactory(submitted=True)
    _log_in(page, live_server, django_user_model)
    announcement = Announcement.objects.create(
        subject="Verkostotapaaminen", body="Tervetuloa.", created_by=django_user_model.objects.get()
    )
    pages = {
        "overview": [reverse("workspace:dashboard")],
        "applications": [
            reverse("applications:coordinator_list"),
            reverse("applications:coordinator_review", kwargs={"pk": application.pk}),
            reverse("applications:coordinator_action", kwargs={"pk": application.pk, "action": "request_info"}),
        ],
        "events": [
            reverse("meetings:coordinator_events"),
            reverse("meetings:attendance", kwargs={"pk": event.pk}),
            reverse("meetings:membership_confirmations", kwargs={"pk": event.pk}),
        ],
        "participation": [reverse("meetings:participation")],
        "hosting_plan": [reverse("meetings:hosting_plan")],
        "members": [
            reverse("workspace:member_list"),
            reverse("workspace:member_detail", kwargs={"pk": member.pk}),
        ],
        "upkeep": [reverse("workspace:upkeep"), reverse("workspace:upkeep_review")],
        "announcements": [
            reverse("workspace:announcements"),
            reverse("workspace:announcement_detail", kwargs={"pk": announcement.pk}),
        ],
        "people": [
            reverse("workspace:person_list"),
            reverse("workspace:person_data", kwargs={"pk": person.pk}),
            reverse("workspace:person_erase", kwargs={"pk": person.pk}),
            reverse("workspace:retention"),
        ],
    }
    too_wide = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for section, paths in pages.items():
            current_href = paths[0]
            for path in paths:
                page.goto(f"{live_server.url}{path}")
                nav = page.get_by_role("navigation", name="Koordinaattorin sivut")
                current = nav.locator("[aria-current]")
                assert current.count() == 1, path
                assert current.get_attribute("aria-current") == "page", path
                assert current.get_attribute("href") == current_href, f"{path}: {section}"
                assert page.locator("h1").count() == 1, path
                axe_check(page, f"{path} at {viewport['width']} px")
                # A wide table scrolls inside its own box; the page itself never scrolls sideways.
                if (width := page.evaluate("document.documentElement.scrollWidth")) > viewport["width"]:
                    too_wide.append(f"{path}: {width} px at {viewport['width']} px")
    assert too_wide == [], "\n".join(too_wide)


def test_a_persons_export_and_erasure_pages_are_accessible_and_fit_a_phone(
    live_server, settings, page, axe_check, django_user_model
):
    member = OrganisationFactory(name_fi="Pori", slug="pori")
    MembershipFactory(organisation=member)
    former = AppointmentFactory(organisation=member, role=Role.CONTACT_PERSON, ended=True).person
    current = AppointmentFactory(organisation=member, role=Role.ELECTED_OFFICIAL).person
    event, open_day, _members_day = network_days()
    registration = RegistrationFactory(
        event=event, organisation=member, email=former.email, diet="gluteeniton", accessibility_needs="pyörätuoli"
    )
    RegistrationDayFactory(registration=registration, day=open_day)
    _log_in(page, live_server, django_user_model)
    paths = [
        reverse("workspace:person_data", kwargs={"pk": former.pk}),
        reverse("workspace:person_export_page", kwargs={"pk": former.pk}),
        reverse("workspace:person_erase", kwargs={"pk": former.pk}),
        reverse("workspace:person_erase", kwargs={"pk": current.pk}),
    ]
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert page.locator("h1").count() == 1, path
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
            axe_check(page, f"{path} at {viewport['width']} px")
    page.goto(f"{live_server.url}{paths[1]}")
    assert "gluteeniton" in page.locator("main").inner_text()
    page.emulate_media(media="print")
    assert page.locator(".no-print").first.is_hidden()
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}{paths[2]}")
    page.get_by_role("button", name="Poista henkilötiedot").click()
    assert page.get_by_text("Vahvista poistaminen").count() >= 1
    page.get_by_label("Vahvistan, että tämän henkilön henkilötiedot poistetaan.").check()
    page.get_by_role("button", name="Poista henkilötiedot").click()
    page.get_by_role("heading", name="Henkilötiedot: Poistettu henkilö").wait_for()
    axe_check(page, "the person's page after the erasure")
