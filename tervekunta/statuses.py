"""The one way a status changes, whatever the record: applications, hostings, event places,
contact upkeep requests and announcement deliveries.

Each status has one map of allowed transitions next to its choices (old status -> the statuses
it may become). A service names the map and calls `change_status`, which locks the row, checks
the map, writes the status with any fields that go with it and appends a `StatusChange` row
(old, new, who, when, note) in the same transaction. Nothing else writes a status; the admin
shows status fields read-only and changes them through actions that call the services.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tervekunta.history import acting_user, record_actor
from tervekunta.models import StatusChange

Transitions = Mapping[str, Collection[str]]
M = TypeVar("M", bound=models.Model)


def allowed(transitions: Transitions, old: str, new: str) -> bool:
    """Whether the map lets `old` become `new`."""
    return new in transitions.get(old, ())


def can_change(instance: models.Model, new_status: str, *, transitions: Transitions, field: str = "status") -> bool:
    """For the `can_<verb>` properties templates and the admin ask before offering an action."""
    return allowed(transitions, getattr(instance, field), new_status)


def open_statuses(transitions: Transitions) -> frozenset[str]:
    """The statuses that may still change."""
    return frozenset(status for status, targets in transitions.items() if targets)


def _label(instance: models.Model, field: str, value: str) -> str:
    return str(dict(instance._meta.get_field(field).flatchoices).get(value, value))


def check_change(
    instance: models.Model,
    new_status: str,
    *,
    transitions: Transitions,
    field: str = "status",
    only_from: Collection[str] | None = None,
) -> None:
    """Refuse a change the map does not allow (or, with `only_from`, one the calling service
    does not take), naming both statuses in the reader's language."""
    old = getattr(instance, field)
    if allowed(transitions, old, new_status) and (only_from is None or old in only_from):
        return
    raise ValidationError(
        _("The status “%(old)s” cannot change to “%(new)s”.")
        % {"old": _label(instance, field, old), "new": _label(instance, field, new_status)},
        code="forbidden_transition",
    )


def lock_for_change(
    instance: M,
    new_status: str,
    *,
    transitions: Transitions,
    field: str = "status",
    only_from: Collection[str] | None = None,
) -> M:
    """Lock the row and check the map, for a service that has more to do before it writes
    the change (it calls `change_status` on the returned instance when done)."""
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    check_change(locked, new_status, transitions=transitions, field=field, only_from=only_from)
    return locked


@transaction.atomic
def change_status(
    instance: M,
    new_status: str,
    *,
    transitions: Transitions,
    actor: AbstractBaseUser | None,
    note: str = "",
    field: str = "status",
    only_from: Collection[str] | None = None,
    at: datetime.datetime | None = None,
    **other_fields: Any,
) -> M:
    """Lock the row, check the map, write the status and `other_fields` and append the audit row.

    Returns the locked, updated instance; the one passed in is left as it was. `at` is the
    time recorded for the change (now unless given), so a service can stamp its own
    timestamp fields with the same moment.
    """
    model = type(instance)
    locked = lock_for_change(instance, new_status, transitions=transitions, field=field, only_from=only_from)
    old = getattr(locked, field)
    setattr(locked, field, new_status)
    for name, value in other_fields.items():
        setattr(locked, name, value)
    written = [field, *other_fields]
    # Only what this change writes is validated: a status step must not fail on an unrelated
    # field, and the database constraints stay the last guard for the rest of the row.
    locked.full_clean(exclude=[f.name for f in model._meta.concrete_fields if f.name not in written])
    written += [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False) and f.name not in written]
    record_actor(locked, actor)
    locked.save(update_fields=written)
    StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=locked.pk,
        field=field,
        old_status=old,
        new_status=new_status,
        actor=acting_user(actor),
        note=note,
        created_at=at or timezone.now(),
    )
    return locked
