"""Who made a change: the one place that tells django-simple-history the acting user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def acting_user(actor: AbstractBaseUser | AnonymousUser | None) -> AbstractBaseUser | None:
    """The user to record as the actor; None for nobody or an anonymous visitor (an applicant's link)."""
    return actor if actor is not None and actor.is_authenticated else None


def record_actor(instance: Any, actor: AbstractBaseUser | AnonymousUser | None) -> None:
    """Name `actor` in the history row written when `instance` is next saved."""
    user = acting_user(actor)
    if user is not None:
        # django-simple-history reads `_history_user` when it writes the history row.
        instance._history_user = user
