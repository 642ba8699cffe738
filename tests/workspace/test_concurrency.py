"""Several senders at once never send an announcement twice to the same address."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from members.workspace import announcements
from tests.factories.workspace import AnnouncementFactory, DeliveryFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_simultaneous_senders_send_each_delivery_once():
    announcement = AnnouncementFactory()
    DeliveryFactory.create_batch(60, announcement=announcement)
    senders = 6
    barrier = threading.Barrier(senders)
    errors = []

    def send() -> None:
        try:
            barrier.wait()
            while announcements.deliveries_send(limit=4) != (0, 0):
                pass
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = Counter(message.to[0] for message in mail.outbox)
    assert len(counts) == 60
    assert set(counts.values()) == {1}
    assert announcements.progress(announcement)["sent"] == 60
