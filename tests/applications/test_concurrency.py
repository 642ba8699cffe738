"""Two coordinators approve the same application at the same moment: one membership results."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from applications import services
from applications.models import Application
from members.models import Appointment, Membership
from tests.db import restore_coordinator_group
from tests.factories.applications import ApplicationFactory


@pytest.fixture(scope="module", autouse=True)
def _coordinators_group_survives(django_db_blocker):
    # A transactional test ends by flushing the database, Coordinators group included.
    yield
    with django_db_blocker.unblock():
        restore_coordinator_group()


def _approve(application, user):
    return services.application_approve(
        application=application, decision_date=datetime.date(2025, 9, 1), feedback="Tervetuloa!", actor=user
    )


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite has no row locks (select_for_update is a no-op); this runs on PostgreSQL in CI",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_give_one_membership(coordinator):
    application = ApplicationFactory(in_review=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve() -> None:
        try:
            barrier.wait()
            _approve(Application.objects.get(pk=application.pk), coordinator)
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "forbidden_transition"]
    assert Membership.objects.filter(organisation__municipality=application.municipality).count() == 1
    assert Appointment.objects.filter(organisation__municipality=application.municipality).count() == 3
    assert application.status_changes.count() == 1
