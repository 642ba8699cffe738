from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from meetings.choices import HostingStatus, PlaceStatus
from meetings.hostings import load_hostings
from meetings.models import EventDay, Hosting
from tests.factories.meetings import HostingFactory, RegistrationDayFactory, helsinki, network_days
from tests.factories.members import OrganisationFactory
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(member):
    event, open_day, _members_day = network_days(capacity=1)
    first = RegistrationDayFactory(registration__event=event, registration__organisation=member, day=open_day)
    waiting = RegistrationDayFactory(registration__event=event, day=open_day, waitlisted=True)
    hosting = HostingFactory(year=2024, organisation=member, held=True)
    hosting.co_hosts.add(OrganisationFactory())
    return {"event": event, "first": first, "waiting": waiting, "hosting": hosting}


def test_admin_cancel_action_moves_the_waiting_list(coordinator_client, data, django_capture_on_commit_callbacks):
    url = reverse("admin:meetings_registration_changelist")
    selected = {"action": "cancel_registrations", "_selected_action": [data["first"].registration.pk]}
    confirm = coordinator_client.post(url, selected)
    assert confirm.status_code == 200
    assert data["first"].registration.name in confirm.content.decode()
    data["waiting"].refresh_from_db()
    assert data["waiting"].status == PlaceStatus.WAITLISTED  # nothing happens before confirming
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, {**selected, "confirmed": "yes"}, follow=True)
    assert response.status_code == 200
    data["waiting"].refresh_from_db()
    assert data["waiting"].status == PlaceStatus.CONFIRMED
    assert any(m.to == [data["waiting"].registration.email] for m in deliver_outbox())


def test_admin_marks_attendance_in_bulk(coordinator_client, data):
    # Attendance is recorded for a day that has begun.
    EventDay.objects.filter(pk=data["first"].day_id).update(
        starts_at=helsinki(2025, 6, 3, 9), ends_at=helsinki(2025, 6, 3, 16)
    )
    coordinator_client.post(
        reverse("admin:meetings_registrationday_changelist"),
        {"action": "mark_attended", "_selected_action": [data["first"].pk, data["waiting"].pk]},
    )
    data["first"].refresh_from_db()
    data["waiting"].refresh_from_db()
    assert data["first"].attended
    assert not data["waiting"].attended  # only confirmed places


def test_admin_refuses_a_second_confirmed_host_with_a_message(coordinator_client, data):
    other = HostingFactory(year=2024)
    url = reverse("admin:meetings_hosting_changelist")
    selected = {"action": "set_confirmed", "_selected_action": [other.pk]}
    confirmation = coordinator_client.post(url, selected)
    assert confirmation.status_code == 200
    assert confirmation.templates[0].name == "admin/confirm_action.html"
    other.refresh_from_db()
    assert other.status == HostingStatus.OFFERED  # nothing happens before confirming
    response = coordinator_client.post(url, {**selected, "confirmed": "yes"}, follow=True)
    other.refresh_from_db()
    assert other.status == HostingStatus.OFFERED
    assert "2024" in response.content.decode()
    assert not other.status_changes.exists()


def test_admin_hosting_action_confirms_then_records_the_change(coordinator_client, coordinator):
    hosting = HostingFactory(year=2031)
    url = reverse("admin:meetings_hosting_changelist")
    selected = {"action": "set_declined", "_selected_action": [hosting.pk]}
    coordinator_client.post(url, {**selected, "confirmed": "yes", "note": "Ei resursseja tänä vuonna."})
    hosting.refresh_from_db()
    assert hosting.status == HostingStatus.DECLINED
    change = hosting.status_changes.get()
    assert (change.old_status, change.new_status, change.actor, change.note) == (
        HostingStatus.OFFERED,
        HostingStatus.DECLINED,
        coordinator,
        "Ei resursseja tänä vuonna.",
    )
    assert hosting.history.first().history_user == coordinator
    page = coordinator_client.get(reverse("admin:meetings_hosting_change", args=[hosting.pk]))
    assert "Ei resursseja tänä vuonna." in page.text


def test_admin_add_form_cannot_set_a_hosting_status(coordinator_client, data):
    add = coordinator_client.post(
        reverse("admin:meetings_hosting_add"),
        {"year": 2024, "organisation": OrganisationFactory().pk, "status": HostingStatus.CONFIRMED},
    )
    assert add.status_code == 302
    created = Hosting.objects.get(year=2024, status=HostingStatus.OFFERED)
    assert created != data["hosting"]
    assert Hosting.objects.filter(year=2024).count() == 2


def test_load_hostings_records_pori_and_jarvenpaa_once():
    pori = OrganisationFactory(name_fi="Pori", slug="pori")
    jarvenpaa = OrganisationFactory(name_fi="Järvenpää", slug="jarvenpaa")
    assert load_hostings() == 2
    assert load_hostings() == 0
    rows = list(Hosting.objects.order_by("year").values_list("year", "organisation", "status"))
    assert rows == [(2024, pori.pk, HostingStatus.HELD), (2025, jarvenpaa.pk, HostingStatus.HELD)]


def test_load_hostings_command_needs_the_register():
    with pytest.raises(CommandError, match="load_network"):
        call_command("load_hostings")
    assert not Hosting.objects.exists()


def test_load_hostings_with_the_real_network(register):
    from members.network import load_network

    load_network()
    call_command("load_hostings")
    assert sorted(Hosting.objects.values_list("year", "organisation__name_fi")) == [(2024, "Pori"), (2025, "Järvenpää")]


def test_demo_events_only_in_debug_and_once(settings):
    from meetings.models import Event

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_events")
    assert not Event.objects.exists()
    settings.DEBUG = True
    call_command("load_demo_events")
    count = Event.objects.count()
    assert count == 14
    call_command("load_demo_events")
    assert Event.objects.count() == count
    assert Event.objects.with_upcoming_open_days().exists()
