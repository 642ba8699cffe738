"""The erasure records: every removal of personal data says why, who, when, what and how many.

Whoever removes or clears personal data (a coordinator deleting in the admin, a person's data
erased on request, the retention job) calls `record_erasure` inside the same transaction, so
a removal and its record are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from tervekunta.models import ErasureRecord

Reason = ErasureRecord.Reason


def kind_of(model: type[models.Model] | models.Model) -> str:
    """The `kind` an erasure record stores for a model: its label, e.g. "meetings.registration"."""
    return model._meta.label_lower


def record_erasure(
    *,
    reason: str,
    counts: Mapping[type[models.Model] | str, int],
    actor: AbstractBaseUser | None = None,
) -> list[ErasureRecord]:
    """Record how many records of each kind were removed or cleared; kinds with no record are
    left out. `counts` maps a model (or its label) to the number of its records."""
    actor_name = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    rows = [
        ErasureRecord(
            reason=reason,
            kind=kind if isinstance(kind, str) else kind_of(kind),
            count=count,
            actor=actor,
            actor_name=actor_name,
        )
        for kind, count in counts.items()
        if count
    ]
    return ErasureRecord.objects.bulk_create(rows)
