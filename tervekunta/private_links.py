"""Pages behind a private link stay private: out of search engines and out of the logs.

A private link carries its key in the path (an applicant's, a registrant's and a contact
person's signed token, a password-reset token). Logs show such paths with the key replaced by
PLACEHOLDER; the pages, like the staff pages, carry `noindex` in a meta tag and a header.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse

PLACEHOLDER = "[private]"
# The path segment after each private prefix is the key; the reset link has two (user and token).
PRIVATE_PATH = re.compile(r"(/(?:applications/a|events/registration|contacts)/)[^/?#\s\"']+")
RESET_PATH = re.compile(r"(/account/reset/)[^/?#\s\"']+/[^/?#\s\"']+")


def redact(text: str) -> str:
    """`text` with the key of every private path in it replaced by PLACEHOLDER."""
    text = PRIVATE_PATH.sub(rf"\1{PLACEHOLDER}", text)
    return RESET_PATH.sub(rf"\1{PLACEHOLDER}/{PLACEHOLDER}", text)


def is_private(request: HttpRequest) -> bool:
    """Reached through a private link, or a staff page: never to be indexed."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return bool(
        {"token", "uidb64"} & set(match.kwargs)
        or {"account", "admin"} & set(match.namespaces)
        or match.view_name == "admin_password_reset"
        or getattr(match.func, "requires_second_factor", False)
    )


def noindex(request: HttpRequest) -> dict:
    """Template context: `noindex` is true on private pages (base.html writes the meta tag)."""
    return {"noindex": is_private(request)}


class NoIndexMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private(request):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
