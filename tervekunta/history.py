"""The acting user in the audit trail: in django-simple-history rows and in status changes."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import models


def acting_user(actor: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """The user to record, or None when nobody signed in acted (a private link, the system)."""
    return actor if actor is not None and actor.is_authenticated else None


def set_history_user(instance: models.Model, actor: AbstractBaseUser | None) -> None:
    """Name `actor` in the history row the next save of `instance` writes."""
    user = acting_user(actor)
    if user is not None:
        # django-simple-history reads `_history_user` when it writes the history row.
        instance._history_user = user
