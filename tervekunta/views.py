from __future__ import annotations

import logging

from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from members.pages import member_summary
from tervekunta import outbox
from tervekunta.http import versioned_page
from tervekunta.sitemaps import SITEMAPS

logger = logging.getLogger(__name__)
STATEMENT_LANGUAGES = {"fi", "sv", "en"}


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and mail moves; 503 when the database does not answer, or
    when messages wait and no worker has run the delivery for OUTBOX_WORKER_SILENT_MINUTES."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        mail = outbox.state()
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        connection.close()
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    body = {
        "status": "unavailable" if mail.worker_silent else "ok",
        "database": "ok",
        "outbox": {
            "waiting": mail.waiting,
            "failed": mail.failed,
            "oldest_waiting_seconds": mail.oldest_waiting_seconds,
        },
        "worker": {
            "status": "silent" if mail.worker_silent else "ok",
            "last_seen_seconds_ago": mail.worker_seconds_ago,
        },
    }
    if mail.worker_silent:
        logger.warning("Health check: %s messages wait and the outbox worker has not run", mail.waiting)
    return JsonResponse(body, status=503 if mail.worker_silent else 200)


def trivial(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: what every request costs before a view does any work."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@versioned_page("register", "events")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"summary": member_summary(timezone.localdate())})


def _statement(request: HttpRequest, name: str) -> HttpResponse:
    # Statements are documents rather than interface text: one template per language.
    language = get_language() if get_language() in STATEMENT_LANGUAGES else "fi"
    return render(request, f"statements/{name}.{language}.html")


@require_safe
@versioned_page()
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (saavutettavuusseloste) required by Act 306/2019."""
    return _statement(request, "accessibility")


@require_safe
@versioned_page()
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice (tietosuojaseloste) of the membership service."""
    return _statement(request, "privacy")


@require_safe
@versioned_page("register", "events", personal=False)
def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_view(request, sitemaps=SITEMAPS)
