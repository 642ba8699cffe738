from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from members.register import load_register
from tests.db import coordinator_group
from tests.twofactor import sign_in


@pytest.fixture(autouse=True)
def _fast_and_local(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()  # rate-limit counters and cached pages do not leak from one test into the next
    translation.activate(settings.LANGUAGE_CODE)  # nor does the language of the previous test's last request
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
    sign_in(client, coordinator)
    return client


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, signed in past the second factor as a superuser would be."""
    from django.test import Client

    client = Client()
    sign_in(client, admin_user)
    return client
