"""A password alone opens neither the admin nor the coordinator pages.

A signed-in person who needs the second factor (tervekunta.accounts.twofactor) and has not
given it in this session is sent to give it, or to enrol an authenticator at the first sign-in,
and comes back to the page they asked for.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tervekunta.accounts.twofactor import has_authenticator, needs_second_factor

# Admin pages a half-signed-in person may still use: leaving, and signing in as someone else.
ADMIN_OPEN = {"logout", "login"}


def second_factor_redirect(request: HttpRequest, next_url: str | None = None) -> HttpResponse | None:
    """None when the request may go on; otherwise the redirect to verification or enrolment."""
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    if not user.is_authenticated or verified or not needs_second_factor(user):
        return None
    target = "account:verify" if has_authenticator(user) else "account:enrol"
    next_url = next_url or request.get_full_path()
    return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': next_url})}")


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: guards the admin and every view marked by
    `coordinator_required` (its `requires_second_factor` attribute)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        in_admin = match is not None and "admin" in match.namespaces
        if not (in_admin or getattr(view_func, "requires_second_factor", False)):
            return None
        if in_admin and match.url_name in ADMIN_OPEN:
            if match.url_name == "login" and request.method == "GET":
                # The admin would send a signed-in person to its index and forget `next`; keep it.
                wanted = request.GET.get("next", "")
                if not url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
                    wanted = reverse("admin:index")
                return second_factor_redirect(request, wanted)
            return None
        return second_factor_redirect(request)
