"""Send the announcements' pending e-mails: once, or with --loop as a worker process."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from members.announcements import send_pending


class Command(BaseCommand):
    help = "Send pending announcement e-mails. With --loop, keep checking every --interval seconds."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="Run as a worker until stopped.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between checks with --loop.")

    def handle(self, *args, loop: bool = False, interval: float = 10.0, **options) -> None:
        while True:
            sent, failed = send_pending()
            if sent or failed or not loop:
                self.stdout.write(f"sent {sent}, failed {failed}")
            if not loop:
                return
            time.sleep(interval)
