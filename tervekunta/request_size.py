"""Request bodies larger than the largest allowed upload are refused before they are read.

The largest thing anyone sends is one PDF of minutes (applications.models.MAX_DOCUMENT_BYTES)
with its form; a body announced larger gets a 413 page at once, so nothing of it is read into
memory or written to a temporary file. (Django reads no more than Content-Length, so a body
without one is never read at all.) The proxy in front refuses the same size itself.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

logger = logging.getLogger(__name__)
# Room for the form's other fields and the multipart boundaries around the document.
FORM_ALLOWANCE = 1024 * 1024


def max_body_bytes() -> int:
    from applications.models import MAX_DOCUMENT_BYTES

    return MAX_DOCUMENT_BYTES + FORM_ALLOWANCE


class RequestSizeLimitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.limit = max_body_bytes()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.limit:
            logger.warning("Refused a request body of %d bytes (limit %d)", length, self.limit)
            from applications.models import MAX_DOCUMENT_BYTES

            response = render(request, "413.html", {"largest": filesizeformat(MAX_DOCUMENT_BYTES)}, status=413)
            # The body was not read: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
