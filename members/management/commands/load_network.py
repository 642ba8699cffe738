from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.network import load_network, update_known_starts


class Command(BaseCommand):
    help = (
        "Load the network's members of 6/2024 with their known start dates; on a register loaded "
        "before, correct the loaded periods to the known starts without adding any (idempotent)."
    )

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():
                added = load_network()
                updated = update_known_starts()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Network: {added} membership periods added, {updated} corrected to the known start.")
