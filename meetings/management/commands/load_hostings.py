from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from meetings.hostings import MissingHostError, load_hostings


class Command(BaseCommand):
    help = "Record the network days held so far (2024 Pori, 2025 Järvenpää). Idempotent."

    def handle(self, *args, **options) -> None:
        try:
            created = load_hostings()
        except MissingHostError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Hostings created: {created}")
