"""The network in figures: members over time since 1996 and members by region, as charts.

Counted from the membership periods as honestly as they are known: a year in which an
organisation may or may not have been a member (its start known only as "member by" a date,
or to the month or year) counts as uncertain, never as certain.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.choices import StartPrecision
from members.models import Membership, Organisation
from tervekunta.charts import CERTAIN, UNCERTAIN, BarChart, HorizontalBarChart, Point, bar_chart, horizontal_bar_chart

NETWORK_FOUNDED = datetime.date(1996, 1, 1)


@dataclass(frozen=True)
class YearCount:
    """Members at the end of a year (today for this year): certainly, and possibly as well."""

    year: int
    day: datetime.date
    certain: int
    uncertain: int

    @property
    def possible(self) -> int:
        return self.certain + self.uncertain


def members_over_time(*, today: datetime.date) -> list[YearCount]:
    """The count of members at the end of each year from 1996 to today. One query."""
    periods = list(
        Membership.objects.values_list("organisation_id", "start_date", "start_precision", "known_from", "end_date")
    )
    counts = []
    for year in range(NETWORK_FOUNDED.year, today.year + 1):
        day = min(datetime.date(year, 12, 31), today)
        certain: set[int] = set()
        possible: set[int] = set()
        for organisation_id, start, precision, known_from, end in periods:
            if end is not None and end < day:
                continue
            if known_from <= day:
                certain.add(organisation_id)
            elif (NETWORK_FOUNDED if precision == StartPrecision.BY else start) <= day:
                possible.add(organisation_id)
        counts.append(YearCount(year=year, day=day, certain=len(certain), uncertain=len(possible - certain)))
    return counts


def _year_point(count: YearCount) -> Point:
    if not count.uncertain:
        text = ngettext("%(n)s member", "%(n)s members", count.certain) % {"n": count.certain}
        return Point(str(count.year), count.certain, text, CERTAIN)
    text = _("%(certain)s certainly, up to %(possible)s") % {"certain": count.certain, "possible": count.possible}
    return Point(str(count.year), count.possible, text, UNCERTAIN, low=count.certain)


def members_over_time_chart(*, today: datetime.date) -> BarChart:
    counts = members_over_time(today=today)
    return bar_chart(
        chart_id="members-over-time",
        title=_("Members over time"),
        description=_(
            "Members of the network at the end of each year since %(first)s. A solid bar counts the "
            "organisations certainly members; a dashed bar above it those that may have been, "
            "because only a later date of their membership is known."
        )
        % {"first": NETWORK_FOUNDED.year},
        label_heading=_("Year"),
        value_heading=_("Members"),
        points=[_year_point(count) for count in counts],
        legend=[(CERTAIN, _("certainly a member")), (UNCERTAIN, _("possibly a member, start not known"))],
    )


def members_by_region_chart(organisations: list[Organisation]) -> HorizontalBarChart:
    """Today's members (with their regions read) by region, the largest first."""
    counts: dict[str, int] = {}
    for organisation in organisations:
        region = organisation.region
        name = region.name if region is not None else _("Several regions")
        counts[name] = counts.get(name, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return horizontal_bar_chart(
        chart_id="members-by-region",
        title=_("Members by region"),
        description=_("The number of today's members in each region, the region with the most members first."),
        label_heading=_("Region"),
        value_heading=_("Members"),
        points=[
            Point(name, count, ngettext("%(n)s member", "%(n)s members", count) % {"n": count})
            for name, count in ordered
        ],
    )
