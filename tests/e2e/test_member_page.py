"""The coordinator's page of one member, opened from the overview, in a real browser."""

from __future__ import annotations

import datetime
import re

import pytest

from members.choices import Role, StartPrecision
from tests.db import coordinator_group
from tests.e2e.conftest import PHONE
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, live_server, django_user_model) -> None:
    user = django_user_model.objects.create_user(username="koordinaattori", password="demo-pass-123", is_staff=True)
    user.groups.add(coordinator_group())
    page.goto(f"{live_server.url}/admin/login/?next=/fi/coordinator/")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("demo-pass-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("heading", name="Koordinaattorin yleisnäkymä").wait_for()


def test_member_page_and_its_print_view_from_the_overview(live_server, page, axe_check, django_user_model):
    tuusula = OrganisationFactory(name_fi="Tuusula", slug="tuusula")
    MembershipFactory(
        organisation=tuusula,
        start_date=datetime.date(2021, 4, 27),
        start_precision=StartPrecision.BY,
        source="Hyväksyminen tiedotettu kunnanhallitukselle 27.4.2021.",
    )
    AppointmentFactory(organisation=tuusula, role=Role.CONTACT_PERSON)
    _log_in(page, live_server, django_user_model)
    missing = page.get_by_role("table", name=re.compile("Jäsenet, joilta puuttuu"))
    missing.get_by_role("link", name="Tuusula").click()
    page.get_by_role("heading", name="Tuusula", level=1).wait_for()
    assert page.get_by_text("Hyväksyminen tiedotettu kunnanhallitukselle 27.4.2021.").is_visible()
    assert page.get_by_role("img", name="Osallistuminen verkostokokouksiin vuosittain").is_visible()
    axe_check(page, "member page")
    page.set_viewport_size(PHONE)
    axe_check(page, "member page on a phone")
    page.get_by_role("link", name="Tulostettava versio").click()
    page.get_by_role("heading", name="Tuusula", level=1).wait_for()
    assert page.get_by_role("navigation", name="Koordinaattorin sivut").count() == 0
    axe_check(page, "member print view")
