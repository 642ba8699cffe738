"""Enqueue the background jobs of tervekunta.schedule at their times. Run exactly one.

A second scheduler by mistake enqueues each job twice; the jobs are idempotent, so nothing is
sent twice, but the work is done twice.
"""

from __future__ import annotations

import signal

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand

from tervekunta.schedule import SCHEDULE

# A job whose time passed while the scheduler was busy or stopped is still enqueued this late.
MISFIRE_GRACE_SECONDS = 300


def build_scheduler() -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    for entry in SCHEDULE:
        scheduler.add_job(
            entry.task.enqueue,
            CronTrigger.from_crontab(entry.cron, timezone=settings.TIME_ZONE),
            id=entry.task.name,
            name=entry.task.name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
        )
    return scheduler


class Command(BaseCommand):
    help = "Enqueue the scheduled background jobs at their times (run one; `db_worker` runs the jobs)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--list", action="store_true", help="Print the schedule and exit.")

    def handle(self, *args, **options) -> None:
        if options["list"]:
            for entry in SCHEDULE:
                self.stdout.write(f"{entry.cron:<15} {entry.task.name:<32} {entry.description}")
            return
        scheduler = build_scheduler()

        def stop(signum, frame) -> None:
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Scheduler started with {len(SCHEDULE)} jobs in {settings.TIME_ZONE}.")
        scheduler.start()
        self.stdout.write("Scheduler stopped.")
