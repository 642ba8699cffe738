"""A coordinator ends a membership in the admin: the organisation page shows memberships and
appointments read-only, the end goes through the shared confirmation page and the service,
and both pages pass axe on a desktop and a phone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from members.choices import EndReason, Role
from tests.db import coordinator_group, restore_coordinator_group
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.twofactor import authenticator_for, enter_code_in_browser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def _coordinators_group_survives(django_db_blocker):
    # A live-server test ends by flushing the database, Coordinators group included.
    yield
    with django_db_blocker.unblock():
        restore_coordinator_group()


def _scan_at_both_widths(page, axe_check, label: str) -> None:
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe_check(page, f"{label} at {viewport['width']} px")
    page.set_viewport_size(DESKTOP)


def test_coordinator_ends_a_membership_through_the_confirmation_page(live_server, page, axe_check, django_user_model):
    virrat = OrganisationFactory(name_fi="Virrat", name_sv="Virdois", slug="virrat")
    membership = MembershipFactory(organisation=virrat, start_date=datetime.date(2019, 6, 17))
    AppointmentFactory(organisation=virrat, role=Role.CONTACT_PERSON)
    AppointmentFactory(organisation=virrat, role=Role.ELECTED_OFFICIAL, ended=True)
    user = django_user_model.objects.create_user(username="koordinaattori", password="demo-pass-123", is_staff=True)
    user.groups.add(coordinator_group())
    authenticator = authenticator_for(user)

    change = reverse("admin:members_organisation_change", args=[virrat.pk])
    page.goto(f"{live_server.url}/admin/login/?next={change}")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("demo-pass-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    enter_code_in_browser(page, authenticator)
    page.get_by_role("heading", name="Jäsenyyskaudet").wait_for()
    assert page.locator('input[name^="memberships-0-"]:not([type="hidden"])').count() == 0
    assert page.locator('input[name^="appointments-0-"]:not([type="hidden"])').count() == 0
    _scan_at_both_widths(page, axe_check, "organisation change page")

    # Appointing has a person search field; it is labelled like every other field.
    page.get_by_role("link", name="Nimeä henkilö").click()
    page.get_by_role("heading", name="Nimeä henkilö").wait_for()
    _scan_at_both_widths(page, axe_check, "appointment confirmation page")
    page.get_by_role("link", name="Peruuta").click()

    page.get_by_role("link", name="Päätä jäsenyys").click()
    page.get_by_role("heading", name="Jäsenyyden päättäminen").wait_for()
    _scan_at_both_widths(page, axe_check, "confirmation page")

    # An end before the start is refused on the form, and nothing changes.
    page.get_by_label("Loppu").fill("1.1.2019")
    page.get_by_label("Päättymisen syy").select_option(EndReason.RESIGNED)
    page.get_by_role("button", name="Päätä jäsenyys").click()
    page.get_by_text("Jäsenyys ei voi päättyä ennen kuin se alkaa.").wait_for()
    _scan_at_both_widths(page, axe_check, "confirmation page with an error")
    membership.refresh_from_db()
    assert membership.end_date is None

    page.get_by_label("Loppu").fill("31.12.2025")
    page.get_by_role("button", name="Päätä jäsenyys").click()
    page.get_by_text("Virrat: jäsenyys on päättynyt.").wait_for()
    membership.refresh_from_db()
    assert (membership.end_date, membership.end_reason) == (datetime.date(2025, 12, 31), EndReason.RESIGNED)
    assert membership.history.first().history_user == user
