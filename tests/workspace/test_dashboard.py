from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.choices import ApplicationStatus
from members.choices import Role
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import HostingFactory, network_days
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
    assert reverse("admin:members_organisation_change", args=[lacking.pk]) in response.text
    assert reverse("admin:members_organisation_change", args=[complete.pk]) not in response.text


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


def test_appointments_before_the_council_term_are_flagged():
    old = member_with_people(start=CURRENT_COUNCIL_TERM_START - datetime.timedelta(days=1))
    new = member_with_people(start=CURRENT_COUNCIL_TERM_START)
    stale = build_dashboard().stale
    assert {a.organisation_id for a in stale} == {old.pk}
    assert len(stale) == 3
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


@pytest.mark.parametrize("size", [52, 330])
def test_query_budget(coordinator_client, django_assert_max_num_queries, size):
    members = network(size)
    ApplicationFactory(submitted=True)
    # Every part of the page has something to read: hostings (with co-hosts), events, meetings.
    hosting = HostingFactory(organisation=members[0], held=True, year=2024)
    hosting.co_hosts.add(members[1])
    HostingFactory(organisation=members[2], year=timezone.localdate().year + 1)
    network_days()
    # 14: the page's 12, the undelivered messages, and the session's second-factor device that every
    # staff request loads.
    with django_assert_max_num_queries(14):
        response = coordinator_client.get(URL)
    assert response.status_code == 200
    board = response.context["board"]
    assert board.member_count == size
    assert len(board.missing) == len(range(0, size, 5))


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
    assert "2 viestiä ei voitu toimittaa." in response.text
    assert f'href="{reverse("admin:tervekunta_outboxmessage_changelist")}?status=failed"' in response.text
