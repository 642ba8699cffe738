from __future__ import annotations

from django.db import models

from applications.choices import OPEN_STATUSES


class ApplicationQuerySet(models.QuerySet):
    def open(self) -> ApplicationQuerySet:
        """Applications still in progress: not decided, not withdrawn."""
        return self.filter(status__in=OPEN_STATUSES)

    def for_list(self) -> ApplicationQuerySet:
        return self.select_related("municipality", "welfare_region", "organisation")
