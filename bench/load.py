"""Load test: 50 concurrent users browse the public site and submit applications and
registrations for 60 s against gunicorn and PostgreSQL; every submission is then looked up in
the database, which must hold each exactly once.

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 4]

DATABASE_URL defaults to postgres://tervekunta@127.0.0.1:5432/tervekunta_load, which is dropped
and created again for each run. Requests go to 127.0.0.1 only. The rate limit of the public
forms is raised for the run (all users share one address); everything else is production.
Prints requests/s, latency percentiles per kind of request, errors, and the submissions sent,
stored, lost and duplicated; exits non-zero on any error, loss or duplicate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict

from common import ensure_database, fetch, gunicorn, manage, production_env

DEFAULT_DATABASE_URL = "postgres://tervekunta@127.0.0.1:5432/tervekunta_load"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
BROWSE = ["/fi/", "/fi/members/", "/fi/members/{slug}/", "/fi/events/", "/sv/members/", "/api/members.json"]


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.sent: dict[str, list[str]] = defaultdict(list)  # kind -> markers the server accepted

    def record(self, kind: str, seconds: float, problem: str | None = None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if problem:
                self.errors.append(f"{kind}: {problem}")


def timed(stats: Stats, kind: str, port: int, path: str, **request) -> tuple[int, dict, bytes] | None:
    started = time.monotonic()
    try:
        status, headers, body = fetch(port, path, **request)
    except OSError as error:
        stats.record(kind, time.monotonic() - started, f"{path}: {error}")
        return None
    expected = {200, 302}
    stats.record(kind, time.monotonic() - started, None if status in expected else f"{path}: HTTP {status}")
    return status, headers, body


def submit(stats: Stats, kind: str, port: int, path: str, fields: dict[str, str | list[str]], marker: str) -> None:
    """GET the form for its CSRF token, POST it, and remember the marker when it was accepted."""
    page = timed(stats, f"{kind} form", port, path)
    if page is None or page[0] != 200:
        return
    _status, headers, body = page
    token = TOKEN.search(body)
    cookie = next((c.split(";")[0] for c in headers.get_all("Set-Cookie") or [] if c.startswith("csrftoken=")), "")
    if not token or not cookie:
        stats.record(kind, 0.0, f"{path}: no CSRF token")
        return
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1).decode()}, doseq=True)
    origin = f"http://127.0.0.1:{port}"
    answer = timed(
        stats,
        kind,
        port,
        path,
        method="POST",
        body=data.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Origin": origin,
            "Referer": origin + path,
        },
    )
    if answer is not None and answer[0] == 302:
        with stats.lock:
            stats.sent[kind].append(marker)
    elif answer is not None:
        stats.record(kind, 0.0, f"{path}: form refused (HTTP {answer[0]})")


def user(number: int, port: int, stop_at: float, stats: Stats, slugs: list[str], event: tuple[str, str]) -> None:
    rng = random.Random(number)
    sequence = 0
    event_pk, day_pk = event
    while time.monotonic() < stop_at and sequence < 10_000:
        sequence += 1
        marker = f"load-{number}-{sequence}"
        roll = rng.random()
        if roll < 0.15:
            fields = {
                "organisation_choice": "other",
                "organisation_name": f"Kuormitusyhdistys {marker}",
                "applicant_name": "Anna Virtanen",
                "applicant_title": "hyvinvointijohtaja",
                "applicant_email": f"{marker}@example.org",
                "action": "save",
            }
            submit(stats, "application", port, "/fi/applications/apply/", fields, marker)
        elif roll < 0.30:
            fields = {
                "name": "Anna Virtanen",
                "email": f"{marker}@example.org",
                "organisation_other": "Yhdistys ry",
                "days": [day_pk],
                "mode": "remote",
            }
            submit(stats, "registration", port, f"/fi/events/{event_pk}/register/", fields, marker)
        else:
            path = rng.choice(BROWSE).format(slug=rng.choice(slugs))
            timed(stats, "browse", port, path)


def stored(env: dict[str, str]) -> dict[str, dict[str, int]]:
    script = (
        "import json; from django.db.models import Count;"
        "from applications.models import Application; from meetings.models import Registration;"
        "a = Application.objects.filter(applicant_email__startswith='load-').values('applicant_email')"
        ".annotate(n=Count('id'));"
        "r = Registration.objects.filter(email__startswith='load-').values('email').annotate(n=Count('id'));"
        "print(json.dumps({'application': {x['applicant_email']: x['n'] for x in a},"
        "'registration': {x['email']: x['n'] for x in r}}))"
    )
    return json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = production_env(database_url, PUBLIC_FORM_RATE_LIMIT="1000000", EMAIL_URL="dummymail://")
    ensure_database(database_url, fresh=True)
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["load_register"], ["load_network"]):
        manage(env, *command)
    setup = (
        "import datetime; from django.utils import timezone; from meetings.models import Event, EventDay;"
        "from members.models import Organisation;"
        "e = Event.objects.create(kind='open_seminar', title='Kuormitustesti', published=True);"
        "s = timezone.now() + datetime.timedelta(days=30);"
        "d = EventDay.objects.create(event=e, starts_at=s, ends_at=s + datetime.timedelta(hours=3), capacity=200);"
        "print(e.pk, d.pk, ','.join(Organisation.objects.values_list('slug', flat=True)))"
    )
    event_pk, day_pk, slugs = manage(env, "shell", "-c", setup).strip().splitlines()[-1].split()

    stats = Stats()
    with gunicorn(env, workers=args.workers) as server:
        port = server.port
        stop_at = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(target=user, args=(n, port, stop_at, stats, slugs.split(","), (event_pk, day_pk)))
            for n in range(args.users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

    in_db = stored(env)
    total = sum(len(v) for v in stats.latencies.values())
    print(f"{args.users} users, {args.seconds:g} s, gunicorn {args.workers} workers, PostgreSQL")
    print(f"requests: {total} in {elapsed:.1f} s = {total / elapsed:.1f} requests/s, errors: {len(stats.errors)}")
    print(f"{'kind':18} {'requests':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for kind, values in sorted(stats.latencies.items()):
        print(
            f"{kind:18} {len(values):8} {percentile(values, 0.5):8.0f} {percentile(values, 0.9):8.0f} "
            f"{percentile(values, 0.99):8.0f} {statistics.fmean(values) * 1000:8.0f}"
        )
    failed = bool(stats.errors)
    for kind in ("application", "registration"):
        sent = {f"{marker}@example.org" for marker in stats.sent[kind]}
        rows = in_db[kind]
        lost = sent - set(rows)
        duplicated = {email for email, count in rows.items() if count > 1}
        unexpected = set(rows) - sent
        print(
            f"{kind}s: {len(sent)} accepted, {len(rows)} stored, {len(lost)} lost, "
            f"{len(duplicated)} duplicated, {len(unexpected)} stored without an accepted answer"
        )
        failed |= bool(lost or duplicated or unexpected)
    for error in stats.errors[:10]:
        print("error:", error)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
