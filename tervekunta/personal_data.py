"""The shape in which each app tells what it holds about a person, and what erasing it does.

Every domain app has a `personal_data` module with `held_about(email)`,
`erasure_plan(email)` and `erase(email, *, actor)`. `held_about` answers with sections built
here: plain data that JSON can carry, each with a title, a human-readable label and a type for
every field, so that an export can be read by a person as well as by a machine.
`erasure_plan` says, before anything is written, what erasing will delete, what stays with the
person's fields cleared and what prevents it. `erase` returns how many records of each model
it changed, keyed by the model's label, for the erasure records. The coordinator's workspace
puts the apps' answers together; no app reads another's models for it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.core.exceptions import FieldDoesNotExist
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
# What replaces a person's name, address or phone number in a text that otherwise stays.
REDACTED = "[poistettu]"


class Section(TypedDict):
    title: str
    labels: dict[str, str]
    # "date", "datetime", "boolean", "number" or "text": how a value is read back and shown to people.
    types: dict[str, str]
    records: list[dict[str, Any]]


@dataclass
class Outcome:
    """What erasing does to the records of one kind: `text` says it to the coordinator."""

    kind: str
    count: int
    text: str


@dataclass
class ErasurePlan:
    """What erasing a person would do, before it is done: the outcomes per kind of record, what
    prevents it (each with what to do about it) and the names the person's records carry."""

    outcomes: list[Outcome] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def add(self, model: type[models.Model] | str, count: int, text: str) -> None:
        if count:
            self.outcomes.append(
                Outcome(kind=model if isinstance(model, str) else model._meta.label_lower, count=count, text=text)
            )

    def __iadd__(self, other: ErasurePlan) -> ErasurePlan:
        self.outcomes += other.outcomes
        self.blockers += other.blockers
        self.names |= other.names
        return self


@dataclass(frozen=True)
class Identity:
    """What identifies a person in a free text: the address, the full names and the phone numbers.
    `words` are the first and last names on their own, looked for only in texts that are the
    person's own or were sent to them."""

    email: str
    names: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()

    def terms(self, *, words: bool = False) -> list[str]:
        """The strings a database query looks for (any case)."""
        found = {self.email, *self.names, *self.phones, *(self.words if words else ())}
        found |= {digits for phone in self.phones if len(digits := re.sub(r"\D", "", phone)) >= 5}
        return sorted(term for term in found if len(term.strip()) >= 3)

    def pattern(self, *, words: bool = False) -> re.Pattern[str] | None:
        parts = [re.escape(term) for term in {self.email, *self.names, *(self.words if words else ())} if term.strip()]
        for phone in self.phones:
            digits = re.sub(r"\D", "", phone)
            if len(digits) >= 5:
                # The number however it was spaced: "040 123 4567", "040-1234567", "0401234567".
                parts.append(r"[\s-]?".join(digits))
        if not parts:
            return None
        parts.sort(key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def redact(text: str, identity: Identity, *, words: bool = False) -> str:
    """`text` with the person's address, names and phone numbers replaced by "[poistettu]"."""
    pattern = identity.pattern(words=words)
    if not text or pattern is None:
        return text
    return pattern.sub(REDACTED, text)


def mentions(text: str, identity: Identity, *, words: bool = False) -> bool:
    return bool(text) and redact(text, identity, words=words) != text


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


def _type_of(model: type[models.Model], name: str) -> str:
    if name == "history_date":
        return "datetime"
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return "text"
    if model_field.choices or model_field.is_relation:
        return "text"
    if isinstance(model_field, models.DateTimeField):
        return "datetime"
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.BooleanField):
        return "boolean"
    if isinstance(model_field, (models.IntegerField, models.FloatField, models.DecimalField)):
        return "number"
    return "text"


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
        "types": {name: _type_of(model, name) for name in fields},
        "records": [{name: row[name] for name in fields} for row in records],
    }
