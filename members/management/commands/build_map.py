from __future__ import annotations

from django.core.management.base import BaseCommand

from members.map import BASE_LAYER_FILE, base_layer_svg


class Command(BaseCommand):
    help = "Regenerate members/static/members/map-base.svg from the municipal boundaries."

    def handle(self, *args, **options) -> None:
        BASE_LAYER_FILE.parent.mkdir(parents=True, exist_ok=True)
        BASE_LAYER_FILE.write_text(base_layer_svg(), encoding="utf-8")
        self.stdout.write(f"Wrote {BASE_LAYER_FILE}")
