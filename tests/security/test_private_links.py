"""Private links stay private: their keys never reach a log, their pages never a search engine."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.models import PRIVATE_LINK
from tervekunta import links
from tervekunta.observability import PrivatePathFilter
from tervekunta.private_links import PLACEHOLDER, redact
from tests.factories.applications import ApplicationFactory

KEY = "MTIz:1vDqGm:SeCrEt-KeY_abc"


def _private_patterns(resolvers, namespace=None):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = entry.namespace and (f"{namespace}:{entry.namespace}" if namespace else entry.namespace)
            yield from _private_patterns(entry.url_patterns, inner or namespace)
        elif isinstance(entry, URLPattern) and {"token", "uidb64"} & set(entry.pattern.converters):
            yield f"{namespace}:{entry.name}" if namespace else entry.name, set(entry.pattern.converters)


PRIVATE = sorted(_private_patterns(get_resolver().url_patterns))


def test_there_are_private_links_to_check():
    names = {name for name, _params in PRIVATE}
    assert {"applications:status", "meetings:registration_detail", "members:upkeep_answer"} <= names
    assert "account:password_reset_confirm" in names


@pytest.mark.parametrize(("name", "params"), PRIVATE, ids=[name for name, _params in PRIVATE])
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_private_link_is_redacted(name, params, language):
    from django.utils import translation

    with translation.override(language):
        # The secret in the token; any other part of the path (a document's number) is a plain value.
        path = reverse(name, kwargs={param: KEY if param in {"token", "uidb64"} else 1 for param in params})
    line = f'127.0.0.1 "GET {path}?x=1 HTTP/1.1" 200 "https://example.org{path}"'
    redacted = redact(line)
    assert "SeCrEt" not in redacted
    assert PLACEHOLDER in redacted


def test_public_paths_are_left_as_they_are():
    for path in ["/fi/applications/apply/", "/fi/events/12/register/", "/fi/members/virrat/", "/fi/coordinator/"]:
        assert redact(path) == path


def test_the_filter_redacts_the_message_and_its_arguments():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/fi/contacts/{KEY}/",), None
    )
    PrivatePathFilter().filter(record)
    assert record.getMessage() == f"Not Found: /fi/contacts/{PLACEHOLDER}/"
    access = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '"%(r)s"', None, None)
    access.args = {"r": f"GET /sv/applications/a/{KEY}/edit/ HTTP/1.1", "s": 200}
    PrivatePathFilter().filter(access)
    assert access.getMessage() == f'"GET /sv/applications/a/{PLACEHOLDER}/edit/ HTTP/1.1"'


@pytest.mark.django_db
def test_private_pages_carry_noindex_and_public_pages_do_not(client, register):
    application = ApplicationFactory()
    private = client.get(reverse("applications:status", kwargs={"token": links.make_token(PRIVATE_LINK, application)}))
    assert private.status_code == 200
    assert private["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in private.content.decode()

    forged = client.get(reverse("meetings:registration_detail", kwargs={"token": KEY}))
    assert forged["X-Robots-Tag"] == "noindex, nofollow"
    for url in (reverse("admin:login"), reverse("admin_password_reset")):
        assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow"

    public = client.get(reverse("applications:apply"))
    assert "X-Robots-Tag" not in public
    assert 'name="robots"' not in public.content.decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_and_django_logs_hold_no_private_key(tmp_path):
    """gunicorn started as the operations guide says (gunicorn.conf.py): its access log and
    Django's "Not Found" lines show the paths with the key replaced."""
    port = _free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(gunicorn), "--config", "gunicorn.conf.py", "tervekunta.wsgi"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            paths = [
                f"/fi/events/registration/{KEY}/",
                f"/sv/contacts/{KEY}/",
                f"/en/applications/a/{KEY}/withdraw/",
                f"/fi/account/reset/MQ/{KEY}/",
            ]
            deadline = time.monotonic() + 30
            answered = []
            while len(answered) < len(paths) and time.monotonic() < deadline:
                try:
                    for path in paths[len(answered) :]:
                        try:
                            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
                        except urllib.error.HTTPError as error:
                            error.read()
                        answered.append(path)
                except OSError:
                    time.sleep(0.3)
            assert len(answered) == len(paths), "gunicorn did not answer"
            time.sleep(0.5)
        finally:
            process.terminate()
            process.wait(timeout=20)
    text = log.read_text()
    assert "SeCrEt" not in text, text
    assert f"GET /fi/events/registration/{PLACEHOLDER}/ HTTP/1.1" in text  # gunicorn's access line
    assert f"Not Found: /sv/contacts/{PLACEHOLDER}/" in text  # Django's request log
