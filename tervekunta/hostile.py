"""Hostile input that no view should have to think about: refused with 400 before any view runs.

A NUL, another control character, a lone surrogate or bytes that are not UTF-8 in the path or a
query parameter is never a person's search; databases refuse some of them (PostgreSQL cannot
store NUL), so letting them through turns a typo-like probe into an error page.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)
# C0 controls but tab, newline and carriage return; DEL; UTF-16 surrogates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _acceptable(text: str) -> bool:
    return FORBIDDEN.search(text) is None


def _query_is_clean(raw: str) -> bool:
    """The query string (still percent-encoded) decodes to UTF-8 text without forbidden characters."""
    try:
        return _acceptable(unquote_to_bytes(raw.replace("+", " ")).decode("utf-8"))
    except UnicodeDecodeError:
        return False


def _path_is_clean(raw: str) -> bool:
    """PATH_INFO is already percent-decoded: its bytes (as latin-1 text, per WSGI) must be UTF-8."""
    try:
        return _acceptable(raw.encode("latin-1").decode("utf-8"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


class RejectHostileInputMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (
            _path_is_clean(request.META.get("PATH_INFO", "")) and _query_is_clean(request.META.get("QUERY_STRING", ""))
        ):
            logger.warning("Refused a request with invalid characters in its address")
            return render(request, "400.html", status=400)
        return self.get_response(request)
