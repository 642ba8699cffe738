"""Delivering the outbox: the only code that talks to the mail server.

A worker claims one waiting message at a time: on PostgreSQL it locks the row with
`SELECT ... FOR UPDATE SKIP LOCKED`, and on every database it takes the message with a
conditional update that pushes its `scheduled_time` a lease ahead, committed before anything
is sent. Another worker, on this machine or another, skips the row while it is locked and
sees it as not yet due once the lease is written, so no two workers send one message. A worker
that dies after claiming leaves the message to be picked up again when the lease ends.

After a failed attempt the message waits `OUTBOX_RETRY_MINUTES[n]` before attempt n + 2;
after the last wait it is failed, for a coordinator to read the errors and send it again.
post_office's own `send_queued` is not used: it guards against a second sender with a lock
file on one machine only, and retries at one fixed interval.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from post_office.models import STATUS, Attachment, Email, Log

from tervekunta.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

WAITING = (STATUS.queued, STATUS.requeued)
# Longer than any one send can take (EMAIL_TIMEOUT per step of the SMTP conversation).
LEASE = datetime.timedelta(minutes=10)
HEARTBEAT = "outbox"
# Recorded when the mail server could not be reached at all; cleared when it answers again.
SERVER_UNREACHABLE = "mail-server-unreachable"


def _unreachable(error: Exception) -> bool:
    """A failure of the connection itself, not a server that answers and refuses a message."""
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected | smtplib.SMTPHeloError):
        return True
    # Every smtplib error is an OSError too: only the others are network failures.
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


CLAIM_BUSY_RETRIES = 5
# Messages tried by one run of the delivery task before it hands over to a new run.
DELIVERY_BATCH = 500


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed


def due(now: datetime.datetime) -> QuerySet[Email]:
    """Waiting messages whose time has come, the oldest first."""
    return (
        Email.objects.filter(status__in=WAITING)
        .filter(Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("-priority", "created", "pk")
    )


def retry_delay(attempts: int) -> datetime.timedelta | None:
    """How long to wait after `attempts` failed attempts; None when it is time to give up."""
    minutes = settings.OUTBOX_RETRY_MINUTES
    if attempts > len(minutes):
        return None
    return datetime.timedelta(minutes=minutes[attempts - 1])


def _claim() -> Email | None:
    """Take the next due message for this worker, or None when nothing is due."""
    busy = 0
    while True:
        now = timezone.now()
        try:
            with transaction.atomic():
                queue = due(now)
                if connection.features.has_select_for_update_skip_locked:
                    queue = queue.select_for_update(skip_locked=True)
                email = queue.first()
                if email is None:
                    return None
                taken = due(now).filter(pk=email.pk).update(scheduled_time=now + LEASE, last_updated=now)
        except OperationalError:
            # SQLite refuses a second writer ("database is locked") while another worker claims;
            # anything that lasts longer is a real fault for the task to report.
            busy += 1
            if busy > CLAIM_BUSY_RETRIES:
                raise
            logger.info("outbox: the database is busy, trying again", exc_info=True)
            time.sleep(0.1 * busy)
            continue
        if taken:
            return email


def _record_sent(email: Email) -> None:
    now = timezone.now()
    Email.objects.filter(pk=email.pk).update(status=STATUS.sent, scheduled_time=None, last_updated=now)
    Log.objects.create(email=email, status=STATUS.sent, message="")


def _record_failure(email: Email, error: Exception) -> bool:
    """Schedule the next attempt, or fail the message; True when it will be tried again."""
    now = timezone.now()
    attempts = (email.number_of_retries or 0) + 1
    delay = retry_delay(attempts)
    Email.objects.filter(pk=email.pk).update(
        status=STATUS.requeued if delay else STATUS.failed,
        scheduled_time=now + delay if delay else None,
        number_of_retries=attempts,
        last_updated=now,
    )
    Log.objects.create(
        email=email, status=STATUS.failed, message=str(error)[:2000], exception_type=type(error).__name__
    )
    return delay is not None


def _server_is_back(mail_server) -> bool:
    """After an outage, ask the mail server whether it answers again (without sending anything)."""
    if not WorkerHeartbeat.objects.filter(name=SERVER_UNREACHABLE).exists():
        return False
    try:
        mail_server.open()
    except OSError:  # refused, timed out, or the server hung up: still not back
        return False
    finally:
        mail_server.close()
    WorkerHeartbeat.objects.filter(name=SERVER_UNREACHABLE).delete()
    return True


def deliver(*, limit: int = DELIVERY_BATCH) -> DeliveryReport:
    """Send due messages until none is left or `limit` have been tried.

    When the mail server was unreachable and answers again, the messages waiting for a retry
    become due at once: the growing intervals spare a server that is down, not one that is back.
    """
    report = DeliveryReport()
    mail_server = get_connection()
    if _server_is_back(mail_server):
        brought = Email.objects.filter(status=STATUS.requeued).update(scheduled_time=timezone.now())
        logger.info("outbox: the mail server answers again; %s waiting messages are due now", brought)
    try:
        while report.attempted < limit and (email := _claim()) is not None:
            try:
                mail_server.send_messages([email.email_message()])
            except Exception as error:
                logger.warning("outbox: message %s to %s was not sent: %s", email.pk, email.to, error)
                # A connection that failed once is not trusted with the next message.
                mail_server.close()
                if _unreachable(error):
                    WorkerHeartbeat.objects.update_or_create(
                        name=SERVER_UNREACHABLE, defaults={"seen_at": timezone.now()}
                    )
                if _record_failure(email, error):
                    report.retrying += 1
                else:
                    report.failed += 1
            else:
                _record_sent(email)
                report.sent += 1
    finally:
        mail_server.close()
        record_heartbeat()
    return report


def requeue(emails: QuerySet[Email]) -> int:
    """Send these messages again with a fresh set of attempts, soon."""
    from tervekunta.mail import wake_worker_on_commit

    count = emails.update(status=STATUS.requeued, scheduled_time=None, number_of_retries=0, last_updated=timezone.now())
    if count:
        wake_worker_on_commit()
    return count


def erase_address(address: str) -> int:
    """Remove the messages sent only to `address`, waiting or not, with their attempts; returns how many."""
    address = address.strip().lower()
    if not address:
        return 0
    candidates = Email.objects.filter(to__icontains=address).only("pk", "to")
    ids = [email.pk for email in candidates if [a.strip().lower() for a in email.to] == [address]]
    return delete_messages(ids)["post_office.email"]


def delete_messages(ids: list[int]) -> dict[str, int]:
    """Delete the messages `ids` with their attempts, and the attachments only they held (a
    decision letter names people too), files included once the deletion is committed.
    Returns how many rows of each kind went."""
    ids = list(ids)
    if not ids:
        return {"post_office.email": 0, "post_office.log": 0, "post_office.attachment": 0}
    attachment_ids = list(Attachment.objects.filter(emails__in=ids).values_list("pk", flat=True).distinct())
    logs = Log.objects.filter(email_id__in=ids).delete()[0]
    Email.objects.filter(pk__in=ids).delete()
    orphans = Attachment.objects.filter(pk__in=attachment_ids, emails=None)
    files = [(attachment.file.storage, attachment.file.name) for attachment in orphans if attachment.file]
    attachments = orphans.delete()[1].get(Attachment._meta.label, 0)
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    return {"post_office.email": len(ids), "post_office.log": logs, "post_office.attachment": attachments}


# --- the worker's heartbeat and the state of the outbox ---------------------------------------


def record_heartbeat(now: datetime.datetime | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"seen_at": now or timezone.now()})


def last_heartbeat() -> datetime.datetime | None:
    return WorkerHeartbeat.objects.filter(name=HEARTBEAT).values_list("seen_at", flat=True).first()


@dataclass
class OutboxState:
    waiting: int
    failed: int
    oldest_waiting: datetime.datetime | None
    worker_seen: datetime.datetime | None
    now: datetime.datetime

    @property
    def oldest_waiting_seconds(self) -> int | None:
        return None if self.oldest_waiting is None else int((self.now - self.oldest_waiting).total_seconds())

    @property
    def worker_seconds_ago(self) -> int | None:
        return None if self.worker_seen is None else int((self.now - self.worker_seen).total_seconds())

    @property
    def worker_silent(self) -> bool:
        """Messages wait and no worker has run the delivery for OUTBOX_WORKER_SILENT_MINUTES."""
        if not self.waiting:
            return False
        limit = datetime.timedelta(minutes=settings.OUTBOX_WORKER_SILENT_MINUTES)
        return self.worker_seen is None or self.now - self.worker_seen > limit


def state(now: datetime.datetime | None = None) -> OutboxState:
    """Counts of waiting and failed messages, the oldest waiting one and the worker's last run."""
    counts = Email.objects.aggregate(
        waiting=Count("pk", filter=Q(status__in=WAITING)),
        failed=Count("pk", filter=Q(status=STATUS.failed)),
        oldest=Min("created", filter=Q(status__in=WAITING)),
    )
    return OutboxState(
        waiting=counts["waiting"],
        failed=counts["failed"],
        oldest_waiting=counts["oldest"],
        worker_seen=last_heartbeat(),
        now=now or timezone.now(),
    )


def undelivered_count() -> int:
    """Messages that could not be delivered and wait for a coordinator."""
    return Email.objects.filter(status=STATUS.failed).count()
