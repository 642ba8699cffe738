from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.register import DATA_DIR, RegisterFileError, load_register


class Command(BaseCommand):
    help = "Load Statistics Finland's municipalities, regions and welfare regions (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="Folder with municipalities.csv and welfare_regions.csv."
        )

    def handle(self, *args, data_dir: Path, **options) -> None:
        try:
            result = load_register(data_dir)
        except (RegisterFileError, FileNotFoundError) as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(f"Register: created {result.created}, updated {result.updated}.")
