"""What a locked-out login sees and what the log says about it (django-axes)."""

from __future__ import annotations

import logging

from axes.helpers import get_cool_off
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """A page in the reader's language: how long the lock lasts and whom to ask to lift it sooner."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT, "contact": settings.SUPPORT_EMAIL}
    return render(request, "account/locked_out.html", context, status=429)


@receiver(user_locked_out, dispatch_uid="tervekunta.lockout.log_lockout")
def log_lockout(sender, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs) -> None:
    # The lockout is per user name and address: say both, so the administrator knows what to lift.
    logger.warning("Login locked out: account %r from address %s", username or "", ip_address or "unknown")
