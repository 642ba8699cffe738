"""The public event pages for /sitemap.xml: every published event with an open day ahead."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings.models import Event


class EventPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        # The same events as the public calendar; past and members-only events have no place here.
        return Event.objects.with_upcoming_open_days().only("pk", "updated_at")

    def location(self, event: Event) -> str:
        return reverse("meetings:event_detail", kwargs={"pk": event.pk})

    def lastmod(self, event: Event) -> datetime.datetime:
        return event.updated_at
