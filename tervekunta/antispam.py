"""Protection of the public forms against bots and floods: a honeypot field and a rate limit.

A view decorated with `protect_public_form` refuses a POST whose honeypot field is filled in,
and one from an address that has posted the same form too often in the window. Both get a
page that says plainly what happened; the browser's Back button returns to the form with its
answers, so nothing the person typed is lost. Counters are kept per visitor address
(tervekunta.client) in the shared cache, so every worker and instance counts the same posts
and a flood from one address never closes the form to another.
"""

from __future__ import annotations

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tervekunta.client import client_address

HONEYPOT_FIELD = "fax_number"
logger = logging.getLogger(__name__)


def _over_limit(request: HttpRequest, key: str, limit: int, window: int) -> bool:
    address = client_address(request) or "unknown"
    digest = hashlib.sha256(f"{key}:{address}".encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{key}:{digest}"
    if cache.add(cache_key, 1, timeout=window):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window)
        return False
    return count > limit


def protect_public_form(*, key: str, window: int = 3600):
    """Honeypot, and at most settings.PUBLIC_FORM_RATE_LIMIT POSTs of form `key` per address per window."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                if request.POST.get(HONEYPOT_FIELD):
                    logger.warning("Public form %s: honeypot filled in, submission refused", key)
                    return render(request, "antispam/refused.html", status=400)
                if _over_limit(request, key, settings.PUBLIC_FORM_RATE_LIMIT, window):
                    logger.warning("Public form %s: rate limit reached for address %s", key, client_address(request))
                    return render(request, "antispam/rate_limited.html", {"minutes": max(1, window // 60)}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
