"""Real processes for operations tests: a private PostgreSQL server and gunicorn instances.

These tests start their own PostgreSQL cluster (initdb as the postgres user) so that they can
stop and restart it without disturbing the database the rest of the suite uses.
"""

from __future__ import annotations

import contextlib
import glob
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
SECRET = "operations-test-secret-key-that-is-long-enough-for-production-checks"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, text=True)


class ScratchPostgres:
    def __init__(self) -> None:
        self.bin = Path(PG_BIN[-1])
        self.dir = Path(tempfile.mkdtemp(prefix="tervekunta-pg-", dir="/tmp"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = _free_port()
        _as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        _as_postgres(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "app")

    def url(self, name: str = "app") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        _as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w",
            "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip

    def stop(self) -> None:
        _as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        return _as_postgres(str(self.bin / tool), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *args)

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def scratch_postgres():
    if os.geteuid() != 0 or not PG_BIN or not shutil.which("runuser"):
        message = "operations tests need root and PostgreSQL's server binaries (they start their own cluster)"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    server = ScratchPostgres()
    yield server
    server.remove()


def production_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DEBUG"))}
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": SECRET,
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
            # A production process refuses the console e-mail backend and a loopback SITE_URL.
            "EMAIL_URL": f"filemail:///{static_root.parent / 'mail'}",
            "SITE_URL": "https://tervekunta.example.fi",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, text=True
    )


class AppServer:
    """One gunicorn instance of the app with production settings."""

    def __init__(self, env: dict[str, str], workers: int = 1, extra: tuple[str, ...] = ()) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "tervekunta.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), *extra],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.wait_until(lambda: self.status("/healthz") == 200, "gunicorn did not start")

    def status(self, path: str) -> int | None:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    @staticmethod
    def wait_until(condition, message: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.2)
        raise AssertionError(message)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


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


@pytest.fixture
def app_env(scratch_postgres, tmp_path):
    env = production_env(scratch_postgres.url(), tmp_path / "static")
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    return env


@pytest.fixture
def start_app(app_env):
    servers = []

    def start(workers: int = 1, extra: tuple[str, ...] = (), env: dict[str, str] | None = None) -> AppServer:
        server = AppServer({**app_env, **(env or {})}, workers, extra)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
