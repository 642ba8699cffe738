"""The participation report: each member's share of the network meetings it attended, per year.

The counting happens in the database (three queries whatever the size of the network);
Python only arranges the rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from meetings.choices import EventKind, PlaceStatus
from meetings.models import EventDay, RegistrationDay
from members.models import Membership, Organisation

DEFAULT_THRESHOLD = 50


@dataclass
class YearShare:
    year: int
    member: bool
    meetings: int
    attended: int

    @property
    def percent(self) -> int | None:
        if not self.member or not self.meetings:
            return None
        return round(Decimal(100) * self.attended / self.meetings)


@dataclass
class ParticipationRow:
    organisation: Organisation
    years: list[YearShare] = field(default_factory=list)
    below: list[int] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.below)


def participation_report(
    *, first_year: int, last_year: int, threshold: int = DEFAULT_THRESHOLD, now: datetime.datetime | None = None
) -> tuple[dict[int, int], list[ParticipationRow]]:
    """Share of held network meetings each member attended per year; below `threshold` % is flagged.

    Returns the number of meetings held per year and one row per organisation that was a
    member in any of the years. A year in which the organisation was not a member, or in
    which no meeting was held, is neither counted nor flagged.
    """
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start = datetime.datetime(first_year, 1, 1, tzinfo=tz)
    end = min(datetime.datetime(last_year + 1, 1, 1, tzinfo=tz), now)
    meeting_days = EventDay.objects.filter(
        event__kind=EventKind.NETWORK_MEETING, starts_at__gte=start, starts_at__lt=end
    )
    held = dict(
        meeting_days.annotate(year=ExtractYear("starts_at"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    attended = {
        (org_id, year): n
        for org_id, year, n in RegistrationDay.objects.filter(
            day__in=meeting_days,
            attended=True,
            status=PlaceStatus.CONFIRMED,
            registration__organisation__isnull=False,
        )
        .annotate(year=ExtractYear("day__starts_at"))
        .values("registration__organisation", "year")
        .annotate(n=Count("day", distinct=True))
        .values_list("registration__organisation", "year", "n")
    }
    periods = (
        Membership.objects.filter(known_from__lte=datetime.date(last_year, 12, 31))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(first_year, 1, 1)))
        .select_related("organisation")
        .order_by("organisation__name_fi", "organisation_id")
    )
    rows: dict[int, ParticipationRow] = {}
    member_years: dict[int, set[int]] = {}
    for period in periods:
        rows.setdefault(period.organisation_id, ParticipationRow(organisation=period.organisation))
        last = period.end_date.year if period.end_date else last_year
        member_years.setdefault(period.organisation_id, set()).update(
            range(max(first_year, period.known_from.year), min(last_year, last) + 1)
        )
    years = range(first_year, last_year + 1)
    for org_id, row in rows.items():
        for year in years:
            share = YearShare(
                year=year,
                member=year in member_years[org_id],
                meetings=held.get(year, 0),
                attended=attended.get((org_id, year), 0),
            )
            row.years.append(share)
            if share.percent is not None and share.percent < threshold:
                row.below.append(year)
    return {year: held.get(year, 0) for year in years}, list(rows.values())
