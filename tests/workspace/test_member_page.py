"""One page per member: its whole story in the workspace, a print view, and every workspace
list leading to it, read in the same number of queries however large the network."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.choices import ApplicationStatus
from meetings.choices import EventKind
from members.choices import EndReason, Role, StartPrecision, UpkeepStatus
from members.models import Announcement, Delivery, UpkeepRequest, UpkeepRound
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import EventDayFactory, EventFactory, HostingFactory, RegistrationDayFactory, helsinki
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.workspace import member_with_people, network

pytestmark = pytest.mark.django_db


def _url(organisation, name="workspace:member_detail") -> str:
    return reverse(name, kwargs={"pk": organisation.pk})


@pytest.fixture
def story(coordinator):
    """A member with a long history: two periods, people who changed, an application, meetings,
    a hosting, an upkeep answer and an announcement."""
    this_year = timezone.localdate().year
    kainuu = OrganisationFactory(name_fi="Paltamo", slug="paltamo")
    MembershipFactory(
        organisation=kainuu,
        start_date=datetime.date(2005, 1, 1),
        start_precision=StartPrecision.YEAR,
        end_date=datetime.date(2022, 12, 31),
        end_reason=EndReason.REPLACED,
        source="Kainuun sosiaali- ja terveydenhuollon kuntayhtymän kautta.",
    )
    MembershipFactory(organisation=kainuu, start_date=datetime.date(2023, 3, 1), source="Johtoryhmän päätös 1.3.2023.")
    AppointmentFactory(
        organisation=kainuu,
        role=Role.ELECTED_OFFICIAL,
        person__first_name="Vanha",
        person__last_name="Valtuutettu",
        start_date=datetime.date(2021, 10, 25),
        end_date=datetime.date(2023, 2, 5),
        decision="KH 25.10.2021 § 283",
    )
    AppointmentFactory(
        organisation=kainuu,
        role=Role.ELECTED_OFFICIAL,
        person__first_name="Uusi",
        person__last_name="Valtuutettu",
        start_date=datetime.date(2023, 2, 6),
        decision="KH 6.2.2023 § 43",
    )
    AppointmentFactory(organisation=kainuu, role=Role.CONTACT_PERSON, person__email="yhteys@paltamo.example")
    ApplicationFactory(
        submitted=True,
        status=ApplicationStatus.APPROVED,
        organisation=kainuu,
        leadership_decision_date=datetime.date(2023, 3, 1),
        feedback="Kiitos sitoutumisesta.",
        decision_section="KH 13.2.2023 § 12",
    )
    attended = EventDayFactory(
        event=EventFactory(kind=EventKind.NETWORK_MEETING),
        starts_at=helsinki(this_year - 1, 4, 10, 13),
        members_only=True,
        recorded=True,
    )
    EventDayFactory(
        event=EventFactory(kind=EventKind.NETWORK_MEETING),
        starts_at=helsinki(this_year - 1, 5, 10, 13),
        members_only=True,
        recorded=True,
    )
    RegistrationDayFactory(
        registration__event=attended.event, registration__organisation=kainuu, day=attended, present=True
    )
    HostingFactory(organisation=kainuu, year=2019, held=True)
    upkeep_round = UpkeepRound.objects.create(created_by=coordinator, deadline=datetime.date(2026, 1, 31))
    UpkeepRequest.objects.create(
        round=upkeep_round,
        organisation=kainuu,
        email="yhteys@paltamo.example",
        status=UpkeepStatus.CHANGED,
        answered_at=timezone.now(),
        answer="Uusi hyvinvointikoordinaattori nimetty.",
    )
    announcement = Announcement.objects.create(
        subject="Verkostopäivät 2026", body="Tervetuloa.", created_by=coordinator
    )
    Delivery.objects.create(announcement=announcement, email="yhteys@paltamo.example", organisation=kainuu)
    return kainuu


def test_the_page_tells_the_members_story(coordinator_client, story):
    response = coordinator_client.get(_url(story))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Paltamo</h1>" in body
    assert "Kainuun sosiaali- ja terveydenhuollon kuntayhtymän kautta." in body
    assert "Johtoryhmän päätös 1.3.2023." in body
    people = body.split('id="people-heading"')[1].split("</section>")[0]
    assert people.index("Uusi Valtuutettu") < people.index("Vanha Valtuutettu")
    assert "KH 25.10.2021 § 283" in people and "KH 6.2.2023 § 43" in people
    assert "Tähän rooliin ei ole nimetty ketään." in people  # no welfare coordinator
    assert "Kiitos sitoutumisesta." in body and "KH 13.2.2023 § 12" in body
    assert "Uusi hyvinvointikoordinaattori nimetty." in body
    assert "Verkostopäivät 2026" in body
    assert "2019" in body.split('id="hostings-heading"')[1].split("</section>")[0]
    page = response.context["page"]
    last_year = next(s for s in page.attendance if s.year == timezone.localdate().year - 1)
    assert (last_year.attended, last_year.meetings, last_year.percent) == (1, 2, 50)


def test_the_attendance_chart_is_svg_with_a_table_and_no_inline_style_or_script(coordinator_client, story):
    body = coordinator_client.get(_url(story)).content.decode()
    chart = body.split('id="attendance-heading"')[1].split("</section>")[0]
    assert '<svg class="chart"' in chart and 'role="img"' in chart
    assert re.search(r'aria-labelledby="attendance-\d+-title attendance-\d+-desc"', chart)
    assert "<table" in chart and "1/2 kokousta (50 %)" in chart
    assert "style=" not in body and "<script" not in body


def test_the_print_view_has_the_story_without_navigation(coordinator_client, story):
    response = coordinator_client.get(_url(story, "workspace:member_print"))
    body = response.content.decode()
    assert "Kainuun sosiaali- ja terveydenhuollon kuntayhtymän kautta." in body
    assert "coordinator-nav" not in body and "site-header" not in body
    assert '<details class="chart-table mb-3" open>' in body
    assert f'href="{_url(story)}"' in body


def test_every_workspace_list_links_to_the_member_page(coordinator, coordinator_client):
    lacking = member_with_people(name_fi="Vajaakunta", roles=(Role.CONTACT_PERSON,))
    old = member_with_people(name_fi="Vanhakunta", start=datetime.date(2023, 1, 1))
    link = _url(lacking)
    assert link in coordinator_client.get(reverse("workspace:dashboard")).content.decode()
    assert _url(old) in coordinator_client.get(reverse("workspace:dashboard")).content.decode()
    assert link in coordinator_client.get(reverse("workspace:member_list")).content.decode()
    this_year = timezone.localdate().year
    report = coordinator_client.get(
        reverse("meetings:participation"), {"first_year": this_year - 1, "last_year": this_year, "threshold": 50}
    )
    assert link in report.content.decode()
    assert link in coordinator_client.get(reverse("meetings:hosting_plan")).content.decode()
    person = lacking.appointments.get().person
    assert link in coordinator_client.get(reverse("workspace:person_data", kwargs={"pk": person.pk})).content.decode()
    assert link in coordinator_client.get(reverse("workspace:person_list"), {"q": person.last_name}).content.decode()
    upkeep_round = UpkeepRound.objects.create(created_by=coordinator, deadline=datetime.date(2099, 1, 31))
    UpkeepRequest.objects.create(round=upkeep_round, organisation=lacking, email=person.email)
    assert link in coordinator_client.get(reverse("workspace:upkeep")).content.decode()
    announcement = Announcement.objects.create(subject="Tiedote", body="Viesti", created_by=coordinator)
    Delivery.objects.create(announcement=announcement, email=person.email, organisation=lacking)
    detail = reverse("workspace:announcement_detail", kwargs={"pk": announcement.pk})
    assert link in coordinator_client.get(detail).content.decode()


def test_a_former_or_never_member_has_a_page_too(coordinator_client):
    never = OrganisationFactory(name_fi="Toivakka")
    PersonFactory(organisation=never)
    body = coordinator_client.get(_url(never)).content.decode()
    assert "Ei ole ollut jäsen." in body and "Ei tänään verkoston jäsen." in body
    assert coordinator_client.get(reverse("workspace:member_detail", kwargs={"pk": 999999})).status_code == 404


def _page_queries(client, organisation, name="workspace:member_detail") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(organisation, name)).status_code == 200
    return len(queries)


def test_the_page_reads_the_same_number_of_queries_for_52_and_330_members(coordinator_client, story):
    network(51)
    small = _page_queries(coordinator_client, story)
    small_print = _page_queries(coordinator_client, story, "workspace:member_print")
    network(330 - 52)
    assert _page_queries(coordinator_client, story) == small <= 20
    assert _page_queries(coordinator_client, story, "workspace:member_print") == small_print <= 20


def test_an_open_application_in_the_municipalitys_name_is_on_its_page(coordinator_client):
    organisation = OrganisationFactory(municipal=True, name_fi="Toivakka")
    ApplicationFactory(submitted=True, municipality=organisation.municipality, decision_section="KH 6.10.2025 § 9")
    # A draft given up before it was ever submitted is not part of the story.
    ApplicationFactory(
        municipality=organisation.municipality, status=ApplicationStatus.WITHDRAWN, decision_section="Luonnos"
    )
    ApplicationFactory(submitted=True, decision_section="Toisen kunnan")
    body = coordinator_client.get(_url(organisation)).content.decode()
    assert "KH 6.10.2025 § 9" in body
    assert "Luonnos" not in body and "Toisen kunnan" not in body


def test_the_members_page_draws_the_network_over_time_and_by_region(coordinator_client):
    member_with_people(name_fi="Pori")
    body = coordinator_client.get(reverse("workspace:member_list")).content.decode()
    figures = body.split('id="figures-heading"')[1].split("</section>")[0]
    assert 'id="members-over-time-title"' in figures and 'id="members-by-region-title"' in figures
    assert figures.count("<table") == 2
    assert " style=" not in body
