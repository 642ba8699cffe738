from __future__ import annotations

import pytest
from django.core.cache import cache

from members.register import load_register
from tervekunta.http import forget_versions
from tests.db import coordinator_group


@pytest.fixture(autouse=True)
def _fast_and_local(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()  # rate-limit counters and cached pages do not leak from one test into the next
    forget_versions()  # nor the versions of public content a test read
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def register(db):
    """Statistics Finland's register as the project ships it."""
    return load_register()


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
