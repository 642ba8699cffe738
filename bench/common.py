"""What the benchmarks share: a production-settings gunicorn on PostgreSQL and a plain HTTP client.

Every request goes to 127.0.0.1 only; every loop is bounded in time and count.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DEBUG", None)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-any-real-site-0123456789",  # noqa: S106
        DATABASE_URL=database_url,
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        SECURE_SSL_REDIRECT="false",
        # A production process refuses the console e-mail backend and a loopback SITE_URL.
        EMAIL_URL="dummymail://",
        SITE_URL="https://tervekunta.example.fi",
    )
    env.update(extra)
    return env


def ensure_database(database_url: str, *, fresh: bool = False) -> None:
    """Create the database if missing (or drop and create it again when `fresh`)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def fetch(port: int, path: str, *, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) of one request on a new connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": f"{HOST}:{port}", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # the gunicorn master; its children are the workers

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(pid) for pid in children]


def resident_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, port: int | None = None) -> Iterator[Server]:
    """Run gunicorn with `workers` sync workers; yields it once /healthz answers."""
    port = port or free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "tervekunta.wsgi", "--workers", str(workers), "--bind", f"{HOST}:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if fetch(port, "/healthz")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz")
            time.sleep(0.2)
        yield Server(port=port, pid=server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
