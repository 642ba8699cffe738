"""Remove the personal data whose retention period has ended (the daily job, run at will)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from tervekunta import retention
from tervekunta.tasks import purge_personal_data


class Command(BaseCommand):
    help = (
        "Delete or clear the personal data the retention schedule says is due, and record what went. "
        "With --dry-run, only list how many records of each kind would go."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would go, remove nothing.")

    def handle(self, *args, **options) -> None:
        dry_run = options["dry_run"]
        counts = retention.purge(timezone.now(), dry_run=True) if dry_run else purge_personal_data.call()
        rules = {rule.key: rule for rule in retention.schedule()}
        self.stdout.write("Would remove or clear:" if dry_run else "Removed or cleared:")
        for key, count in counts.items():
            self.stdout.write(f"  {key:<22} {count:>6}  {rules[key].what}")
