from __future__ import annotations

from django.db import models


class ContentVersion(models.Model):
    """How many times a source of public content (the register, the events) has changed: the
    caches of the public pages keep a page under the numbers of the sources it shows."""

    source = models.CharField(max_length=40, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.source}: {self.number}"
