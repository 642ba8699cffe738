"""True participation on the overview and in the report: a member is judged only on the
meetings held while it was a member, and the report goes to Excel."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.services import application_approve
from meetings.choices import EventKind
from meetings.reports import PARTICIPATION_COLUMNS
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import EventDayFactory, EventFactory, RegistrationDayFactory, helsinki
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.factories.workspace import member_with_people
from workspace.dashboard import build_dashboard

pytestmark = pytest.mark.django_db


def _recorded_meetings(count: int) -> list:
    """`count` network meetings already held, a fortnight apart, with attendance recorded."""
    now = timezone.now()
    return [
        EventDayFactory(
            event=EventFactory(kind=EventKind.NETWORK_MEETING),
            starts_at=now - datetime.timedelta(days=14 * n + 1),
            members_only=True,
            recorded=True,
        )
        for n in range(count)
    ]


def test_a_member_approved_today_is_not_flagged_and_is_a_member_only_from_its_start(coordinator, coordinator_client):
    today = timezone.localdate()
    meetings = _recorded_meetings(6)
    regular = member_with_people(name_fi="Vakiokunta")
    RegistrationDayFactory(registration__event=meetings[0].event, registration__organisation=regular, day=meetings[0])
    application = ApplicationFactory(in_review=True, municipality__name_fi="Uusikunta")
    newcomer = application_approve(
        application=application, decision_date=today, feedback="Tervetuloa.", actor=coordinator
    ).organisation

    below = {row.organisation for row in build_dashboard().below}
    assert regular in below  # attended one meeting of six: the rule is at work
    assert newcomer not in below
    page = coordinator_client.get(reverse("workspace:dashboard"))
    assert "Uusikunta" not in page.content.decode().split('id="participation-heading"')[1].split("</section>")[0]

    response = coordinator_client.get(
        reverse("meetings:participation"), {"first_year": today.year - 1, "last_year": today.year, "threshold": 50}
    )
    row = next(row for row in response.context["rows"] if row.organisation == newcomer)
    last_year, this_year = row.years
    assert not last_year.member and not last_year.unknown
    assert (this_year.member, this_year.meetings, this_year.percent) == (True, 0, None)
    assert this_year.member_from == (today if today > datetime.date(today.year, 1, 1) else None)
    assert not row.flagged


def test_the_page_explains_the_rule_and_shows_unknown_years(coordinator_client):
    MembershipFactory(organisation=OrganisationFactory(name_fi="Helsinki"), member_by=True)
    response = coordinator_client.get(
        reverse("meetings:participation"), {"first_year": 2016, "last_year": 2024, "threshold": 40}
    )
    body = response.content.decode()
    assert "alle 40 %" in body
    assert "varmasti jäsen" in body
    assert body.count("ei tiedossa") >= 8
    assert "ei jäsen<" not in body


def test_the_report_as_xlsx(coordinator_client):
    member = OrganisationFactory(name_fi="Kuopio")
    MembershipFactory(organisation=member, start_date=datetime.date(2025, 3, 1))
    day = EventDayFactory(
        event=EventFactory(kind=EventKind.NETWORK_MEETING),
        starts_at=helsinki(2025, 4, 10, 13),
        members_only=True,
        recorded=True,
    )
    EventDayFactory(
        event=EventFactory(kind=EventKind.NETWORK_MEETING), starts_at=helsinki(2025, 5, 10, 13), recorded=True
    )
    RegistrationDayFactory(registration__event=day.event, registration__organisation=member, day=day, present=True)
    MembershipFactory(organisation=OrganisationFactory(name_fi="Tampere"), member_by=True)
    response = coordinator_client.get(
        reverse("meetings:participation_export"), {"first_year": 2024, "last_year": 2025, "threshold": 60}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == PARTICIPATION_COLUMNS
    by_key = {(row[0], row[1]): row for row in rows[1:]}
    assert by_key[("Kuopio", 2024)][2] == "ei jäsen"
    kuopio = by_key[("Kuopio", 2025)]
    assert kuopio[2:9] == ("jäsen", datetime.datetime(2025, 3, 1), None, 2, 1, 50, "kyllä")
    assert sheet["D3"].number_format == "d.m.yyyy"
    assert by_key[("Tampere", 2024)][2] == "jäsen"
    assert by_key[("Tampere", 2025)][2] == "jäsen"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{len(rows)}"


def test_an_invalid_period_is_not_exported(coordinator_client):
    response = coordinator_client.get(
        reverse("meetings:participation_export"), {"first_year": 2025, "last_year": 2020, "threshold": 50}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("meetings:participation"))
