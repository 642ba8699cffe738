"""The visitor's address, read the same way by the login lockout and the public-form limits.

Behind `PROXY_COUNT` reverse proxies each proxy appends the address it received the request
from to `X-Forwarded-For`, so the visitor is the entry exactly `PROXY_COUNT` places from the
right. Anything further left was written by the visitor and is never trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the visitor who sent `request` (the proxy's own when PROXY_COUNT is 0)."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < hops:
        # Not through every proxy (a health check, or the app reached directly): the peer is the client.
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
