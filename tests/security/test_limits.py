"""The public-form limits live in a cache shared by every worker and instance: the database
cache by default, Redis in production. Each backend is exercised for real here."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from tervekunta import antispam

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own, away from anything else on this Redis


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REDIS_REQUIRED"):
            pytest.fail("Redis is not answering on 127.0.0.1:6379")
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    return client


@pytest.fixture
def redis_cache(settings):
    client = _redis_or_skip()
    prefix = f"tervekunta-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def _post(address: str):
    return RequestFactory().post("/fi/events/1/register/", {"name": "x"}, REMOTE_ADDR=address)


def _limited_view():
    return antispam.protect_public_form(key="test-form")(lambda request: __import__("django.http").http.HttpResponse())


def test_rediscache_url_maps_to_djangos_own_redis_backend():
    """The README's CACHE_URL=rediscache://… works with the pinned `redis` client alone."""
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "true",
        "CACHE_URL": "rediscache://127.0.0.1:6379/13",
    }
    code = "from django.conf import settings as s; c = s.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split()[-2:] == ["django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/13"]


def test_the_default_cache_is_the_database_cache():
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    env = {"PATH": os.environ["PATH"], "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split()[-1] == "django.core.cache.backends.db.DatabaseCache"


def test_limits_in_redis_count_per_address_and_are_seen_by_another_instance(redis_cache, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    view = _limited_view()
    assert [view(_post("192.0.2.1")).status_code for _ in range(4)] == [200, 200, 200, 429]
    # A flood from one address never closes the form to another.
    assert view(_post("192.0.2.2")).status_code == 200

    # Another app instance (a separate process) reading the same Redis sees the same count.
    code = (
        "from django.test import RequestFactory; from tervekunta.antispam import _over_limit;"
        "r = RequestFactory().post('/', REMOTE_ADDR='{address}');"
        "print(_over_limit(r, 'test-form', 3, 3600))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "true",
        "CACHE_URL": f"{REDIS_URL}?key_prefix={redis_cache}",
    }
    outputs = []
    for address in ("192.0.2.1", "192.0.2.3"):
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code.format(address=address)],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(result.stdout.split()[-1])
    assert outputs == ["True", "False"]


@pytest.mark.django_db
def test_limits_in_the_database_cache_made_by_migrate(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tervekunta_cache"}
    }
    call_command("migrate", verbosity=0)  # its post_migrate hook makes the cache table
    assert "tervekunta_cache" in connection.introspection.table_names()
    caches["default"].clear()
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    view = _limited_view()
    assert [view(_post("192.0.2.1")).status_code for _ in range(3)] == [200, 200, 429]
    assert view(_post("192.0.2.2")).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tervekunta_cache")
        assert cursor.fetchone()[0] == 2  # one counter per address, in the table every instance reads
