from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.demo import load_demo_events


class Command(BaseCommand):
    help = "Development only: fictional upcoming network days, a seminar and the monthly meetings."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only (DEBUG is off); nothing was written.")
        self.stdout.write(f"Demo events created: {load_demo_events()}")
