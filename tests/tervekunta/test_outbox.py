"""The outbox: messages are queued with the change they report and delivered by the worker only,
once, with retries at growing intervals, through a real SMTP server in the test process."""

from __future__ import annotations

import datetime
import itertools
import smtplib
import threading
from collections import Counter

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from post_office.models import STATUS, Attachment, Email, Log

from tervekunta import outbox
from tervekunta.mail import Message, queue_mail, queue_many
from tervekunta.models import JobRun
from tests.outbox import WorkerOnlyBackend, deliver_outbox, run_tasks

pytestmark = pytest.mark.django_db

HELLO = {
    "tests/email/hello_subject.txt": "{% load i18n %}{% translate 'Finnish' %} {{ name }}",
    "tests/email/hello.txt": "{% load i18n %}{% translate 'Swedish' %}: {{ name }}",
}


@pytest.fixture(autouse=True)
def _hello_template(settings):
    engine = dict(settings.TEMPLATES[0])
    options = dict(engine["OPTIONS"])
    options["loaders"] = [
        ("django.template.loaders.locmem.Loader", HELLO),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    engine.update(APP_DIRS=False, OPTIONS=options)
    settings.TEMPLATES = [engine]


def _hello(to: str = "anna@kunta.example", name: str = "Anna", language: str = "fi") -> Email:
    return queue_mail(to=to, template="tests/email/hello", language=language, context={"name": name})


def _make_due(*emails: Email) -> None:
    Email.objects.filter(pk__in=[e.pk for e in emails]).update(scheduled_time=timezone.now())


# --- queueing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "subject", "body"), [("fi", "suomi", "ruotsi"), ("sv", "finska", "svenska")])
def test_a_message_is_rendered_in_the_recipients_language_and_waits(language, subject, body):
    email = _hello(name="<Anna & Bo>", language=language)
    email.refresh_from_db()
    assert email.status == STATUS.queued
    assert email.subject == f"{subject} <Anna & Bo>"
    assert email.message.strip() == f"{body}: <Anna & Bo>"
    assert email.to == ["anna@kunta.example"]
    assert email.message_id


def test_text_is_stored_as_text_not_as_a_template():
    email = _hello(name="{% now 'Y' %} {{ secret }}")
    assert "{% now 'Y' %} {{ secret }}" in Email.objects.get(pk=email.pk).message
    deliver_outbox()
    from django.core import mail

    assert "{% now 'Y' %} {{ secret }}" in mail.outbox[0].body


def test_one_delivery_task_is_enqueued_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _hello(to="a@kunta.example")
        _hello(to="b@kunta.example")
        queue_many([Message(to=["c@kunta.example"], template="tests/email/hello", language="fi", context={})])
        assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    assert DBTaskResult.objects.get().task_path == "tervekunta.tasks.deliver_outbox"


def test_a_message_of_a_rolled_back_change_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _hello()
        raise RuntimeError("the change fails")
    assert not Email.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_worker_task_delivers_what_waits(django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        _hello()
    assert mail.outbox == []
    assert run_tasks() == 1
    assert [m.to for m in mail.outbox] == [["anna@kunta.example"]]
    assert outbox.last_heartbeat() is not None


# --- delivery through a real SMTP server ------------------------------------------------------


def test_server_down_then_up_delivers_each_message_once(smtp_server):
    first, second = _hello(to="a@kunta.example"), _hello(to="b@kunta.example")
    report = outbox.deliver()  # nothing listens on the port
    assert (report.sent, report.retrying) == (0, 2)
    waiting = Email.objects.get(pk=first.pk)
    assert waiting.status == STATUS.requeued and waiting.number_of_retries == 1
    assert waiting.scheduled_time > timezone.now() + datetime.timedelta(seconds=50)
    log = Log.objects.get(email=first)
    assert log.status == STATUS.failed and log.exception_type == "ConnectionRefusedError"
    assert outbox.deliver().attempted == 0  # not due yet

    smtp_server.start()
    _make_due(first, second)
    assert outbox.deliver().sent == 2
    assert outbox.deliver().attempted == 0
    _make_due(first, second)  # a sent message never comes due again
    assert outbox.deliver().attempted == 0
    assert sorted(m["To"] for m in smtp_server.received) == ["a@kunta.example", "b@kunta.example"]
    assert Counter(smtp_server.message_ids()) == Counter({first.message_id: 1, second.message_id: 1})


def test_when_the_server_answers_again_the_waiting_messages_go_at_once(smtp_server):
    email = _hello()
    outbox.deliver()  # refused: the server is down
    # Several attempts later the next one would be hours away ...
    Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now() + datetime.timedelta(hours=8))
    assert outbox.deliver().attempted == 0  # ... and while the server stays down, nothing is tried
    smtp_server.start()
    assert outbox.deliver().sent == 1  # the next run sees the server back and sends at once
    assert len(smtp_server.received) == 1
    assert outbox.deliver().attempted == 0


def test_a_refused_message_does_not_bring_the_others_forward(settings, smtp_server):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingServer"
    email = _hello()
    assert outbox.deliver().retrying == 1
    later = timezone.now() + datetime.timedelta(hours=8)
    Email.objects.filter(pk=email.pk).update(scheduled_time=later)
    outbox.deliver()
    assert Email.objects.get(pk=email.pk).scheduled_time == later


class RefusingServer(WorkerOnlyBackend):
    """A server that answers and refuses the recipient."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"anna@kunta.example": (550, b"no such user")})


def test_a_server_that_never_answers_holds_the_worker_for_the_timeout_only(silent_smtp_server):
    email = _hello()
    report = outbox.deliver()
    assert report.retrying == 1
    assert Log.objects.get(email=email).exception_type in {"TimeoutError", "SMTPServerDisconnected"}
    assert len(silent_smtp_server.connections) == 1


def test_retries_grow_for_more_than_a_day_and_then_the_message_fails(settings, smtp_server):
    waits = [datetime.timedelta(minutes=m) for m in settings.OUTBOX_RETRY_MINUTES]
    assert all(later >= earlier for earlier, later in itertools.pairwise(waits))
    assert sum(waits, datetime.timedelta()) >= datetime.timedelta(hours=24)

    email = _hello()
    for attempt, wait in enumerate(waits, start=1):
        before = timezone.now()
        assert outbox.deliver().retrying == 1
        email.refresh_from_db()
        assert email.number_of_retries == attempt
        assert before + wait <= email.scheduled_time <= timezone.now() + wait
        _make_due(email)
    assert outbox.deliver().failed == 1
    email.refresh_from_db()
    assert email.status == STATUS.failed and email.scheduled_time is None
    assert email.logs.filter(status=STATUS.failed).count() == len(waits) + 1
    assert outbox.undelivered_count() == 1

    # A coordinator sends it again: a fresh set of attempts, due at once.
    smtp_server.start()
    assert outbox.requeue(Email.objects.filter(pk=email.pk)) == 1
    assert outbox.deliver().sent == 1
    assert len(smtp_server.received) == 1


def test_an_attachment_travels_with_the_message(smtp_server):
    smtp_server.start()
    queue_mail(
        to="anna@kunta.example",
        template="tests/email/hello",
        language="fi",
        context={"name": "Anna"},
        attachments={"paatos.pdf": {"file": ContentFile(b"%PDF-1.4 decision"), "mimetype": "application/pdf"}},
    )
    assert outbox.deliver().sent == 1
    (message,) = smtp_server.received
    parts = [part for part in message.walk() if part.get_filename() == "paatos.pdf"]
    assert parts and parts[0].get_payload(decode=True) == b"%PDF-1.4 decision"


def test_erasing_an_address_removes_the_attachments_only_its_messages_held(django_capture_on_commit_callbacks):
    def letter():
        return {"Paatos-Virrat.pdf": {"file": ContentFile(b"%PDF-1.4 letter"), "mimetype": "application/pdf"}}

    queue_mail(to="anna@kunta.example", template="tests/email/hello", language="fi", attachments=letter())
    kept = queue_mail(to="ben@kunta.example", template="tests/email/hello", language="fi", attachments=letter())
    (erased,) = Attachment.objects.filter(emails__to__icontains="anna")
    storage, name = erased.file.storage, erased.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.erase_address("anna@kunta.example") == 1

    assert list(Attachment.objects.values_list("emails", flat=True)) == [kept.pk]
    assert not storage.exists(name)
    (left,) = Attachment.objects.all()
    assert left.file.storage.exists(left.file.name)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_deliver_200_messages_exactly_once(smtp_server):
    smtp_server.start()
    queue_many([Message(to=[f"p{n}@kunta.example"], template="tests/email/hello", language="fi") for n in range(200)])
    reports, errors = [], []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait()
            reports.append(outbox.deliver())
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sum(r.sent for r in reports) == 200
    assert all(r.sent > 0 for r in reports), "both workers took part"
    counts = Counter(m["To"] for m in smtp_server.received)
    assert len(counts) == 200 and set(counts.values()) == {1}
    assert Email.objects.filter(status=STATUS.sent).count() == 200


# --- what coordinators and operators see -------------------------------------------------------


def test_healthz_reports_the_outbox_and_fails_when_the_worker_is_silent(client, settings):
    assert client.get("/healthz").json()["outbox"] == {"waiting": 0, "failed": 0, "oldest_waiting_seconds": None}
    email = _hello()
    Email.objects.filter(pk=email.pk).update(created=timezone.now() - datetime.timedelta(minutes=3))
    response = client.get("/healthz")
    assert response.status_code == 503  # a message waits and no worker has ever run
    body = response.json()
    assert body["worker"] == {"status": "silent", "last_seen_seconds_ago": None}
    assert body["outbox"]["waiting"] == 1 and 175 <= body["outbox"]["oldest_waiting_seconds"] <= 200

    outbox.record_heartbeat(timezone.now() - datetime.timedelta(minutes=2))
    assert client.get("/healthz").status_code == 200
    outbox.record_heartbeat(timezone.now() - datetime.timedelta(minutes=settings.OUTBOX_WORKER_SILENT_MINUTES + 1))
    assert client.get("/healthz").status_code == 503
    deliver_outbox()  # the worker runs: nothing waits and the heartbeat is fresh
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["outbox"]["waiting"] == 0 and body["worker"]["last_seen_seconds_ago"] < 5


def test_coordinator_reads_the_errors_and_sends_a_failed_message_again(coordinator_client, smtp_server):
    failed = _hello(to="kadonnut@kunta.example")
    Email.objects.filter(pk=failed.pk).update(status=STATUS.failed, number_of_retries=11)
    Log.objects.create(email=failed, status=STATUS.failed, message="550 no such user", exception_type="SMTPError")
    _hello(to="odottaa@kunta.example")
    changelist = reverse("admin:tervekunta_outboxmessage_changelist")

    page = coordinator_client.get(changelist, {"status": "failed"})
    assert page.status_code == 200
    assert "kadonnut@kunta.example" in page.text and "odottaa@kunta.example" not in page.text
    detail = coordinator_client.get(reverse("admin:tervekunta_outboxmessage_change", args=[failed.pk]))
    assert "550 no such user" in detail.text

    response = coordinator_client.post(
        changelist, {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
    )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.status == STATUS.requeued and failed.number_of_retries == 0
    smtp_server.start()
    outbox.deliver()
    assert [m["To"] for m in smtp_server.received].count("kadonnut@kunta.example") == 1


def test_the_admin_offers_no_sending_from_the_request(admin_client):
    email = _hello()
    assert admin_client.get(f"/admin/post_office/email/{email.pk}/resend/").status_code == 404
    assert admin_client.get(reverse("admin:tervekunta_outboxmessage_change", args=[email.pk])).status_code == 200


# --- the schedule -------------------------------------------------------------------------------


def test_the_scheduler_enqueues_every_job_of_the_schedule():
    from tervekunta.management.commands.scheduler import build_scheduler
    from tervekunta.schedule import SCHEDULE

    scheduler = build_scheduler()
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {entry.task.name for entry in SCHEDULE}
    assert "deliver_outbox" in jobs
    for job in jobs.values():
        job.func()
    assert DBTaskResult.objects.count() == len(SCHEDULE)


def test_the_schedule_is_listed(capsys):
    call_command("scheduler", "--list")
    assert "deliver_outbox" in capsys.readouterr().out


def test_a_job_records_what_it_did():
    from tervekunta.tasks import prune_task_results

    old = DBTaskResult.objects.create(
        task_path="tervekunta.tasks.deliver_outbox", args_kwargs={"args": [], "kwargs": {}}
    )
    week_ago = timezone.now() - datetime.timedelta(days=8)
    DBTaskResult.objects.filter(pk=old.pk).update(status="SUCCESSFUL", finished_at=week_ago)
    prune_task_results.call()
    run = JobRun.objects.get(job="prune_task_results")
    assert run.succeeded and run.summary == {"removed": 1} and run.finished_at
