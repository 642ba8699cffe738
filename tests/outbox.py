"""Mail in tests goes the way it goes in production: queued in the outbox by the request, sent by
the worker. `deliver_outbox()` and `run_tasks()` play the worker in the test's own thread.

The tests' e-mail backend refuses to send from anywhere else, so a request that sends mail
itself fails every test that drives it.
"""

from __future__ import annotations

import contextlib
import threading

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

_worker = threading.local()


class MailSentOutsideTheWorker(AssertionError):
    pass


class WorkerOnlyBackend(LocmemBackend):
    """locmem, but only while a test plays the worker; anything else is a request sending mail."""

    def send_messages(self, messages):
        if not getattr(_worker, "active", False):
            raise MailSentOutsideTheWorker("mail was sent outside the outbox worker")
        return super().send_messages(messages)


@contextlib.contextmanager
def as_worker():
    _worker.active = True
    try:
        yield
    finally:
        _worker.active = False


def deliver_outbox() -> list:
    """Send every due message as the worker would; returns mail.outbox."""
    from tervekunta import outbox

    with as_worker():
        outbox.deliver()
    return mail.outbox


def run_tasks() -> int:
    """Run the enqueued background tasks in this thread, as `db_worker` would; returns how many ran.

    The tasks run inside the test's transaction (db_worker's own loop would close the
    connection under it).
    """
    from django_tasks_db.models import DBTaskResult

    count = 0
    with as_worker():
        while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
            result.claim("tests")
            task = result.task
            try:
                value = task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
            except Exception as error:
                result.set_failed(error)
                raise
            result.set_successful(value)
            count += 1
    return count


def worker_mail() -> list:
    """Run what the worker would (enqueued tasks, then every due message); returns mail.outbox."""
    run_tasks()
    return deliver_outbox()
