"""Throughput of the public member list against a trivial view, in one run.

Starts gunicorn (2 workers) with production settings on PostgreSQL, loads the register and
the network's members, then drives /fi/members/ and /healthz in alternating rounds with a
load generator of threads and http.client (127.0.0.1 only, bounded by time and count), and
prints requests per second of each and their ratio.

    .venv/bin/python bench/member_list.py [--seconds 5] [--rounds 3] [--threads 4] [--extra-members 0]

DATABASE_URL defaults to postgres://tervekunta@127.0.0.1:5432/tervekunta_bench, which is
created when missing and overwritten by the run's data.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time

from common import BASE_DIR, PYTHON, ensure_database, gunicorn, manage, production_env
from common import fetch as fetch_full

DEFAULT_DATABASE_URL = "postgres://tervekunta@127.0.0.1:5432/tervekunta_bench"
PATHS = {"member list": "/fi/members/", "trivial view": "/healthz"}


def load_data(env: dict[str, str], extra_members: int) -> None:
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "load_register")
    manage(env, "load_network")
    # Members added by an earlier run go first, so every run measures what it says.
    script = (
        "import datetime\n"
        "from members.models import Membership, Organisation\n"
        "Organisation.objects.filter(slug__startswith='bench-').delete()\n"
        "day = datetime.date(2021, 1, 1)\n"
        f"orgs = Organisation.objects.bulk_create(Organisation(name_fi=f'Bench {{n}}', slug=f'bench-{{n}}', "
        f"kind='other') for n in range({extra_members}))\n"
        "Membership.objects.bulk_create(Membership(organisation=o, start_date=day, known_from=day) for o in orgs)\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=BASE_DIR, env=env, check=True)


def fetch(port: int, path: str) -> tuple[int, bytes]:
    status, _headers, body = fetch_full(port, path)
    return status, body


def drive(port: int, path: str, seconds: float, threads: int, max_requests: int) -> tuple[int, float, int]:
    """(requests done, seconds taken, failures) for `threads` clients hitting `path`."""
    done = 0
    failures = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        nonlocal done, failures
        while time.monotonic() < stop_at:
            with lock:
                if done >= max_requests:
                    return
                done += 1
            status, _body = fetch(port, path)
            if status != 200:
                with lock:
                    failures += 1

    started = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return done, time.monotonic() - started, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of both paths")
    parser.add_argument("--threads", type=int, default=4, help="concurrent clients")
    parser.add_argument("--max-requests", type=int, default=50_000, help="upper bound per measurement")
    parser.add_argument("--extra-members", type=int, default=0, help="members added beyond the 52 of 6/2024")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = production_env(database_url)
    ensure_database(database_url)
    load_data(env, args.extra_members)

    with gunicorn(env, workers=2) as port:
        status, body = fetch(port, PATHS["member list"])
        if status != 200 or f"{52 + args.extra_members} jäsentä".encode() not in body:
            print(f"The member list does not answer properly (status {status}).", file=sys.stderr)
            return 1
        for path in PATHS.values():  # warm both workers' caches and connections
            drive(port, path, 1.0, args.threads, 200)
        totals = {name: [0, 0.0, 0] for name in PATHS}
        for _round in range(args.rounds):
            for name, path in PATHS.items():
                done, taken, failed = drive(port, path, args.seconds, args.threads, args.max_requests)
                totals[name][0] += done
                totals[name][1] += taken
                totals[name][2] += failed

    rates = {}
    print(f"gunicorn 2 workers, PostgreSQL, {args.threads} client threads, {args.rounds} x {args.seconds:g} s per path")
    for name, (done, taken, failed) in totals.items():
        rates[name] = done / taken
        print(f"{name:13} {PATHS[name]:13} {rates[name]:8.1f} requests/s  ({done} requests, {failed} failed)")
    ratio = rates["member list"] / rates["trivial view"]
    print(f"ratio member list / trivial view: {ratio:.2f}")
    failed_any = any(failed for _done, _taken, failed in totals.values())
    return 0 if ratio >= 0.6 and not failed_any else 1


if __name__ == "__main__":
    sys.exit(main())
