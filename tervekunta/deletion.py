"""Deleting records that hold personal data so that nothing of them stays behind.

A record deleted in the admin, by a person's erasure or at the end of its retention period
takes with it everything Django deletes with it (its cascade, found by Django's deletion
collector), and for every one of those rows:

- the rows of its history (django-simple-history), including the one the deletion itself writes;
- the status changes recorded for it (`tervekunta.StatusChange`);
- its stored files (every FileField, and the files its history rows still name), removed from
  the storage once the transaction has committed;
- the outbox messages sent only to one of its e-mail addresses, unless a remaining record still
  holds the address;

and an erasure record per kind (who, when, how many), never the values.

`clear_personal_fields` is the other half: where a record stays (attendance, an organisation's
history), its personal fields are overwritten in the row and in every history row of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models import Q, Value
from django.db.models.deletion import Collector
from django.db.models.functions import Cast, Concat, Lower
from django.http import HttpRequest
from post_office.models import Email
from simple_history.models import HistoricalChanges

from tervekunta.erasure import Reason, kind_of, record_erasure
from tervekunta.history import acting_user
from tervekunta.models import StatusChange
from tervekunta.outbox import delete_messages

Rows = dict[type[models.Model], set[Any]]


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The model of `model`'s history rows, or None for a model without history."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def history_of(model: type[models.Model], pks: Iterable[Any]) -> models.QuerySet | None:
    """The history rows of the records of `model` with these primary keys."""
    historical = history_model(model)
    if historical is None:
        return None
    return historical._default_manager.filter(**{f"{model._meta.pk.attname}__in": list(pks)})


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _email_fields(model: type[models.Model]) -> list[models.EmailField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.EmailField)]


def _collect(records: models.QuerySet | Iterable[models.Model]) -> tuple[Collector, Rows]:
    """Django's collector for deleting `records`, and every row it will delete, by model."""
    records = list(records)
    collector = Collector(using=router.db_for_write(type(records[0])) if records else "default")
    collector.collect(records)
    rows: Rows = defaultdict(set)
    for model, instances in collector.data.items():
        rows[model] |= {instance.pk for instance in instances}
    for queryset in collector.fast_deletes:
        rows[queryset.model] |= set(queryset.values_list("pk", flat=True))
    return collector, rows


def _stored_files(rows: Rows) -> list[tuple[Any, str]]:
    """(storage, name) of every file the rows and their history rows name."""
    files = []
    for model, pks in rows.items():
        fields = _file_fields(model)
        if not fields or not pks:
            continue
        sources = [model._base_manager.filter(pk__in=pks)]
        history = history_of(model, pks)
        if history is not None:
            sources.append(history)
        for field in fields:
            for source in sources:
                for name in source.exclude(**{field.attname: ""}).values_list(field.attname, flat=True).distinct():
                    if name:
                        files.append((field.storage, name))
    return files


def _addresses(rows: Rows) -> set[str]:
    """Every e-mail address the rows hold, lower-cased."""
    found: set[str] = set()
    for model, pks in rows.items():
        for field in _email_fields(model):
            values = model._base_manager.filter(pk__in=pks).values_list(field.attname, flat=True)
            found |= {value.strip().lower() for value in values if value and value.strip()}
    return found


def _record_models() -> list[type[models.Model]]:
    """The models whose rows may hold an address someone can still be written to at."""
    return [
        model
        for model in apps.get_models()
        if _email_fields(model)
        and not issubclass(model, HistoricalChanges)
        and model._meta.managed
        and not model._meta.proxy
    ]


def _still_used(addresses: set[str]) -> set[str]:
    """The addresses a remaining record still holds."""
    used: set[str] = set()
    if not addresses:
        return used
    for model in _record_models():
        for field in _email_fields(model):
            used |= set(
                model._base_manager.annotate(_address=Lower(field.attname))
                .filter(_address__in=addresses)
                .values_list("_address", flat=True)
            )
    return used


def erase_messages(addresses: Iterable[str]) -> int:
    """Remove the outbox messages (waiting or not, with their attempts) sent only to one of
    `addresses` that no remaining record holds, as `outbox.erase_address` does for one
    address; returns how many."""
    addresses = {a.strip().lower() for a in addresses if a and a.strip()}
    addresses -= _still_used(addresses)
    if not addresses:
        return 0
    mentions = Q()
    for address in addresses:
        mentions |= Q(to__icontains=address)
    candidates = Email.objects.filter(mentions).only("pk", "to")
    ids = [email.pk for email in candidates if {a.strip().lower() for a in email.to} <= addresses and email.to]
    return delete_messages(ids)["post_office.email"]


def remove_files_on_commit(files: Iterable[tuple[Any, str]]) -> None:
    """Delete stored files once the transaction that deleted their records has committed."""
    files = list(dict.fromkeys(files))
    if not files:
        return

    def remove() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)


def _scrub_history_and_status_changes(rows: Rows) -> None:
    """Remove the history rows and status changes of deleted rows, and their names in the admin's log."""
    for model, pks in rows.items():
        if not pks:
            continue
        history = history_of(model, pks)
        if history is not None:
            history.delete()
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        # Through a GenericRelation the collector has taken most of them already.
        if all(isinstance(pk, int) for pk in pks):
            StatusChange.objects.filter(content_type=content_type, object_id__in=pks).delete()
        # The admin's log keeps who changed or deleted what, but not the record's name.
        LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks]).update(
            object_repr=Concat(Value("#"), "object_id")
        )


def remove_records(records: models.QuerySet | Iterable[models.Model]) -> dict[str, int]:
    """Delete `records` with their cascade and leave nothing of them: history, status changes,
    files, outbox messages. Returns how many rows of each kind went; the caller records it."""
    collector, rows = _collect(records)
    if not rows:
        return {}
    files = _stored_files(rows)
    addresses = _addresses(rows)
    _total, deleted = collector.delete()
    _scrub_history_and_status_changes(rows)
    counts = {label.lower(): count for label, count in deleted.items() if count}
    # The status changes go with their records and are not counted apart.
    counts.pop(kind_of(StatusChange), None)
    messages = erase_messages(addresses)
    if messages:
        counts["post_office.email"] = counts.get("post_office.email", 0) + messages
    remove_files_on_commit(files)
    return counts


@transaction.atomic
def delete_personal_records(
    records: models.QuerySet | Iterable[models.Model],
    *,
    reason: str,
    actor: AbstractBaseUser | None = None,
) -> dict[str, int]:
    """`remove_records`, and the erasure record naming who did it."""
    counts = remove_records(records)
    record_erasure(reason=reason, counts=counts, actor=acting_user(actor))
    return counts


def clear_personal_fields(queryset: models.QuerySet, values: Mapping[str, Any]) -> int:
    """Overwrite `values` (a value or an expression of the row, e.g. a per-row unique address)
    in the rows of `queryset` and in all their history rows; returns how many records."""
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    addresses = _addresses({model: set(pks)})
    files = _stored_files({model: set(pks)}) if any(f.name in values for f in _file_fields(model)) else []
    model._base_manager.filter(pk__in=pks).update(**values)
    history = history_of(model, pks)
    if history is not None:
        history.update(**values)
    erase_messages(addresses)
    remove_files_on_commit(files)
    return len(pks)


def erased_address_of_row() -> Concat:
    """For `clear_personal_fields`: each row's own undeliverable address (as
    `tervekunta.personal_data.erased_address`), where an address must stay filled and unique."""
    return Concat(Value("poistettu-"), Cast("id", output_field=models.CharField()), Value("@invalid.invalid"))


def dependent_file_rows(queryset: models.QuerySet) -> list[models.Model]:
    """The rows Django would delete with `queryset` that hold a file (such as an application's
    documents), for clearing a record that itself stays."""
    _collector, rows = _collect(queryset)
    found = []
    for model, pks in rows.items():
        if model is not queryset.model and _file_fields(model) and pks:
            found += list(model._base_manager.filter(pk__in=pks))
    return found


class PersonalDataAdminMixin:
    """For the admin of every model whose records hold personal data: deleting one, or several
    with "Delete selected", leaves nothing of them behind and writes the erasure record."""

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A record's status changes go with it, though nobody may delete one on its own.
        perms_needed = {name for name in perms_needed if name != StatusChange._meta.verbose_name}
        return deleted, model_count, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        delete_personal_records([obj], reason=Reason.DELETED, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        delete_personal_records(queryset, reason=Reason.DELETED, actor=request.user)
