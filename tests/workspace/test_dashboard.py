from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.choices import ApplicationStatus
from meetings.choices import EventKind
from members.choices import Role
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import EventDayFactory, HostingFactory, RegistrationDayFactory, network_days
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.factories.workspace import member_with_people, network
from workspace.dashboard import CURRENT_COUNCIL_TERM_START, build_dashboard

pytestmark = pytest.mark.django_db

URL = reverse("workspace:dashboard")


def test_missing_roles_are_listed_with_a_link_to_fix_them(coordinator_client):
    complete = member_with_people(name_fi="Täysikunta")
    lacking = member_with_people(name_fi="Vajaakunta", roles=(Role.CONTACT_PERSON,))
    response = coordinator_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    board = response.context["board"]
    assert [item.organisation for item in board.missing] == [lacking]
    assert board.missing[0].roles == [Role.ELECTED_OFFICIAL, Role.WELFARE_COORDINATOR]
    assert reverse("workspace:member_detail", args=[lacking.pk]) in response.text
    assert reverse("workspace:member_detail", args=[complete.pk]) not in response.text


def test_former_members_and_ended_appointments_count_right():
    former = OrganisationFactory()
    MembershipFactory(organisation=former, ended=True)
    member = member_with_people()
    AppointmentFactory(
        organisation=member, role=Role.ELECTED_OFFICIAL, ended=True, start_date=datetime.date(2024, 1, 1)
    )
    board = build_dashboard()
    assert board.member_count == 1
    assert board.missing == []


def test_elected_officials_before_the_council_term_are_flagged():
    old = member_with_people(start=CURRENT_COUNCIL_TERM_START - datetime.timedelta(days=1))
    new = member_with_people(start=CURRENT_COUNCIL_TERM_START)
    stale = build_dashboard().stale
    assert {a.organisation_id for a in stale} == {old.pk}
    # Elections change the elected official; the contact person and the welfare coordinator stay.
    assert [a.role for a in stale] == [Role.ELECTED_OFFICIAL]
    assert new.pk not in {a.organisation_id for a in stale}


def test_waiting_applications_oldest_first():
    now = timezone.now()
    newer = ApplicationFactory(submitted=True)
    older = ApplicationFactory(submitted=True)
    type(older).objects.filter(pk=older.pk).update(status_changed_at=now - datetime.timedelta(days=30))
    ApplicationFactory()  # a draft is not waiting for the coordinator
    board = build_dashboard()
    assert [a.pk for a in board.applications] == [older.pk, newer.pk]
    assert all(a.status == ApplicationStatus.SUBMITTED for a in board.applications)
    ApplicationFactory(in_review=True)
    assert build_dashboard().applications_by_status == [
        (ApplicationStatus.SUBMITTED.label, 2),
        (ApplicationStatus.IN_REVIEW.label, 1),
    ]


def test_threshold_from_the_query_string(coordinator_client):
    response = coordinator_client.get(URL, {"threshold": "75"})
    assert response.context["board"].threshold == 75
    response = coordinator_client.get(URL, {"threshold": "500"})
    assert response.status_code == 200
    assert response.context["board"].threshold == 50
    assert response.context["form"].errors["threshold"]


def _overview_queries(client, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query or {})
    assert response.status_code == 200
    return len(queries)


def test_query_budget_is_the_same_for_52_and_330_members(coordinator_client):
    members = network(52)
    ApplicationFactory(submitted=True)
    # Every part of the page has something to read: hostings (with co-hosts), events, meetings
    # held and recorded, a meeting waiting for its attendance.
    hosting = HostingFactory(organisation=members[0], held=True, year=2024)
    hosting.co_hosts.add(members[1])
    HostingFactory(organisation=members[2], year=timezone.localdate().year + 1)
    network_days()
    EventDayFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
    meeting = EventDayFactory(
        event__kind=EventKind.NETWORK_MEETING, starts_at=timezone.now() - datetime.timedelta(days=9), recorded=True
    )
    RegistrationDayFactory(
        registration__event=meeting.event, registration__organisation=members[3], day=meeting, present=True
    )
    small = _overview_queries(coordinator_client)
    small_expanded = _overview_queries(coordinator_client, {"show": "missing", "threshold": 60})
    network(330 - 52)
    board = coordinator_client.get(URL).context["board"]
    assert board.member_count == 330
    assert len(board.missing) == len(range(0, 52, 5)) + len(range(0, 278, 5))
    assert board.todo["participation"].count == 329  # all but the one that came
    # The page's own queries, the undelivered messages, and the session's second-factor device
    # that every staff request loads.
    assert _overview_queries(coordinator_client) == small <= 18
    assert _overview_queries(coordinator_client, {"show": "missing", "threshold": 60}) == small_expanded == small


def _rows_of(html: str, heading_id: str) -> int:
    section = html.split(f'id="{heading_id}"')[1].split("</section>")[0]
    return section.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def test_each_list_shows_its_count_and_first_five_rows_with_show_all(coordinator_client):
    lacking = [member_with_people(name_fi=f"Vajaa {n}", roles=(Role.CONTACT_PERSON,)) for n in range(7)]
    member_with_people(name_fi="Täysi")
    html = coordinator_client.get(URL).content.decode()
    assert _rows_of(html, "missing-heading") == 5
    assert 'id="missing-heading">Jäsenet, joilta puuttuu henkilö johonkin rooliin <span class="badge' in html
    assert "Näytä kaikki 7" in html
    assert "?show=missing#missing-heading" in html
    expanded = coordinator_client.get(URL, {"show": "missing"}).content.decode()
    assert _rows_of(expanded, "missing-heading") == 7
    assert _rows_of(expanded, "applications-heading") == 1  # the "nothing waiting" row
    assert all(organisation.name_fi in expanded for organisation in lacking)


def test_a_list_has_its_action_for_exactly_its_members(coordinator_client):
    lacking = member_with_people(name_fi="Vajaakunta", roles=(Role.CONTACT_PERSON, Role.WELFARE_COORDINATOR))
    complete = member_with_people(name_fi="Täysikunta")
    board = coordinator_client.get(URL).context["board"]
    contact = lacking.appointments.get(role=Role.CONTACT_PERSON).person.email
    assert board.todo["missing"].emails == [contact]
    assert board.todo["missing"].mailto == "mailto:?bcc=" + contact.replace("@", "%40")
    assert complete.appointments.get(role=Role.CONTACT_PERSON).person.email not in board.todo["missing"].mailto
    html = coordinator_client.get(URL).content.decode()
    assert f'href="{board.todo["missing"].mailto}"' in html


def test_meetings_without_recorded_attendance_are_listed_to_record(coordinator_client):
    now = timezone.now()
    waiting = EventDayFactory(starts_at=now - datetime.timedelta(days=3))
    EventDayFactory(starts_at=now - datetime.timedelta(days=4), recorded=True)
    EventDayFactory(starts_at=now - datetime.timedelta(days=400))  # history, not a to-do
    EventDayFactory(starts_at=now + datetime.timedelta(days=3))  # not yet begun
    response = coordinator_client.get(URL)
    assert response.context["board"].unrecorded == [waiting]
    assert reverse("meetings:attendance", kwargs={"pk": waiting.event_id}) in response.content.decode()


def test_the_threshold_survives_show_all(coordinator_client):
    response = coordinator_client.get(URL, {"threshold": "80", "show": "missing"})
    assert response.context["board"].threshold == 80
    assert response.context["board"].todo["missing"].expanded
    response = coordinator_client.get(URL, {"show": "missing"})
    assert not response.context["form"].errors


def test_contact_changes_waiting_for_review_come_first(coordinator, coordinator_client):
    from members import upkeep
    from members.models import UpkeepChange, UpkeepRequest

    member = member_with_people(name_fi="Virrat", roles=(Role.CONTACT_PERSON,))
    upkeep.upkeep_round_start(deadline=timezone.localdate() + datetime.timedelta(days=9), actor=coordinator)
    request = UpkeepRequest.objects.get(organisation=member)
    values = {"first_name": "Ville", "last_name": "Valtuutettu", "start_date": datetime.date(2025, 6, 10)}
    upkeep.upkeep_answer(request=request, changes={Role.ELECTED_OFFICIAL: values})
    response = coordinator_client.get(URL)
    assert response.context["board"].todo["review"].rows == [UpkeepChange.objects.get()]
    body = response.content.decode()
    assert body.index('id="review-heading"') < body.index('id="missing-heading"')
    assert reverse("workspace:upkeep_review") in body


def test_undelivered_messages_are_counted_with_a_link_to_them(coordinator_client):
    from post_office.models import STATUS, Email

    from tervekunta.mail import queue_mail

    assert "could not be delivered" not in coordinator_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text
    for n in range(2):
        email = queue_mail(
            to=f"p{n}@kunta.example", template="members/email/announcement", language="fi", context={
                "announcement": {"subject": "S", "body": "B"}
            }
        )  # fmt: skip
        Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    response = coordinator_client.get(URL)
    assert response.context["board"].undelivered == 2
    assert "2 viestiä ei mennyt perille." in response.text
    assert f'href="{reverse("admin:tervekunta_outboxmessage_changelist")}?status=failed"' in response.text
