"""The shape in which each app tells what it holds about a person.

Every domain app has a `personal_data` module with `held_about(email)` and
`erase(email, *, actor)`. `held_about` answers with sections built here: plain data that JSON
can carry, each with a title and a human-readable label for every field, so that an export can
be read by a person as well as by a machine. The coordinator's workspace puts the apps'
sections together; no app reads another's models for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A name that replaces an erased person's name where the record itself stays.
ERASED_FIRST_NAME = "Poistettu"
ERASED_LAST_NAME = "henkilö"
ERASED_NAME = f"{ERASED_FIRST_NAME} {ERASED_LAST_NAME}"

HISTORY_LABELS: dict[str, str | Promise] = {"history_date": _("recorded"), "history_type": _("kind of change")}
HISTORY_TYPES: dict[str, str | Promise] = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


class Section(TypedDict):
    title: str
    labels: dict[str, str]
    records: list[dict[str, Any]]


def erased_address(pk: int) -> str:
    """An address that replaces an erased one where the field must stay unique and filled."""
    return f"poistettu-{pk}@invalid.invalid"


def plain(value: Any) -> str | int | float | bool | None:
    """A value as JSON carries it: dates and times in ISO form (Finnish time), anything else as text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def record(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """`fields` of a model instance (or of one of its history rows): choices by their label,
    related rows by their name."""
    values: dict[str, Any] = {}
    for name in fields:
        if name == "history_type":
            values[name] = str(HISTORY_TYPES.get(instance.history_type, instance.history_type))
            continue
        field = instance._meta.get_field(name)
        if field.choices:
            values[name] = str(getattr(instance, f"get_{name}_display")())
        else:
            values[name] = plain(getattr(instance, name))
    return values


def section(
    *,
    title: str | Promise,
    model: type[models.Model],
    fields: Iterable[str],
    records: Iterable[Mapping[str, Any]],
    labels: Mapping[str, str | Promise] | None = None,
) -> Section:
    """A titled list of records; a field's label is its verbose name unless `labels` gives one."""
    fields = list(fields)
    given = {**HISTORY_LABELS, **(labels or {})}
    return {
        "title": str(title),
        "labels": {name: str(given.get(name) or model._meta.get_field(name).verbose_name) for name in fields},
        "records": [{name: row[name] for name in fields} for row in records],
    }
