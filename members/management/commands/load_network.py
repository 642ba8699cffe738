from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from members.network import load_network


class Command(BaseCommand):
    help = "Load the network's members of 6/2024 with their known start dates (idempotent)."

    def handle(self, *args, **options) -> None:
        try:
            added = load_network()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Network: {added} membership periods added.")
