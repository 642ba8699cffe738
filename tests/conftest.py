from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db.models.signals import post_migrate
from django.utils import translation

from tervekunta.http import forget_versions
from tests.db import coordinator_group
from tests.register import register_in_test_database, remove_register
from tests.twofactor import sign_in

post_migrate.connect(register_in_test_database, sender=apps.get_app_config("members"), dispatch_uid="tests-register")


@pytest.fixture(autouse=True)
def _fast_and_local(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Only the outbox worker sends: a request that sends mail itself fails the test that drives it.
    settings.EMAIL_BACKEND = "tests.outbox.WorkerOnlyBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()  # rate-limit counters and cached pages do not leak from one test into the next
    translation.activate(settings.LANGUAGE_CODE)  # nor does the language of the previous test's last request
    forget_versions()  # nor the versions of public content a test read
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    # A request to a /sv/ address leaves Swedish active in the test thread; start each test in Finnish.
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def register(db) -> None:
    """Statistics Finland's register as the project ships it. Every test database holds it
    (see tests/register.py); a test that uses it says so by asking for this fixture."""
    register_in_test_database()


@pytest.fixture
def no_register(db) -> None:
    """A database without the register, for the code that must notice that it is missing."""
    remove_register()


@pytest.fixture
def coordinator(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="coordinator", password="pass-for-tests", is_staff=True, email="coordinator@thl.example"
    )
    user.groups.add(coordinator_group())
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    sign_in(client, coordinator)
    return client


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, signed in past the second factor as a superuser would be."""
    from django.test import Client

    client = Client()
    sign_in(client, admin_user)
    return client


def _use_smtp(settings, port: int, timeout: int = 10) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = timeout


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1, not yet started: `.start()`, `.stop()`, `.received`."""
    from tests.smtp import SmtpServer

    server = SmtpServer()
    _use_smtp(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def silent_smtp_server(settings):
    """A mail server that accepts the connection and never answers (worker timeout: 1 s)."""
    from tests.smtp import SilentServer

    server = SilentServer()
    _use_smtp(settings, server.port, timeout=1)
    yield server
    server.close()
