"""Several workers at once never send an announcement twice to the same address."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import pytest
from django.db import connection, connections

from members import announcements
from tervekunta import outbox
from tests.factories.workspace import member_with_people

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_simultaneous_workers_send_each_delivery_once(django_user_model, smtp_server):
    smtp_server.start()
    user = django_user_model.objects.create_user("sender", password="x-password-1")
    for n in range(30):
        member_with_people(name_fi=f"Kunta {n}", roles=("contact_person",))
    announcement, _created = announcements.announcement_create(
        key=uuid.uuid4(),
        subject="S",
        body="B",
        to_contact_persons=True,
        to_elected_officials=False,
        filters={},
        actor=user,
    )
    workers = 6
    barrier = threading.Barrier(workers)
    errors = []

    def work() -> None:
        try:
            barrier.wait()
            while outbox.deliver(limit=4).attempted:
                pass
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = Counter(message["To"] for message in smtp_server.received)
    assert len(counts) == 30
    assert set(counts.values()) == {1}
    assert announcements.progress(announcement)["sent"] == 30
