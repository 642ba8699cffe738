"""What the service's own records hold about a person, and erasing it: the messages of the
outbox, the results of background tasks, the login records, the admin's log and the notes of
status changes.

These records are not any app's: a message or a note repeats what an app's record said. They
are found by what identifies the person (their address, the names their records carry, their
phone numbers) and lose exactly that; a message sent only to the person, a task result or a
login record that holds the address goes as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from post_office.models import Email, Log

from tervekunta.models import StatusChange
from tervekunta.outbox import WAITING, delete_messages, erase_address
from tervekunta.personal_data import ErasurePlan, Identity, mentions, redact

MESSAGE_TEXTS = ("subject", "message", "html_message")
RECIPIENTS = ("to", "cc", "bcc")
LOGIN_RECORDS = (AccessAttempt, AccessFailureLog, AccessLog)


def _task_results() -> type[models.Model]:
    return apps.get_model("django_tasks_database", "DBTaskResult")


def _holding(queryset: QuerySet, fields: Iterable[str], terms: Iterable[str]) -> QuerySet:
    """The rows in which one of `fields` holds one of `terms` (any case); JSON fields as text."""
    condition = Q()
    annotations = {}
    for field in fields:
        alias = f"_{field}_text"
        annotations[alias] = Cast(field, models.TextField())
        for term in terms:
            condition |= Q(**{f"{alias}__icontains": term})
    if not condition:
        return queryset.none()
    return queryset.annotate(**annotations).filter(condition)


def _messages(identity: Identity) -> QuerySet[Email]:
    return _holding(Email.objects.all(), (*RECIPIENTS, *MESSAGE_TEXTS, "headers"), identity.terms())


def _login_records(identity: Identity) -> dict[type[models.Model], QuerySet]:
    records = {}
    for model in LOGIN_RECORDS:
        fields = ("username", "get_data", "post_data") if model is AccessAttempt else ("username",)
        records[model] = _holding(model.objects.all(), fields, [identity.email])
    return records


def _task_rows(identity: Identity) -> QuerySet:
    return _holding(_task_results().objects.all(), ("args_kwargs", "return_value", "traceback"), [identity.email])


def _notes(identity: Identity) -> QuerySet[StatusChange]:
    return _holding(StatusChange.objects.exclude(note=""), ("note",), identity.terms())


def _log_entries(identity: Identity) -> QuerySet[LogEntry]:
    return _holding(LogEntry.objects.all(), ("object_repr", "change_message"), identity.terms())


def _accounts(identity: Identity) -> QuerySet:
    user_model = get_user_model()
    return user_model.objects.filter(Q(email__iexact=identity.email) | Q(username__iexact=identity.email))


def erasure_plan(identity: Identity) -> ErasurePlan:
    """What erasing the person does to the service's own records, and what prevents it: a user
    account of the service with the address is removed in the admin, not here."""
    plan = ErasurePlan()
    if not identity.email and not identity.names:
        return plan
    if identity.email:
        for account in _accounts(identity):
            plan.blockers.append(
                _(
                    "The address is the e-mail address of the service's user account “%(username)s”. Remove the "
                    "account, or change its address, in the admin first."
                )
                % {"username": account.get_username()}
            )
    only_to = [m for m in _messages(identity) if _recipients(m) == {identity.email.lower()}]
    count = len(only_to)
    plan.add(
        Email,
        count,
        ngettext(
            "%(n)s e-mail message sent only to the person is deleted.",
            "%(n)s e-mail messages sent only to the person are deleted.",
            count,
        )
        % {"n": count},
    )
    count = _messages(identity).count() - len(only_to)
    plan.add(
        Email,
        count,
        ngettext(
            "%(n)s e-mail message also sent to others, or naming the person: the person's address is removed from "
            "the recipients and the text naming them is removed.",
            "%(n)s e-mail messages also sent to others, or naming the person: the person's address is removed "
            "from the recipients and the texts naming them are removed.",
            count,
        )
        % {"n": count},
    )
    count = _task_rows(identity).count() if identity.email else 0
    plan.add(
        _task_results(),
        count,
        ngettext(
            "%(n)s record of a background task given the address (such as sending links) is deleted.",
            "%(n)s records of background tasks given the address (such as sending links) are deleted.",
            count,
        )
        % {"n": count},
    )
    count = sum(q.count() for q in _login_records(identity).values()) if identity.email else 0
    plan.add(
        AccessLog,
        count,
        ngettext(
            "%(n)s login record with the address as the user name is deleted.",
            "%(n)s login records with the address as the user name are deleted.",
            count,
        )
        % {"n": count},
    )
    count = _notes(identity).count()
    plan.add(
        StatusChange,
        count,
        ngettext(
            "%(n)s note of a status change naming the person: the name is removed; the change stays.",
            "%(n)s notes of status changes naming the person: the name is removed; the changes stay.",
            count,
        )
        % {"n": count},
    )
    count = _log_entries(identity).count()
    plan.add(
        LogEntry,
        count,
        ngettext(
            "%(n)s entry of the admin's change log naming the person: the name is removed; the entry stays.",
            "%(n)s entries of the admin's change log naming the person: the name is removed; the entries stay.",
            count,
        )
        % {"n": count},
    )
    return plan


def _recipients(email: Email) -> set[str]:
    return {address.strip().lower() for field in RECIPIENTS for address in (getattr(email, field) or []) if address}


def _erase_messages(identity: Identity) -> tuple[int, int]:
    """Delete the messages sent only to the person; the others lose the person's address and,
    where they name the person, their text. Returns (messages changed, attempt logs changed)."""
    deleted = erase_address(identity.email) if identity.email else 0
    address = identity.email.lower()
    changed, logs = 0, 0
    for email in _messages(identity):
        to_person = address and address in _recipients(email)
        updates = {}
        for field in RECIPIENTS:
            kept = [a for a in (getattr(email, field) or []) if a.strip().lower() != address]
            if kept != (getattr(email, field) or []):
                updates[field] = kept
        if to_person and not any(updates.get(field, getattr(email, field)) for field in RECIPIENTS):
            deleted += delete_messages([email.pk])["post_office.email"]
            continue
        if any(mentions(getattr(email, field) or "", identity, words=to_person) for field in MESSAGE_TEXTS):
            updates["subject"] = redact(email.subject, identity, words=to_person)
            if email.status in WAITING:
                # Still to be sent to the others: it keeps its sense without the person.
                updates["message"] = redact(email.message, identity, words=to_person)
                updates["html_message"] = redact(email.html_message, identity, words=to_person)
            else:
                updates["message"] = ""
                updates["html_message"] = ""
            updates["context"] = None
        if email.headers and mentions(str(email.headers), identity):
            updates["headers"] = {key: redact(str(value), identity) for key, value in email.headers.items()}
        if updates:
            Email.objects.filter(pk=email.pk).update(**updates)
            changed += 1
        for log in Log.objects.filter(email=email).exclude(message=""):
            if mentions(log.message, identity):
                Log.objects.filter(pk=log.pk).update(message=redact(log.message, identity))
                logs += 1
    return deleted + changed, logs


def _redact_json(value, identity: Identity):
    if isinstance(value, str):
        return redact(value, identity)
    if isinstance(value, list):
        return [_redact_json(item, identity) for item in value]
    if isinstance(value, dict):
        return {key: _redact_json(item, identity) for key, item in value.items()}
    return value


@transaction.atomic
def erase(identity: Identity) -> dict[str, int]:
    """Remove the person from the service's own records. Returns how many rows of each model were
    deleted or changed."""
    counts: dict[str, int] = {}
    if not identity.email and not identity.names:
        return counts
    messages, logs = _erase_messages(identity)
    counts[Email._meta.label_lower] = messages
    counts[Log._meta.label_lower] = logs
    if identity.email:
        results = _task_rows(identity)
        running = list(results.filter(status="RUNNING"))
        for row in running:
            # A worker is running it and will write its result: only the address goes.
            type(row).objects.filter(pk=row.pk).update(args_kwargs=_redact_json(row.args_kwargs, identity))
        counts[_task_results()._meta.label_lower] = len(running) + _delete(results.exclude(status="RUNNING"))
        for model, rows in _login_records(identity).items():
            counts[model._meta.label_lower] = _delete(rows)
    notes = 0
    for change in _notes(identity):
        note = redact(change.note, identity)
        if note != change.note:
            StatusChange.objects.filter(pk=change.pk).update(note=note)
            notes += 1
    counts[StatusChange._meta.label_lower] = notes
    entries = 0
    for entry in _log_entries(identity):
        updates = {
            "object_repr": redact(entry.object_repr, identity)[:200],
            "change_message": redact(entry.change_message, identity),
        }
        if updates != {"object_repr": entry.object_repr, "change_message": entry.change_message}:
            LogEntry.objects.filter(pk=entry.pk).update(**updates)
            entries += 1
    counts[LogEntry._meta.label_lower] = entries
    return counts


def _delete(rows: QuerySet) -> int:
    """Delete `rows`; how many of their own model went (not the rows deleted with them)."""
    model = rows.model
    return model.objects.filter(pk__in=rows.values("pk")).delete()[1].get(model._meta.label, 0)
