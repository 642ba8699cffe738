"""Announcements: an e-mail to the current contact persons and/or elected officials of the
members, sent in the background.

Each recipient address is one Delivery row (unique per announcement), created when the
announcement is. A sender claims pending rows (skipping rows another sender has locked, where
the database can), sends them and marks each sent or failed. The claim is a conditional
update, so two senders never send the same row; re-submitting the form finds the same
announcement through its submission key. The sender runs as `manage.py send_announcements`
(with --loop as a worker) and, so that development needs no worker, in a daemon thread of the
web process after the announcement is committed.
"""

from __future__ import annotations

import datetime
import logging
import threading
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import close_old_connections, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.choices import DELIVERY_TRANSITIONS, DeliveryStatus, Role
from members.models import Announcement, Appointment, Delivery, Organisation
from members.workspace.exports import filter_members
from tervekunta.statuses import change_status

logger = logging.getLogger(__name__)

BATCH = 50
# A row claimed this long ago by a sender that never finished goes back to the queue.
STALE_CLAIM = datetime.timedelta(minutes=15)
_sender_lock = threading.Lock()


def recipient_roles(*, to_contact_persons: bool, to_elected_officials: bool) -> list[str]:
    roles = []
    if to_contact_persons:
        roles.append(Role.CONTACT_PERSON)
    if to_elected_officials:
        roles.append(Role.ELECTED_OFFICIAL)
    return roles


def recipients(*, roles: list[str], filters: dict) -> list[Appointment]:
    """Current appointments in `roles` of today's members matching `filters`, one per e-mail address."""
    members = filter_members(Organisation.objects.members_on(timezone.localdate()), filters)
    appointments = (
        Appointment.objects.current()
        .filter(role__in=roles, organisation__in=members.values("pk"))
        .exclude(person__email="")
        .select_related("person", "organisation")
        .order_by("organisation__name_fi", "role", "pk")
    )
    seen, unique = set(), []
    for appointment in appointments:
        address = appointment.person.email.strip().lower()
        if address not in seen:
            seen.add(address)
            unique.append(appointment)
    return unique


@transaction.atomic
def announcement_create(
    *,
    key: uuid.UUID,
    subject: str,
    body: str,
    to_contact_persons: bool,
    to_elected_officials: bool,
    filters: dict,
    actor: AbstractBaseUser,
) -> tuple[Announcement, bool]:
    """Create the announcement and one delivery per address; the same key never creates two.

    Returns the announcement and whether it was created now.
    """
    existing = Announcement.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    announcement = Announcement(
        key=key,
        subject=subject,
        body=body,
        to_contact_persons=to_contact_persons,
        to_elected_officials=to_elected_officials,
        region=filters.get("region"),
        welfare_region=filters.get("welfare_region"),
        kind=filters.get("kind") or "",
        created_by=actor,
    )
    announcement.full_clean()
    people = recipients(
        roles=recipient_roles(to_contact_persons=to_contact_persons, to_elected_officials=to_elected_officials),
        filters=filters,
    )
    if not people:
        raise ValidationError(_("No current member has anyone with an e-mail address to send to."), code="nobody")
    announcement.save()
    Delivery.objects.bulk_create(
        [
            Delivery(
                announcement=announcement,
                email=a.person.email.strip().lower(),
                name=a.person.full_name,
                organisation=a.organisation,
                person=a.person,
            )
            for a in people
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(start_background_sender)
    return announcement, True


def progress(announcement: Announcement) -> dict[str, int]:
    return announcement.deliveries.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in DeliveryStatus.values}, total=Count("pk")
    )


# --- the sender ------------------------------------------------------------------------------


def _claim(now: datetime.datetime, limit: int) -> list[Delivery]:
    """Mark up to `limit` pending deliveries as ours; the rows are locked first, so no row is claimed twice."""
    claim = uuid.uuid4()
    with transaction.atomic():
        queue = Delivery.objects.filter(
            Q(status=DeliveryStatus.PENDING) | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            queue = queue.select_for_update(skip_locked=True)
        for delivery in queue[:limit]:
            if delivery.status == DeliveryStatus.SENDING:
                # Its sender never finished: the claim goes back to the queue before it is taken again.
                delivery = change_status(
                    delivery, DeliveryStatus.PENDING, transitions=DELIVERY_TRANSITIONS, actor=None, at=now
                )
            change_status(
                delivery,
                DeliveryStatus.SENDING,
                transitions=DELIVERY_TRANSITIONS,
                actor=None,
                at=now,
                claim=claim,
                claimed_at=now,
            )
    return list(Delivery.objects.filter(claim=claim, status=DeliveryStatus.SENDING).select_related("announcement"))


@transaction.atomic
def _finish(delivery: Delivery, status: str, **fields) -> bool:
    """Mark a sent or failed delivery, unless its claim went stale and another sender took it over."""
    current = Delivery.objects.select_for_update().filter(pk=delivery.pk, claim=delivery.claim).first()
    if current is None or current.status != DeliveryStatus.SENDING:
        return False
    change_status(current, status, transitions=DELIVERY_TRANSITIONS, actor=None, **fields)
    return True


def deliveries_send(*, limit: int = BATCH, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Send one batch of pending deliveries. Returns (sent, failed)."""
    sent = failed = 0
    for delivery in _claim(now or timezone.now(), limit):
        announcement = delivery.announcement
        try:
            send_mail(announcement.subject, announcement.body, None, [delivery.email])
        except Exception as error:
            logger.warning("announcement %s to %s failed: %s", announcement.pk, delivery.email, error)
            _finish(delivery, DeliveryStatus.FAILED, error=str(error)[:1000])
            failed += 1
        else:
            _finish(delivery, DeliveryStatus.SENT, sent_at=timezone.now(), error="")
            sent += 1
    return sent, failed


@transaction.atomic
def deliveries_retry(*, deliveries: Iterable[Delivery], actor: AbstractBaseUser) -> int:
    """Queue failed deliveries again for the sender; returns how many. Sent ones are never sent twice."""
    queued = 0
    ids = [delivery.pk for delivery in deliveries]
    for delivery in (
        Delivery.objects.select_for_update().filter(pk__in=ids, status=DeliveryStatus.FAILED).order_by("pk")
    ):
        change_status(
            delivery, DeliveryStatus.PENDING, transitions=DELIVERY_TRANSITIONS, actor=actor, note=delivery.error
        )
        queued += 1
    if queued:
        transaction.on_commit(start_background_sender)
    return queued


def send_pending() -> tuple[int, int]:
    """Send batches until nothing is pending."""
    total_sent = total_failed = 0
    while True:
        sent, failed = deliveries_send()
        total_sent += sent
        total_failed += failed
        if not sent and not failed:
            return total_sent, total_failed


def _run_in_thread() -> None:
    if not _sender_lock.acquire(blocking=False):
        return  # a sender thread of this process is already at work; it will pick the new rows up
    try:
        send_pending()
    except Exception:
        logger.exception("the announcement sender thread stopped")
    finally:
        _sender_lock.release()
        close_old_connections()
        connection.close()


def start_background_sender() -> None:
    """Send in a daemon thread of this process, unless a separate worker does it."""
    if not settings.ANNOUNCEMENTS_SEND_IN_WEB_PROCESS:
        return
    threading.Thread(target=_run_in_thread, name="announcement-sender", daemon=True).start()
