"""Signed private links: the key to a page for someone who has no account.

Each purpose signs with its own salt, so a link made for one page never opens another, and has
its own lifetime: a fixed age counted from the moment the link was made, or a deadline computed
from the object the link opens (a registration's link lasts until a month after its event).
The apps declare their purposes next to the objects the links open; this module knows none of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

# A fixed age from signing, or the object's own deadline (None: the link does not expire).
Lifetime = datetime.timedelta | Callable[[Any], datetime.datetime | None]


class LinkError(Exception):
    """The link is tampered with, expired or points at nothing; `expired` tells which."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class Purpose:
    name: str
    model: type[models.Model]
    salt: str
    max_age: Lifetime
    # The attribute signed into the link and looked up again when the link is opened.
    field: str = "public_id"
    # Links signed without a timestamp (before links carried one) still open; only a purpose whose
    # lifetime comes from the object may accept them, since their age is unknown.
    accepts_unstamped: bool = False

    def expires_at(self, obj: Any, signed_at: datetime.datetime | None) -> datetime.datetime | None:
        if isinstance(self.max_age, datetime.timedelta):
            return signed_at + self.max_age if signed_at else None
        return self.max_age(obj)


PURPOSES: dict[str, Purpose] = {}


def register(
    name: str,
    *,
    model: type[models.Model],
    salt: str,
    max_age: Lifetime,
    field: str = "public_id",
    accepts_unstamped: bool = False,
) -> Purpose:
    """Declare a kind of private link; names and salts are unique, so no two kinds share links."""
    if name in PURPOSES or any(purpose.salt == salt for purpose in PURPOSES.values()):
        raise ImproperlyConfigured(f"The private link purpose {name!r} or its salt is declared twice.")
    if accepts_unstamped and isinstance(max_age, datetime.timedelta):
        raise ImproperlyConfigured(f"{name!r}: a link without a timestamp cannot have a fixed age.")
    purpose = Purpose(
        name=name, model=model, salt=salt, max_age=max_age, field=field, accepts_unstamped=accepts_unstamped
    )
    PURPOSES[name] = purpose
    return purpose


def make_token(purpose: Purpose, obj: Any) -> str:
    return signing.TimestampSigner(salt=purpose.salt).sign(str(getattr(obj, purpose.field)))


def resolve(purpose: Purpose, token: str, queryset: models.QuerySet | None = None) -> Any:
    """The object a link opens; raises LinkError(expired=...) for a bad, expired or dangling link."""
    value, signed_at = _unsign(purpose, token)
    now = timezone.now()
    if isinstance(purpose.max_age, datetime.timedelta) and signed_at + purpose.max_age < now:
        # Refused before the lookup: an old link costs no query.
        raise LinkError(expired=True)
    if queryset is None:
        queryset = purpose.model._default_manager.all()
    try:
        obj = queryset.filter(**{purpose.field: value}).first()
    except (ValueError, ValidationError) as error:
        # A signed value that no longer fits the field, e.g. after the field changed its type.
        raise LinkError() from error
    if obj is None:
        raise LinkError()
    deadline = purpose.expires_at(obj, signed_at)
    if deadline is not None and deadline <= now:
        raise LinkError(expired=True)
    return obj


def absolute_url(view_name: str, purpose: Purpose, obj: Any, *, language: str) -> str:
    """The full address of a private page in the reader's language, for e-mails."""
    with translation.override(language):
        path = reverse(view_name, kwargs={"token": make_token(purpose, obj)})
    return f"{settings.SITE_URL}{path}"


def _unsign(purpose: Purpose, token: str) -> tuple[str, datetime.datetime | None]:
    signer = signing.Signer(salt=purpose.salt)
    try:
        payload = signer.unsign(token)
    except signing.BadSignature as error:
        raise LinkError() from error
    value, separator, stamp = payload.rpartition(signer.sep)
    if not separator:
        if purpose.accepts_unstamped:
            return payload, None
        raise LinkError()
    try:
        signed_at = datetime.datetime.fromtimestamp(signing.b62_decode(stamp), tz=datetime.UTC)
    except (ValueError, OverflowError) as error:
        raise LinkError() from error
    return value, signed_at
