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


def _clean(raw: str) -> bool:
    """`raw` (as the WSGI server passed it: latin-1 text of the bytes) decodes to acceptable text."""
    try:
        text = unquote_to_bytes(raw.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return FORBIDDEN.search(text) is None


class RejectHostileInputMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.META.get("PATH_INFO", "").encode("latin-1", "replace").decode("latin-1")
        query = request.META.get("QUERY_STRING", "")
        if not (_clean(path) and _clean(query) and FORBIDDEN.search(request.path) is None):
            logger.warning("Refused a request with invalid characters in its address")
            return render(request, "400.html", status=400)
        return self.get_response(request)
