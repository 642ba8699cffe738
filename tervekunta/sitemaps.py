"""/sitemap.xml: every public page in Finnish, Swedish and English."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from members.models import Organisation


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return ["home", "members:list", "accessibility", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class MemberPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Organisation.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, organisation: Organisation):
        return organisation.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "members": MemberPagesSitemap}
