from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_migrate

from tests.db import coordinator_group
from tests.register import register_in_test_database, remove_register

post_migrate.connect(register_in_test_database, sender=apps.get_app_config("members"), dispatch_uid="tests-register")


@pytest.fixture(autouse=True)
def _fast_and_local(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()  # rate-limit counters and cached pages do not leak from one test into the next
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
    client.force_login(coordinator)
    return client
