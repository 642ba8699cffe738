"""The service keeps working through faults: a database restart, and several app instances."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.operations.conftest import manage

pytestmark = pytest.mark.operations


def test_healthz_follows_a_database_restart_without_restarting_the_app(scratch_postgres, start_app):
    app = start_app()
    assert app.status("/healthz") == 200
    scratch_postgres.stop()
    app.wait_until(lambda: app.status("/healthz") == 503, "healthz did not report the database down")
    scratch_postgres.start()
    app.wait_until(lambda: app.status("/healthz") == 200, "healthz did not recover after the database came back")
    assert app.process.poll() is None  # the same app process throughout


class Browser:
    """A cookie-keeping HTTP client that can post Django forms with their CSRF token.

    It speaks plain HTTP to gunicorn as a TLS-terminating proxy would, saying so with
    X-Forwarded-Proto, so the production settings (secure cookies, HTTPS origins) apply.
    """

    def __init__(self) -> None:
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "http"))
        self.cookies = http.cookiejar.CookieJar(policy)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.opener.addheaders = [("X-Forwarded-Proto", "https")]

    def get(self, url: str) -> tuple[int, str]:
        with self.opener.open(url, timeout=10) as response:
            return response.status, response.read().decode()

    def post_form(self, url: str, data: dict[str, str]) -> tuple[int, str]:
        _status, page = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        origin = urllib.parse.urlsplit(url)._replace(scheme="https", path="", query="").geturl()
        headers = {"Origin": origin, "Referer": url.replace("http://", "https://", 1)}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        with self.opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()


def test_two_instances_share_everything_but_the_process(app_env, start_app):
    manage(
        app_env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        "User.objects.create_superuser('ops', 'ops@thl.example', 'ops-password-123')",
    )
    first, second = start_app(), start_app()
    browser = Browser()
    # Log in on the first instance ...
    browser.post_form(
        f"{first.url}/admin/login/", {"username": "ops", "password": "ops-password-123", "next": "/admin/"}
    )
    # ... write through it ...
    status, _page = browser.post_form(
        f"{first.url}/admin/members/organisation/add/",
        {
            "name_fi": "Kaksoisinstanssin kuntayhtymä",
            "name_sv": "",
            "slug": "kaksoisinstanssi",
            "kind": "joint_authority",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-start_date": "2025-01-01",
            "memberships-0-start_precision": "day",
            "appointments-TOTAL_FORMS": "0",
            "appointments-INITIAL_FORMS": "0",
        },
    )
    assert status == 200
    # ... and the second instance knows the session and serves what the first wrote.
    status, page = browser.get(f"{second.url}/admin/members/organisation/?q=Kaksoisinstanssin")
    assert status == 200 and "Kaksoisinstanssin kuntayhtymä" in page
    _status, data = browser.get(f"{second.url}/api/members.json?on=2025-06-01")
    assert "Kaksoisinstanssin kuntayhtymä" in data
