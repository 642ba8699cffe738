"""Refuse to start with settings that would be unsafe in production.

Called from settings.py while the settings load, so `manage.py`, `runserver` and gunicorn all
stop with an `ImproperlyConfigured` that names the setting to fix, before serving anyone.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 50
UNSAFE_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints every message, private links included, into the log",
    "django.core.mail.backends.locmem.EmailBackend": "keeps every message in memory and sends nothing",
}


def whole_number(name: str, raw: str) -> int:
    """`raw` as an integer of 0 or more, or ImproperlyConfigured naming the variable."""
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, 0 or more; it is {raw!r}.") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number, 0 or more; it is {raw!r}.")
    return value


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def production_problems(*, secret_key: str, email_backend: str, site_url: str) -> list[str]:
    """What stops a service with DEBUG off from starting, one sentence per problem."""
    problems = []
    if len(secret_key) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY must be set to at least {MIN_SECRET_KEY_LENGTH} random characters when DEBUG is off "
            f"(it has {len(secret_key)})."
        )
    if email_backend in UNSAFE_EMAIL_BACKENDS:
        problems.append(
            f"EMAIL_URL must name a real mail server when DEBUG is off: the backend {email_backend} "
            f"{UNSAFE_EMAIL_BACKENDS[email_backend]}."
        )
    if not site_url:
        problems.append("SITE_URL must be set to the public https:// address when DEBUG is off.")
    elif is_loopback_url(site_url):
        problems.append(
            f"SITE_URL must be the public address when DEBUG is off, not a loopback address ({site_url}): "
            "links in e-mails would lead nowhere."
        )
    return problems


def refuse_unsafe_production(*, debug: bool, secret_key: str, email_backend: str, site_url: str) -> None:
    if debug:
        return
    problems = production_problems(secret_key=secret_key, email_backend=email_backend, site_url=site_url)
    if problems:
        raise ImproperlyConfigured("Unsafe production settings:\n- " + "\n- ".join(problems))
