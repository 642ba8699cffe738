"""Where a value (an e-mail address, a name, a phone number) is still stored: every text and
JSON column of every table the project's models and its libraries' models have, history
tables, the outbox, the task results and the login records included."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_holding(value: str) -> list[str]:
    """ "table.column: N rows" for every column that holds `value` (any case); empty when none."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            rows = (
                model._base_manager.annotate(_as_text=Cast(field.attname, models.TextField()))
                .filter(_as_text__icontains=value)
                .count()
            )
            if rows:
                found.append(f"{model._meta.db_table}.{field.column}: {rows} rows")
    return sorted(found)
