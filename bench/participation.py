"""Time the participation report over 330 organisations x 10 years x 12 network meetings.

    DATABASE_URL=postgres://tervekunta@127.0.0.1:5432/tervekunta .venv/bin/python bench/participation.py

Builds the data in a throw-away database (bench_meetings_participation, removed afterwards), then runs the
report several times and prints the query count and the timings. Options: --runs N, --orgs N.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import zoneinfo
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tervekunta.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from meetings.reports import participation_report  # noqa: E402
from tests.factories.meetings import build_participation_data  # noqa: E402

FIRST_YEAR, YEARS, MEETINGS = 2015, 10, 12


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--orgs", type=int, default=330)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print(f"Note: running on {connection.vendor}; the benchmark is meant for PostgreSQL.")
    # A database of its own, so that a test run on the same server is not disturbed.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_meetings_participation"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        build_participation_data(organisations=args.orgs, years=YEARS, meetings=MEETINGS, first_year=FIRST_YEAR)
        print(
            f"data: {args.orgs} organisations x {YEARS} years x {MEETINGS} meetings, "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        now = datetime(FIRST_YEAR + YEARS, 6, 1, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                held, rows = participation_report(
                    first_year=FIRST_YEAR, last_year=FIRST_YEAR + YEARS - 1, threshold=50, now=now
                )
                timings.append(time.perf_counter() - started)
        flagged = sum(1 for row in rows if row.flagged)
        print(f"report: {len(rows)} rows, {sum(held.values())} meetings, {flagged} flagged, {len(queries)} queries")
        print(
            f"time over {args.runs} runs: median {statistics.median(timings) * 1000:.0f} ms, "
            f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
