"""/sitemap.xml: every public page in Finnish, Swedish and English, each with its other
languages as alternates. No private link and no coordinator page is ever listed."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings.sitemaps import EventPagesSitemap
from members.models import Organisation

# The pages that exist once per language: the front page, the member list and map, the event
# calendar, the application form and the statements.
PUBLIC_PAGES = [
    "home",
    "members:list",
    "meetings:calendar",
    "applications:apply",
    "accessibility",
    "privacy",
]


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return PUBLIC_PAGES

    def location(self, item: str) -> str:
        return reverse(item)


class MemberPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Organisation.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, organisation: Organisation) -> datetime.datetime:
        return organisation.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "members": MemberPagesSitemap, "events": EventPagesSitemap}
