"""The one way the service sends e-mail: render it in the recipient's language and put it in the
outbox in the caller's transaction.

A message is a row of django-post-office's `Email`, written together with the change it
reports, so it is kept exactly when the change is. After the commit a delivery task is enqueued;
the background worker (tervekunta.outbox) talks to the mail server. No web request ever does.

Templates live in `<app>/templates/<app>/email/<name>_subject.txt` and `<name>.txt`; callers
name them without the suffix, e.g. `queue_mail(template="applications/email/submitted", ...)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from post_office.models import PRIORITY, STATUS, Email
from post_office.utils import create_attachments

SUBJECT_MAX = Email._meta.get_field("subject").max_length


@dataclass
class Message:
    """One message to render: recipients, template name, context and the recipients' language."""

    to: Sequence[str]
    template: str
    language: str
    context: Mapping[str, Any] = field(default_factory=dict)


def _render_text(name: str, context: Mapping[str, Any]) -> str:
    # Plain text: nothing is HTML-escaped, so "A & B" stays "A & B" in every message.
    return get_template(name).template.render(Context(dict(context), autoescape=False))


def render(template: str, context: Mapping[str, Any], language: str) -> tuple[str, str]:
    """The subject (one line) and the plain-text body of `template` in `language`."""
    with translation.override(language):
        subject = _render_text(f"{template}_subject.txt", context)
        body = _render_text(f"{template}.txt", context)
    return " ".join(subject.split())[:SUBJECT_MAX], body


def _email(message: Message) -> Email:
    subject, body = render(message.template, message.context, message.language)
    # The text is stored as it is: post_office's own `mail.send` would read it as a template.
    return Email(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address for address in message.to if address],
        subject=subject,
        message=body,
        status=STATUS.queued,
        priority=PRIORITY.medium,
        # A fixed Message-ID lets receiving servers drop a copy sent again after a worker crash.
        message_id=make_msgid(domain=DNS_NAME),
    )


def queue_mail(
    *,
    to: str | Sequence[str],
    template: str,
    language: str,
    context: Mapping[str, Any] | None = None,
    attachments: Mapping[str, Any] | None = None,
) -> Email:
    """Render a message and queue it in the caller's transaction; the worker sends it after the commit.

    `attachments` maps file names to file objects or {"file": ..., "mimetype": ...}, as
    post_office's `create_attachments` takes them.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    email = _email(Message(to=recipients, template=template, language=language, context=context or {}))
    email.save()
    if attachments:
        email.attachments.add(*create_attachments(dict(attachments)))
    wake_worker_on_commit()
    return email


def queue_many(messages: Iterable[Message]) -> list[Email]:
    """Queue many messages with one insert; returns them in the same order, saved."""
    emails = Email.objects.bulk_create([_email(message) for message in messages])
    if emails:
        wake_worker_on_commit()
    return emails


def _wake() -> None:
    from tervekunta.tasks import deliver_outbox

    deliver_outbox.enqueue()


def wake_worker_on_commit() -> None:
    """Enqueue one delivery task when the current transaction commits (at once outside one).

    If enqueueing fails the change stays committed and the message waits for the next scheduled
    delivery, at most a minute later.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(func is _wake for _sids, func, _robust in connection.run_on_commit):
        return  # one wake-up per transaction is enough, however many messages it queues
    transaction.on_commit(_wake, robust=True)
