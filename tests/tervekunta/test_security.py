"""Security settings and headers, login lockout and request ids."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
    "DATABASE_URL": "sqlite://:memory:",  # never opened by these checks; no shared file between parallel runs
    "ALLOWED_HOSTS": "tervekunta.example.fi",
    "CSRF_TRUSTED_ORIGINS": "https://tervekunta.example.fi",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
}


def production(**extra: str) -> dict[str, str]:
    """The environment of a production process: this run's development and test variables removed."""
    skip = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**{k: v for k, v in os.environ.items() if k not in skip}, **PRODUCTION_ENV, **extra}


def test_check_deploy_is_clean_with_production_values():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=production(SECRET_KEY=""),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


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
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=production(),
        capture_output=True,
        text=True,
        check=True,
    )
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
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split()[-4:] == ["S3Storage", "tervekunta-docs", "https://s3.example.fi", "private"]
