"""The admin pages coordinators use pass axe in a real browser, in Finnish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.db import coordinator_group
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import HostingFactory, RegistrationDayFactory, network_days
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.twofactor import authenticator_for, enter_code_in_browser

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinators_admin_pages_are_accessible(live_server, page, axe_check, django_user_model):
    virrat = OrganisationFactory(name_fi="Virrat", slug="virrat")
    membership = MembershipFactory(organisation=virrat)
    appointment = AppointmentFactory(organisation=virrat)
    event, open_day, _members_day = network_days()
    RegistrationDayFactory(registration__event=event, registration__organisation=virrat, day=open_day)
    hosting = HostingFactory(organisation=virrat, year=2024, held=True)
    application = ApplicationFactory(submitted=True)
    user = django_user_model.objects.create_user(username="koordinaattori", password="demo-pass-123", is_staff=True)
    user.groups.add(coordinator_group())
    authenticator = authenticator_for(user)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("demo-pass-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    enter_code_in_browser(page, authenticator)
    page.get_by_role("heading", name="Jäsenhallinta").first.wait_for()
    paths = [
        reverse("admin:index"),
        reverse("admin:members_organisation_changelist"),
        reverse("admin:members_organisation_change", args=[virrat.pk]),
        reverse("admin:members_organisation_history", args=[virrat.pk]),
        reverse("admin:members_membership_change", args=[membership.pk]),
        reverse("admin:members_appointment_changelist"),
        reverse("admin:members_appointment_history", args=[appointment.pk]),
        reverse("admin:members_person_change", args=[appointment.person_id]),
        reverse("admin:meetings_event_change", args=[event.pk]),
        reverse("admin:meetings_registration_changelist"),
        reverse("admin:meetings_hosting_change", args=[hosting.pk]),
        reverse("admin:applications_application_change", args=[application.pk]),
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        # The autocomplete widgets are named by a script once the admin has drawn them.
        page.wait_for_function(
            "() => [...document.querySelectorAll('select.select2-hidden-accessible')].every(s => s.dataset.a11yNamed)"
        )
        assert page.locator("html").get_attribute("lang") == "fi"
        axe_check(page, path)
