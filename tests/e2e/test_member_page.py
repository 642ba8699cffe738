"""The coordinator's page of one member, opened from the overview, in a real browser."""

from __future__ import annotations

import datetime
import re

import pytest

from members.choices import Role, StartPrecision
from tests.db import coordinator_group
from tests.e2e.conftest import PHONE
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.twofactor import authenticator_for, enter_code_in_browser

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, live_server, django_user_model) -> None:
    user = django_user_model.objects.create_user(username="koordinaattori", password="demo-pass-123", is_staff=True)
    user.groups.add(coordinator_group())
    authenticator = authenticator_for(user)
    page.goto(f"{live_server.url}/admin/login/?next=/fi/coordinator/")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("demo-pass-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    enter_code_in_browser(page, authenticator)
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


def test_acceptance_member_page_and_attendance_of_a_past_meeting(
    live_server, page, axe_check, django_user_model, tmp_path
):
    """The coordinator opens a member's page from the overview, reads its periods, people and
    attendance chart, then records a past meeting's attendance by ticking an organisation and
    importing a participant list."""
    from django.utils import timezone

    from meetings.choices import EventKind
    from meetings.models import OrganisationPresence, WalkIn
    from tests.factories.meetings import EventDayFactory, EventFactory

    virrat = OrganisationFactory(name_fi="Virrat", slug="virrat")
    MembershipFactory(organisation=virrat, start_date=datetime.date(2023, 6, 13), source="HYVLTK 13.06.2023 § 26")
    AppointmentFactory(
        organisation=virrat,
        role=Role.ELECTED_OFFICIAL,
        person__first_name="Ensi",
        person__last_name="Edellinen",
        start_date=datetime.date(2023, 6, 13),
        end_date=datetime.date(2025, 5, 31),
    )
    AppointmentFactory(organisation=virrat, role=Role.CONTACT_PERSON, person__email="yhteys@virrat.example")
    kuopio = OrganisationFactory(name_fi="Kuopio", slug="kuopio")
    MembershipFactory(organisation=kuopio)
    AppointmentFactory(organisation=kuopio, role=Role.CONTACT_PERSON, person__email="hyte@kuopio.example")
    EventDayFactory(
        event=EventFactory(kind=EventKind.NETWORK_MEETING, title="Verkostokokous marraskuu"),
        starts_at=timezone.now() - datetime.timedelta(days=2),
        members_only=True,
    )

    _log_in(page, live_server, django_user_model)
    axe_check(page, "overview")
    page.get_by_role("table", name=re.compile("Jäsenet, joilta puuttuu")).get_by_role("link", name="Virrat").click()
    page.get_by_role("heading", name="Virrat", level=1).wait_for()
    assert page.get_by_text("HYVLTK 13.06.2023 § 26").is_visible()
    elected = page.get_by_role("table", name="Vastuullinen luottamushenkilö")
    assert "Ensi Edellinen" in elected.inner_text()
    assert page.get_by_role("img", name="Osallistuminen verkostokokouksiin vuosittain").is_visible()
    axe_check(page, "member page")

    # The meeting waits on the overview for its attendance.
    page.goto(f"{live_server.url}/fi/coordinator/")
    page.get_by_role("table", name=re.compile("osallistumista ei ole kirjattu")).get_by_role(
        "link", name=re.compile("Kirjaa osallistuminen")
    ).click()
    page.get_by_role("heading", name="Osallistuminen: Verkostokokous marraskuu").wait_for()
    axe_check(page, "attendance page")
    page.get_by_role("group", name="Paikalla olleet jäsenorganisaatiot").get_by_label("Kuopio").check()
    page.get_by_role("button", name="Tallenna osallistuminen").click()
    page.get_by_text("Osallistuminen tallennettu").wait_for()
    assert list(OrganisationPresence.objects.values_list("organisation__name_fi", flat=True)) == ["Kuopio"]

    participants = tmp_path / "osallistujat.csv"
    participants.write_text(
        "Nimi;Sähköposti;Organisaatio\nVilja Virtanen;vilja@virrat.example;Virrat\nTiina THL;tiina@thl.example;THL\n",
        encoding="utf-8",
    )
    page.get_by_label("Osallistujalista (CSV tai XLSX)").set_input_files(str(participants))
    page.get_by_role("button", name="Lue lista").click()
    preview = page.get_by_role("table", name=re.compile("Esikatselu: 2 henkilöä"))
    assert "organisaatio mainittu listassa" in preview.inner_text()
    axe_check(page, "import preview")
    preview.get_by_label("Tallenna Tiina THL").uncheck()
    page.get_by_role("button", name="Tallenna rastitetut osallistujat").click()
    page.get_by_text("Osallistujalista tallennettu").wait_for()
    assert list(WalkIn.objects.values_list("name", "organisation__name_fi")) == [("Vilja Virtanen", "Virrat")]
    axe_check(page, "attendance saved")

    page.goto(f"{live_server.url}/fi/coordinator/members/{virrat.pk}/")
    table = page.get_by_text("Osallistuminen verkostokokouksiin vuosittain taulukkona")
    table.click()
    this_year = str(timezone.localdate().year)
    row = page.get_by_role("row", name=re.compile(f"^{this_year}"))
    assert "1/1 kokousta (100 %)" in row.inner_text()
    axe_check(page, "member page after the meeting")
