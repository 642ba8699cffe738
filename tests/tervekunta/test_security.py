"""Security settings and headers, login lockout and request ids."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse


def readme_production_environment() -> dict[str, str]:
    """The variables the README's production section lists, placeholders filled with sample values."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    values = {}
    for line in block.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        values[name] = value
    # Placeholders as the README writes them: <50 or more random characters>, <password>.
    values["SECRET_KEY"] = "a-long-random-production-secret-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c"
    return {name: value.replace("<password>", "secret") for name, value in values.items()}


def production(**extra: str) -> dict[str, str]:
    """The environment of a production process: exactly the README's variables (and PATH)."""
    return {"PATH": os.environ["PATH"], **readme_production_environment(), **extra}


def _manage(*args: str, env: dict[str, str], check: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=check,
    )


def test_the_readme_lists_the_production_variables():
    names = set(readme_production_environment())
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_URL", "CACHE_URL"} <= names
    assert readme_production_environment()["DEBUG"] == "false"


def test_check_deploy_is_clean_with_exactly_the_readme_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_is_on_by_default_and_switched_off_only_explicitly():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_PROXY_SSL_HEADER is not None)"
    )
    on = _manage("shell", "-c", code, env=production(), check=True).stdout.split()[-5:]
    assert on == ["True", "31536000", "True", "True", "True"]
    off = production(
        SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="false", SECURE_PROXY_SSL_HEADER="false"
    )
    assert _manage("shell", "-c", code, env=off, check=True).stdout.split()[-5:] == [
        "False",
        "0",
        "False",
        "False",
        "False",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set to at least 50"),
        ({"SECRET_KEY": "too-short-a-secret-for-production"}, "SECRET_KEY must be set to at least 50"),
        ({"EMAIL_URL": "consolemail://"}, "EMAIL_URL must name a real mail server"),
        ({"EMAIL_URL": "memorymail://"}, "EMAIL_URL must name a real mail server"),
        ({"SITE_URL": ""}, "SITE_URL must be set"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "SITE_URL must be the public address"),
        ({"SITE_URL": "http://localhost:8000"}, "SITE_URL must be the public address"),
        ({"PROXY_COUNT": "-1"}, "PROXY_COUNT must be a whole number"),
        ({"PROXY_COUNT": "one"}, "PROXY_COUNT must be a whole number"),
    ],
)
def test_the_service_refuses_to_start_with_unsafe_production_settings(change, message):
    result = _manage("check", env=production(**change))
    assert result.returncode != 0
    assert message in result.stderr


def test_without_email_url_the_console_default_is_refused_with_debug_off():
    env = production()
    env.pop("EMAIL_URL")
    result = _manage("check", env=env)
    assert result.returncode != 0 and "EMAIL_URL must name a real mail server" in result.stderr


def test_gunicorn_does_not_start_with_the_console_e_mail_backend():
    env = production(EMAIL_URL="consolemail://")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "tervekunta.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "EMAIL_URL must name a real mail server" in result.stderr


def test_development_needs_none_of_it():
    env = {"PATH": os.environ["PATH"], "DEBUG": "true"}
    assert _manage("check", env=env).returncode == 0


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fi/", "/sv/", "/en/", "/api/members.json", "/healthz", "/admin/login/"])
def test_security_headers(client, settings, path):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(path, secure=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Request-ID"]


def test_cookies_are_secure_and_http_only_in_production():
    # Read from a production settings process: the test run itself has DEBUG on.
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT)"
    )
    result = _manage("shell", "-c", code, env=production(), check=True)
    assert result.stdout.split()[-4:] == ["True", "True", "True", "True"]


@pytest.mark.django_db
def test_request_id_is_taken_from_the_proxy_when_it_looks_valid(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc12345-proxy")["X-Request-ID"] == "abc12345-proxy"
    generated = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert generated != "bad id\nwith newline" and len(generated) == 32


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures_and_an_admin_can_lift_it(client, django_user_model):
    django_user_model.objects.create_user(username="koordinaattori", password="right-password-1", is_staff=True)
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "koordinaattori", "password": "wrong"})
        assert response.status_code == 200  # the ordinary "wrong password" form
    assert client.post(login, {"username": "koordinaattori", "password": "wrong"}).status_code == 429
    locked = client.post(login, {"username": "koordinaattori", "password": "right-password-1"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user name from the same address is not affected.
    django_user_model.objects.create_user(username="toinen", password="other-password-1", is_staff=True)
    assert client.post(login, {"username": "toinen", "password": "other-password-1"}).status_code == 302
    client.logout()
    # An administrator lifts the lockout by deleting the access attempts (admin or `axes_reset`).
    AccessAttempt.objects.filter(username="koordinaattori").delete()
    assert client.post(login, {"username": "koordinaattori", "password": "right-password-1"}).status_code == 302


def test_uploads_can_go_to_an_s3_compatible_bucket_from_the_environment():
    env = production(S3_BUCKET="tervekunta-docs", S3_ENDPOINT_URL="https://s3.example.fi")
    code = (
        'from django.core.files.storage import storages; s = storages["default"];'
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl)"
    )
    result = _manage("shell", "-c", code, env=env, check=True)
    assert result.stdout.split()[-4:] == ["S3Storage", "tervekunta-docs", "https://s3.example.fi", "private"]
