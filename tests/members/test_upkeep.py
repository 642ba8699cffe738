from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from post_office.models import STATUS, Email

from members import upkeep
from members.choices import DeliveryStatus, Language, Role, UpkeepStatus
from members.models import Appointment, UpkeepChange, UpkeepRequest
from members.tasks import upkeep_reminders
from members.upkeep_review import upkeep_change_accept
from tervekunta.models import JobRun
from tests.factories.members import AppointmentFactory, PersonFactory
from tests.factories.workspace import member_with_people
from tests.outbox import deliver_outbox
from workspace.dashboard import build_dashboard

pytestmark = pytest.mark.django_db

DEADLINE = timezone.localdate() + datetime.timedelta(days=30)


def _start(coordinator, **kwargs):
    return upkeep.upkeep_round_start(deadline=DEADLINE, actor=coordinator, **kwargs)


def _path(message) -> str:
    url = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    return url.group(1)


@pytest.fixture
def members():
    swedish = member_with_people(name_fi="Ruotsikunta", roles=(Role.CONTACT_PERSON, Role.WELFARE_COORDINATOR))
    contact = swedish.appointments.get(role=Role.CONTACT_PERSON).person
    contact.language = Language.SWEDISH
    contact.save()
    silent = member_with_people(name_fi="Hiljainen", roles=(Role.ELECTED_OFFICIAL,))
    no_email = member_with_people(name_fi="Postiton", roles=())
    AppointmentFactory(organisation=no_email, role=Role.CONTACT_PERSON, person=PersonFactory(email=""))
    return {"swedish": swedish, "silent": silent, "no_email": no_email}


def test_start_sends_one_mail_per_reachable_member_in_their_language(
    coordinator, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upkeep_round = _start(coordinator)
    statuses = dict(upkeep_round.requests.values_list("organisation__name_fi", "status"))
    assert statuses == {
        "Ruotsikunta": UpkeepStatus.PENDING,
        "Hiljainen": UpkeepStatus.UNREACHABLE,
        "Postiton": UpkeepStatus.UNREACHABLE,
    }
    assert len(deliver_outbox()) == 1
    message = deliver_outbox()[0]
    assert message.to == [members["swedish"].appointments.get(role=Role.CONTACT_PERSON).person.email]
    assert "/sv/contacts/" in message.body
    assert "Hej" in message.body


def test_only_one_open_round(coordinator, members):
    _start(coordinator)
    with pytest.raises(ValidationError) as error:
        _start(coordinator)
    assert error.value.code == "round_open"


def test_the_contact_person_names_a_new_elected_official(
    client, coordinator, members, django_capture_on_commit_callbacks
):
    organisation = members["swedish"]
    assert any(item.organisation == organisation for item in build_dashboard().missing)
    with django_capture_on_commit_callbacks(execute=True):
        _start(coordinator)
    path = _path(deliver_outbox()[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert organisation.appointments.get(role=Role.CONTACT_PERSON).person.email in page.text
    # Only this organisation's people: nobody of another member appears on the page.
    for other in (members["silent"], members["no_email"]):
        for appointment in other.appointments.exclude(person__email=""):
            assert appointment.person.email not in page.text
    form = {f"{role}-change": "keep" for role in Role.values}
    form.update(
        {
            f"{Role.ELECTED_OFFICIAL}-change": "change",
            f"{Role.ELECTED_OFFICIAL}-first_name": "Uusi",
            f"{Role.ELECTED_OFFICIAL}-last_name": "Luottamushenkilö",
            f"{Role.ELECTED_OFFICIAL}-email": "uusi@kunta.example",
            f"{Role.ELECTED_OFFICIAL}-start_date": "1.6.2025",
            f"{Role.ELECTED_OFFICIAL}-decision": "KV 1.6.2025 § 5",
        }
    )
    response = client.post(path, form)
    assert response.status_code == 302
    # The answer waits for the coordinator: the register changes when it is accepted.
    change = UpkeepChange.objects.get()
    assert (change.review, change.kind) == ("pending", "replaced")
    assert not Appointment.objects.filter(organisation=organisation, role=Role.ELECTED_OFFICIAL).exists()
    upkeep_change_accept(change=change, actor=coordinator)
    official = Appointment.objects.current().get(organisation=organisation, role=Role.ELECTED_OFFICIAL)
    assert official.person.full_name == "Uusi Luottamushenkilö"
    assert official.history.count() == 1
    request = UpkeepRequest.objects.get(organisation=organisation)
    assert request.status == UpkeepStatus.CHANGED
    assert request.answered_at is not None
    assert "Uusi Luottamushenkilö" in request.answer
    assert all(item.organisation != organisation for item in build_dashboard().missing)


def test_a_change_ends_the_old_appointment_with_history(
    client, coordinator, members, django_capture_on_commit_callbacks
):
    organisation = members["swedish"]
    old = organisation.appointments.get(role=Role.WELFARE_COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        _start(coordinator)
    form = {f"{role}-change": "keep" for role in Role.values}
    prefix = Role.WELFARE_COORDINATOR
    form.update({f"{prefix}-change": "change", f"{prefix}-first_name": "Anna", f"{prefix}-last_name": "Uusi"})
    form[f"{prefix}-start_date"] = "1.1.2026"
    assert client.post(_path(deliver_outbox()[0]), form).status_code == 302
    upkeep_change_accept(change=UpkeepChange.objects.get(), actor=coordinator)
    old.refresh_from_db()
    assert old.end_date == datetime.date(2025, 12, 31)
    assert old.history.count() == 2


def test_missing_fields_and_early_start_keep_what_was_typed(
    client, coordinator, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _start(coordinator)
    prefix = Role.WELFARE_COORDINATOR
    form = {f"{role}-change": "keep" for role in Role.values}
    form.update({f"{prefix}-change": "change", f"{prefix}-first_name": "Kesken", f"{prefix}-start_date": "1.1.2000"})
    response = client.post(_path(deliver_outbox()[0]), form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["forms"][2].errors
    assert set(errors) == {"last_name", "start_date"}
    assert 'value="Kesken"' in response.text
    assert Appointment.objects.filter(person__first_name="Kesken").count() == 0
    assert UpkeepRequest.objects.get(organisation=members["swedish"]).status == UpkeepStatus.PENDING


def test_confirming_without_changes(client, coordinator, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _start(coordinator)
    before = Appointment.objects.count()
    client.post(_path(deliver_outbox()[0]), {f"{role}-change": "keep" for role in Role.values})
    assert UpkeepRequest.objects.get(organisation=members["swedish"]).status == UpkeepStatus.CONFIRMED
    assert Appointment.objects.count() == before


def test_a_forged_or_closed_link(client, coordinator, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upkeep_round = _start(coordinator)
    path = _path(deliver_outbox()[0])
    assert client.get(path[:-3] + "xx/").status_code == 404
    upkeep.upkeep_round_close(upkeep_round=upkeep_round, actor=coordinator)
    response = client.post(path, {f"{role}-change": "keep" for role in Role.values})
    assert response.status_code == 200
    assert UpkeepRequest.objects.get(organisation=members["swedish"]).status == UpkeepStatus.PENDING


def test_reminders_go_only_to_those_without_an_answer_and_not_twice_a_day(
    coordinator, members, django_capture_on_commit_callbacks
):
    other = member_with_people(name_fi="Vastaaja")
    start = timezone.now() - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        upkeep_round = _start(coordinator, now=start)
    answered = UpkeepRequest.objects.get(organisation=other)
    upkeep.upkeep_answer(request=answered, changes={})
    deliver_outbox().clear()
    # Delivered when the round started, three days ago.
    Email.objects.filter(status=STATUS.sent).update(last_updated=start)
    with django_capture_on_commit_callbacks(execute=True):
        assert upkeep.upkeep_remind(upkeep_round=upkeep_round, actor=coordinator) == 1
    assert len(deliver_outbox()) == 1
    assert deliver_outbox()[0].to == [members["swedish"].appointments.get(role=Role.CONTACT_PERSON).person.email]
    with django_capture_on_commit_callbacks(execute=True):
        assert upkeep.upkeep_remind(upkeep_round=upkeep_round, actor=coordinator) == 0
    assert len(deliver_outbox()) == 1
    later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert upkeep.upkeep_remind(upkeep_round=upkeep_round, actor=coordinator, now=later) == 1
    assert UpkeepRequest.objects.get(organisation=members["swedish"]).reminders == 2


def test_a_request_counts_as_sent_only_when_its_message_is_delivered(coordinator, members):
    upkeep_round = _start(coordinator)
    request = upkeep_round.requests.get(organisation=members["swedish"])
    assert request.sent_at is None and request.delivery == DeliveryStatus.WAITING
    assert upkeep_round.requests.get(organisation=members["silent"]).delivery is None
    deliver_outbox()
    request = UpkeepRequest.objects.select_related("message").get(pk=request.pk)
    assert request.sent_at is not None and request.delivery == DeliveryStatus.SENT
    assert upkeep.round_progress(upkeep_round)["delivered"] == 1


def test_rounds_that_ask_for_it_remind_automatically_once_per_interval(coordinator, members):
    upkeep_round = _start(coordinator, reminder_days=3)
    deliver_outbox().clear()
    Email.objects.update(last_updated=timezone.now() - datetime.timedelta(days=2))
    assert upkeep_reminders.call() == {"reminded": 0}  # not yet three days
    Email.objects.update(last_updated=timezone.now() - datetime.timedelta(days=4))
    assert upkeep_reminders.call() == {"reminded": 1}
    assert upkeep_reminders.call() == {"reminded": 0}  # running twice sends nothing twice
    (reminder,) = deliver_outbox()
    assert reminder.to == [members["swedish"].appointments.get(role=Role.CONTACT_PERSON).person.email]
    in_three_days = timezone.now() + datetime.timedelta(days=3, minutes=1)
    assert upkeep.upkeep_remind_due(now=in_three_days) == 1
    assert UpkeepRequest.objects.get(round=upkeep_round, organisation=members["swedish"]).reminders == 2
    assert JobRun.objects.filter(job="upkeep_reminders", succeeded=True).count() == 3


def test_a_round_without_an_interval_is_reminded_only_by_the_coordinator(coordinator, members):
    _start(coordinator)
    deliver_outbox()
    Email.objects.update(last_updated=timezone.now() - datetime.timedelta(days=30))
    assert upkeep.upkeep_remind_due() == 0


def test_each_answer_step_is_recorded_once(coordinator, members):
    upkeep_round = _start(coordinator)
    request = UpkeepRequest.objects.get(round=upkeep_round, organisation=members["swedish"])
    new_official = {
        "first_name": "Uusi",
        "last_name": "Luottamushenkilö",
        "start_date": timezone.localdate(),
    }
    upkeep.upkeep_answer(request=request, changes={})
    upkeep.upkeep_answer(request=request, changes={})  # the same answer again is no new step
    upkeep.upkeep_answer(request=request, changes={Role.ELECTED_OFFICIAL: new_official})
    upkeep.upkeep_answer(request=request, changes={})  # confirming after a change keeps "changed"
    request.refresh_from_db()
    assert request.status == UpkeepStatus.CHANGED
    steps = [(c.old_status, c.new_status, c.actor) for c in request.status_changes.all()]
    assert steps == [
        (UpkeepStatus.PENDING, UpkeepStatus.CONFIRMED, None),
        (UpkeepStatus.CONFIRMED, UpkeepStatus.CHANGED, None),
    ]
    assert "Uusi Luottamushenkilö" in request.status_changes.last().note


def test_closing_and_reminding_record_the_coordinator(coordinator, members, django_capture_on_commit_callbacks):
    start = timezone.now() - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        upkeep_round = _start(coordinator, now=start)
    deliver_outbox()
    Email.objects.filter(status=STATUS.sent).update(last_updated=start)
    assert upkeep.upkeep_remind(upkeep_round=upkeep_round, actor=coordinator) == 1  # the one reachable member
    assert set(upkeep_round.requests.exclude(reminded_at=None).values_list("reminded_by", flat=True)) == {
        coordinator.pk
    }
    closed = upkeep.upkeep_round_close(upkeep_round=upkeep_round, actor=coordinator)
    assert closed.closed_by == coordinator
