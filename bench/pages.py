"""Throughput of every public page against the framework's floor, measured with wrk in one run.

    .venv/bin/python bench/pages.py [--seconds 5] [--connections 4]      (or: make bench)

Prepares its own PostgreSQL database (`tervekunta_bench` on 127.0.0.1:5432, role `tervekunta`,
dropped and created again with psql): migrations, the register, the network, the hostings and
the demo events. Then it starts gunicorn twice, each time with 2 sync workers and production
settings (DEBUG off, a SECRET_KEY, SITE_URL, ALLOWED_HOSTS=127.0.0.1, tervekunta.settings):

- cold: with a cache that keeps nothing (CACHE_URL=dummycache://), so every request renders
  its page as the first request after a change in the register or the events does;
- warm: with the configured per-process cache, after a few requests per page have filled it.

In each, wrk drives every page for `--seconds` in one-second slices that alternate with the
trivial view (/bench/trivial, a plain-text answer through every middleware and no database,
switched on by BENCH_TRIVIAL_VIEW for the run only), so that a page and the floor it is compared
with share the same moments of a machine that may be busy with other work. The table gives
requests/s cold and warm, the warm figure's ratio to the trivial view's, the target, and the
processor time per request warm (the workers and their database sessions), which other work
on the machine changes little.
Finally the warm server answers 10,000 mixed requests (all public pages in three languages,
every member page, a few searches) and the resident memory of its workers is printed (target:
under 150 MB each).

Requests go to 127.0.0.1 only; every measurement is bounded in time and gunicorn is stopped
at the end. Needs wrk (Debian: apt-get install wrk) and psql (apt-get install
postgresql-client); the script installs nothing. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import HOST, Server, fetch, free_port, gunicorn, manage, production_env, resident_mb

DATABASE = "tervekunta_bench"
DATABASE_URL = f"postgres://tervekunta@{HOST}:5432/{DATABASE}"
TRIVIAL = "/bench/trivial"
MEMORY_REQUESTS = 10_000
MEMORY_LIMIT_MB = 150.0


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    target: float  # at least this share of the trivial view's requests/s, warm


def pages(slug: str, event: int) -> list[Page]:
    return [
        Page("front page", "/fi/", 0.5),
        Page("member list", "/fi/members/", 0.5),
        Page("member page", f"/fi/members/{slug}/", 0.5),
        Page("events list", "/fi/events/", 0.5),
        Page("event page", f"/fi/events/{event}/", 0.5),
        Page("application form", "/fi/applications/apply/", 0.25),
        Page("API JSON", "/api/members.json", 0.5),
        Page("API CSV", "/api/members.csv", 0.5),
        Page("sitemap", "/sitemap.xml", 0.5),
        Page("iCalendar feed", "/fi/events/feed.ics", 0.5),
    ]


# wrk's report as one JSON line, so that nothing has to be read from its human-readable output.
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "errors": %d, "status": %d}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, e.status))
end
"""

# Round robin over the paths given after `--`, from a given offset.
MIXED_LUA = (
    """
local paths, sent = {}, 0
init = function(args)
  sent = tonumber(args[1])
  for i = 2, #args do paths[#paths + 1] = args[i] end
end
request = function()
  sent = sent + 1
  return wrk.format("GET", paths[(sent - 1) % #paths + 1])
end
"""
    + REPORT_LUA
)


def need(program: str, package: str) -> None:
    if shutil.which(program) is None:
        sys.exit(f"{program} is not on PATH; install it first: apt-get install {package}")


def psql(*sql: str) -> None:
    command = ["psql", "-h", HOST, "-p", "5432", "-U", "tervekunta", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
    for statement in sql:
        command += ["-c", statement]
    subprocess.run(command, check=True)


def prepare_database() -> tuple[str, int, list[str]]:
    """A fresh database with the real register and network and the demo events.

    Returns a member's slug, a public event's primary key and every member page's slug.
    """
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"')
    manage(production_env(DATABASE_URL), "collectstatic", "--no-input")  # with the production manifest
    # The loaders run with DEBUG on, since the demo events refuse production settings.
    env = {**production_env(DATABASE_URL), "DEBUG": "true"}
    for command in (
        ["migrate", "--no-input"],
        ["load_register"],
        ["load_network"],
        ["load_hostings"],
        ["load_demo_events"],
    ):
        manage(env, *command)
    script = (
        "import json; from meetings.models import Event; from members.models import Organisation;"
        "event = Event.objects.with_upcoming_open_days().first();"
        "slugs = list(Organisation.objects.public().order_by('slug').values_list('slug', flat=True));"
        "print(json.dumps({'event': event.pk, 'slugs': slugs}))"
    )
    found = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
    slug = "pori" if "pori" in found["slugs"] else found["slugs"][0]
    return slug, found["event"], found["slugs"]


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    failed: int  # connection errors, timeouts and answers of 400 or more

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk(port: int, path: str, seconds: float, connections: int, script: Path, *args: str) -> Run:
    """wrk driving `path` (or what the script asks for) for `seconds`."""
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--script",
        str(script),
        f"http://{HOST}:{port}{path}",
    ]
    if args:
        command += ["--", *args]
    output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=seconds + 60).stdout
    match = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk gave no result for {path}:\n{output}")
    result = json.loads(match.group(1))
    return Run(result["requests"], result["seconds"], result["errors"] + result["status"])


def check_answers(port: int, listed: list[Page]) -> None:
    """Every page answers 200 before it is measured (a redirect or an error would flatter it);
    a few requests each, so that both workers have it when the cache keeps it."""
    for page in [Page("trivial view", TRIVIAL, 1.0), *listed]:
        for _ in range(6):
            status, _headers, _body = fetch(port, page.path)
            if status != 200:
                raise RuntimeError(f"{page.path} answers {status}, not 200")


@dataclass(frozen=True)
class Rates:
    page: float  # requests/s
    trivial: float  # the trivial view's requests/s, in slices between the page's
    cpu_ms: float  # processor time per request of the page: gunicorn's workers and their database sessions

    @property
    def ratio(self) -> float:
        return self.page / self.trivial


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User and system time the processes have used so far (Linux /proc); 0 for one that is gone."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def serving_pids(server: Server) -> list[int]:
    """The workers and the database sessions they hold (persistent connections)."""
    sql = f"SELECT pid FROM pg_stat_activity WHERE datname = '{DATABASE}' AND pid <> pg_backend_pid()"  # noqa: S608
    command = ["psql", "-h", HOST, "-U", "tervekunta", "-d", "postgres", "-tAc", sql]
    sessions = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
    return server.worker_pids() + [int(pid) for pid in sessions]


def measure(server: Server, listed: list[Page], seconds: float, connections: int, report: Path) -> dict[str, Rates]:
    """Each page and the trivial view in alternating one-second slices, `seconds` of each, so
    that the ratio compares them under the same load of a machine shared with other work. The
    processor time per request, which the load of other work hardly changes, is measured too."""
    check_answers(server.port, listed)
    wrk(server.port, TRIVIAL, 1, connections, report)  # connections, imports and caches settle
    results, failed = {}, 0
    trivial_cpu: list[tuple[float, int]] = []
    for page in listed:
        runs: dict[str, list[Run]] = {TRIVIAL: [], page.path: []}
        cpu: dict[str, float] = {TRIVIAL: 0.0, page.path: 0.0}
        for _slice in range(max(1, round(seconds))):
            for path in runs:
                pids = serving_pids(server)
                before = cpu_seconds(pids)
                runs[path].append(wrk(server.port, path, 1, connections, report))
                cpu[path] += cpu_seconds(pids) - before
        failed += sum(run.failed for slices in runs.values() for run in slices)
        done = {path: sum(r.requests for r in slices) for path, slices in runs.items()}
        rate = {path: done[path] / sum(r.seconds for r in slices) for path, slices in runs.items()}
        trivial_cpu.append((cpu[TRIVIAL], done[TRIVIAL]))
        results[page.name] = Rates(
            page=rate[page.path], trivial=rate[TRIVIAL], cpu_ms=1000 * cpu[page.path] / done[page.path]
        )
    if failed:
        raise RuntimeError(f"{failed} requests failed")
    trivial = statistics.fmean(rates.trivial for rates in results.values())
    cpu_ms = 1000 * sum(spent for spent, _ in trivial_cpu) / sum(count for _, count in trivial_cpu)
    results["trivial view"] = Rates(page=trivial, trivial=trivial, cpu_ms=cpu_ms)
    return results


def mixed_paths(listed: list[Page], slugs: list[str]) -> list[str]:
    """The public pages in all three languages, every member page and a few member filters."""
    paths = [page.path for page in listed]
    for language in ("sv", "en"):
        paths += [page.path.replace("/fi/", f"/{language}/") for page in listed if page.path.startswith("/fi/")]
    paths += [f"/fi/members/{slug}/" for slug in slugs]
    paths += ["/fi/members/?q=kun", "/sv/members/?q=hel", "/api/members.json?on=2024-06-30", "/fi/privacy/"]
    return paths


def memory(server: Server, paths: list[str], connections: int, script: Path) -> tuple[int, list[float]]:
    """Send at least MEMORY_REQUESTS mixed requests in rounds of two seconds (wrk runs for a
    time, not a count); the requests sent and each worker's resident MB."""
    sent = 0
    for _round in range(MEMORY_REQUESTS):  # a bound; each round sends hundreds at least
        if sent >= MEMORY_REQUESTS:
            break
        run = wrk(server.port, "/", 2, connections, script, str(sent), *paths)
        if run.failed:
            raise RuntimeError(f"{run.failed} of the mixed requests failed")
        sent += run.requests
    return sent, [resident_mb(pid) for pid in server.worker_pids()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each measurement (default 5)")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections (default 4)")
    args = parser.parse_args()
    need("wrk", "wrk")
    need("psql", "postgresql-client")

    print(f"Preparing the database {DATABASE} ...", flush=True)
    slug, event, slugs = prepare_database()
    listed = pages(slug, event)
    results: dict[str, dict[str, Rates]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.lua"
        report.write_text(REPORT_LUA)
        mixed = Path(scratch) / "mixed.lua"
        mixed.write_text(MIXED_LUA)
        for phase, cache_url in (("cold", "dummycache://"), ("warm", "locmemcache://")):
            port = free_port()
            env = production_env(
                DATABASE_URL,
                SITE_URL=f"http://{HOST}:{port}",
                CACHE_URL=cache_url,
                BENCH_TRIVIAL_VIEW="true",
                EMAIL_URL="dummymail://",
            )
            print(f"Measuring with a {phase} cache ({args.seconds:g} s per page) ...", flush=True)
            started = time.monotonic()
            with gunicorn(env, workers=2, port=port) as server:
                results[phase] = measure(server, listed, args.seconds, args.connections, report)
                if phase == "warm":
                    sent, workers_mb = memory(server, mixed_paths(listed, slugs), args.connections, mixed)
            print(f"  done in {time.monotonic() - started:.0f} s", flush=True)

    missed = 0
    print()
    print(f"gunicorn 2 sync workers, production settings, PostgreSQL; wrk, {args.connections} connections;")
    print(f"each page {args.seconds:g} s, alternating with the trivial view in one-second slices")
    print()
    print("| page | path | cold req/s | warm req/s | warm / trivial | target | result | warm CPU ms/request |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |")
    cold, warm = results["cold"]["trivial view"], results["warm"]["trivial view"]
    print(f"| trivial view | `{TRIVIAL}` | {cold.page:.0f} | {warm.page:.0f} | 1.00 | | | {warm.cpu_ms:.2f} |")
    for page in listed:
        cold, warm = results["cold"][page.name], results["warm"][page.name]
        passed = warm.ratio >= page.target
        missed += not passed
        print(
            f"| {page.name} | `{page.path}` | {cold.page:.0f} | {warm.page:.0f} "
            f"| {warm.ratio:.2f} | {page.target:.2f} | {'pass' if passed else 'FAIL'} | {warm.cpu_ms:.2f} |"
        )
    print()
    heaviest = max(workers_mb)
    memory_ok = heaviest < MEMORY_LIMIT_MB
    print(
        f"Memory after {sent} mixed requests ({len(mixed_paths(listed, slugs))} addresses): workers "
        + ", ".join(f"{mb:.0f} MB" for mb in workers_mb)
        + f" resident (limit {MEMORY_LIMIT_MB:.0f} MB): {'pass' if memory_ok else 'FAIL'}"
    )
    return 0 if not missed and memory_ok else 1


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent.parent)
    sys.exit(main())
