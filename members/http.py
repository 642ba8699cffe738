"""Conditional requests and caching for the public pages.

A page shared by every anonymous reader carries an ETag and `Cache-Control: public, no-cache`,
so browsers and proxies keep it and ask again with If-None-Match, getting 304 while nothing
changed. A page that shows something personal (a signed-in user, a one-off message) is
`private` and never cached here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import get_language

# Part of every ETag and cache key: bump it when templates change what a page shows without
# a change in the register (a deployment with a shared cache).
PAGE_REVISION = "2"


def is_shareable(request: HttpRequest) -> bool:
    """True when the page is the same for every anonymous reader."""
    if not request.COOKIES:
        return True  # no session, so neither a signed-in user nor a pending message
    return not request.user.is_authenticated and len(get_messages(request)) == 0


def page_key(request: HttpRequest, version: str) -> str:
    """A key for this page in this language at this register version."""
    raw = f"{PAGE_REVISION}|{version}|{get_language()}|{request.path}|{request.GET.urlencode()}"
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """304 when the reader already has this version, else None."""
    return get_conditional_response(request, etag=etag)


def mark_cacheable(response: HttpResponse, *, shareable: bool, etag: str | None = None) -> HttpResponse:
    if shareable:
        if etag is not None:
            response.headers["ETag"] = etag
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response


_content_etag = decorator_from_middleware(ConditionalGetMiddleware)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages whose content depends on more than the register: the ETag is a hash of the
    rendered page, so a repeated request is answered 304 without sending the page again."""

    @_content_etag
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            mark_cacheable(response, shareable=is_shareable(request))
        return response

    return wrapper
