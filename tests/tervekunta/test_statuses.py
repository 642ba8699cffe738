"""Every status kind against its one map of transitions, through the one audited write.

One parametrized test per status kind walks every pair (old, new) of its choices: an allowed
pair writes the status and exactly one status-change row with the actor and the note (and a
history row naming the actor where the model keeps history); any other pair is refused with
`forbidden_transition` and changes nothing. The services' own tests show that each service
takes its steps through this same function.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from applications.choices import APPLICATION_TRANSITIONS, ApplicationStatus
from meetings.choices import HOSTING_TRANSITIONS, PLACE_TRANSITIONS, HostingStatus, PlaceStatus
from members.choices import UPKEEP_TRANSITIONS, UpkeepStatus
from members.models import UpkeepRequest, UpkeepRound
from tervekunta.models import StatusChange
from tervekunta.statuses import Transitions, allowed, can_change, change_status, open_statuses
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import HostingFactory, RegistrationDayFactory
from tests.factories.members import OrganisationFactory
from tests.twofactor import sign_in

pytestmark = pytest.mark.django_db


def pairs(choices: type[models.TextChoices]) -> list[tuple[str, str]]:
    return list(itertools.product(choices.values, repeat=2))


def check_transition(instance: models.Model, new: str, transitions: Transitions, actor) -> None:
    old = instance.status
    history = getattr(instance, "history", None)
    history_before = history.count() if history is not None else 0
    note = f"{old} -> {new}"
    assert can_change(instance, new, transitions=transitions) is allowed(transitions, old, new)
    if allowed(transitions, old, new):
        result = change_status(instance, new, transitions=transitions, actor=actor, note=note)
        instance.refresh_from_db()
        assert result.status == instance.status == new
        change = StatusChange.objects.get()
        assert change.record == instance
        assert (change.field, change.old_status, change.new_status, change.actor, change.note) == (
            "status",
            old,
            new,
            actor,
            note,
        )
        assert list(instance.status_changes.all()) == [change]
        if history is not None:
            assert history.count() == history_before + 1
            assert history.first().history_user == actor
    else:
        with pytest.raises(ValidationError) as caught:
            change_status(instance, new, transitions=transitions, actor=actor, note=note)
        assert caught.value.code == "forbidden_transition"
        instance.refresh_from_db()
        assert instance.status == old
        assert not StatusChange.objects.exists()
        if history is not None:
            assert history.count() == history_before


@pytest.mark.parametrize(("old", "new"), pairs(ApplicationStatus))
def test_application_transitions(old, new, coordinator):
    check_transition(ApplicationFactory(status=old), new, APPLICATION_TRANSITIONS, coordinator)


@pytest.mark.parametrize(("old", "new"), pairs(HostingStatus))
def test_hosting_transitions(old, new, coordinator):
    check_transition(HostingFactory(year=2030, status=old), new, HOSTING_TRANSITIONS, coordinator)


@pytest.mark.parametrize(("old", "new"), pairs(PlaceStatus))
def test_place_transitions(old, new, coordinator):
    check_transition(RegistrationDayFactory(status=old), new, PLACE_TRANSITIONS, coordinator)


def _upkeep_request(status: str, coordinator) -> UpkeepRequest:
    upkeep_round = UpkeepRound.objects.create(created_by=coordinator, deadline=datetime.date(2099, 12, 31))
    return UpkeepRequest.objects.create(
        round=upkeep_round, organisation=OrganisationFactory(), email="yhteys@kunta.example", status=status
    )


@pytest.mark.parametrize(("old", "new"), pairs(UpkeepStatus))
def test_upkeep_request_transitions(old, new, coordinator):
    check_transition(_upkeep_request(old, coordinator), new, UPKEEP_TRANSITIONS, coordinator)


def test_every_map_names_only_its_own_statuses():
    for transitions, choices in [
        (APPLICATION_TRANSITIONS, ApplicationStatus),
        (HOSTING_TRANSITIONS, HostingStatus),
        (PLACE_TRANSITIONS, PlaceStatus),
        (UPKEEP_TRANSITIONS, UpkeepStatus),
    ]:
        assert set(transitions) == set(choices.values)
        assert {new for targets in transitions.values() for new in targets} <= set(choices.values)
        assert open_statuses(transitions) < set(choices.values)  # every kind has an end


def test_the_refusal_names_both_statuses_in_the_readers_language(coordinator):
    hosting = HostingFactory(year=2030, status=HostingStatus.HELD)
    for language, old, new in [("en", "Held", "Offered"), ("fi", "Pidetty", "Tarjoutunut")]:
        with translation.override(language), pytest.raises(ValidationError) as caught:
            change_status(hosting, HostingStatus.OFFERED, transitions=HOSTING_TRANSITIONS, actor=coordinator)
        assert old in caught.value.messages[0] and new in caught.value.messages[0]


def test_fields_written_with_the_status_share_its_moment_and_nothing_else_is_saved(coordinator):
    place = RegistrationDayFactory(status=PlaceStatus.WAITLISTED)
    place.attended = True  # a change the caller did not ask to write
    moment = timezone.now() - datetime.timedelta(minutes=5)
    result = change_status(
        place, PlaceStatus.CONFIRMED, transitions=PLACE_TRANSITIONS, actor=None, at=moment, promoted_at=moment
    )
    place.refresh_from_db()
    assert (result.promoted_at, place.promoted_at, place.attended) == (moment, moment, False)
    change = place.status_changes.get()
    assert (change.created_at, change.actor, change.actor_display) == (moment, None, "")


def test_only_from_narrows_what_one_service_takes(coordinator):
    application = ApplicationFactory(status=ApplicationStatus.INFO_REQUESTED)
    with pytest.raises(ValidationError) as caught:
        change_status(
            application,
            ApplicationStatus.SUBMITTED,
            transitions=APPLICATION_TRANSITIONS,
            actor=None,
            only_from={ApplicationStatus.DRAFT},
        )
    assert caught.value.code == "forbidden_transition"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFO_REQUESTED


def test_a_value_outside_the_choices_is_refused_even_if_a_map_allowed_it(coordinator):
    request = _upkeep_request(UpkeepStatus.PENDING, coordinator)
    careless = {UpkeepStatus.PENDING: ("lost",)}
    with pytest.raises(ValidationError):
        change_status(request, "lost", transitions=careless, actor=coordinator)
    request.refresh_from_db()
    assert request.status == UpkeepStatus.PENDING
    assert not StatusChange.objects.exists()


def test_coordinators_read_the_audit_trail_and_nobody_edits_it(coordinator, admin_user, client):
    change_status(HostingFactory(year=2030), HostingStatus.DECLINED, transitions=HOSTING_TRANSITIONS, actor=coordinator)
    change = StatusChange.objects.get()
    assert coordinator.has_perm("tervekunta.view_statuschange")
    assert not coordinator.has_perm("tervekunta.change_statuschange")
    for user in (coordinator, admin_user):
        sign_in(client, user)
        page = client.get(reverse("admin:tervekunta_statuschange_change", args=[change.pk]))
        assert page.status_code == 200
        assert 'name="note"' not in page.text  # read-only even for a superuser
        assert client.get(reverse("admin:tervekunta_statuschange_add")).status_code == 403
        assert client.post(reverse("admin:tervekunta_statuschange_delete", args=[change.pk])).status_code == 403
    assert StatusChange.objects.filter(pk=change.pk).exists()


@pytest.mark.parametrize("kind", ["application", "hosting", "place", "upkeep_request"])
def test_each_record_page_in_the_admin_lists_its_status_changes(kind, coordinator, coordinator_client):
    record, new, transitions = {
        "application": lambda: (
            ApplicationFactory(submitted=True),
            ApplicationStatus.IN_REVIEW,
            APPLICATION_TRANSITIONS,
        ),
        "hosting": lambda: (HostingFactory(year=2030), HostingStatus.DECLINED, HOSTING_TRANSITIONS),
        "place": lambda: (RegistrationDayFactory(), PlaceStatus.CANCELLED, PLACE_TRANSITIONS),
        "upkeep_request": lambda: (
            _upkeep_request(UpkeepStatus.PENDING, coordinator),
            UpkeepStatus.CONFIRMED,
            UPKEEP_TRANSITIONS,
        ),
    }[kind]()
    change_status(record, new, transitions=transitions, actor=coordinator, note=f"Merkintä {kind}")
    opts = record._meta
    page = coordinator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]))
    assert page.status_code == 200
    assert f"Merkintä {kind}" in page.text
