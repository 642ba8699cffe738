"""The participation report: each member's share of the network meetings it attended, per year.

A member is judged only on the meetings held while it was certainly a member and whose
attendance has been recorded. A year in which the organisation may or may not have been a
member (its start is known only as "member by" a date, or to the month or year) is "unknown",
never "not a member". The database does the reading in a fixed number of queries whatever the
size of the network; Python sorts the meetings into each member's periods.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.attendance import present_organisations
from meetings.choices import EventKind
from meetings.models import EventDay
from members.choices import StartPrecision
from members.models import Membership, Organisation

DEFAULT_THRESHOLD = 50
# No organisation was a member before the network was founded; a "member by" start can lie
# anywhere after it.
NETWORK_FOUNDED = datetime.date(1996, 1, 1)

MEMBER = "member"
UNKNOWN = "unknown"
NOT_MEMBER = "not_member"


@dataclass
class YearShare:
    """One organisation's year: whether it was a member, and the meetings it is judged on.

    `meetings` counts the network meetings held while the organisation was certainly a member
    and with attendance recorded; `unrecorded` those held while it was a member whose
    attendance nobody has recorded yet. `member_from` and `member_until` are set when the
    certain membership began or ended inside the year.
    """

    year: int
    status: str
    meetings: int
    attended: int
    unrecorded: int = 0
    member_from: datetime.date | None = None
    member_until: datetime.date | None = None
    earlier_unknown: bool = False

    @property
    def member(self) -> bool:
        return self.status == MEMBER

    @property
    def unknown(self) -> bool:
        return self.status == UNKNOWN

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


@dataclass(frozen=True)
class _Period:
    """A membership period as days: certainly a member from `certain_from`, possibly from
    `possible_from`, until `until` (None while it lasts)."""

    possible_from: datetime.date
    certain_from: datetime.date
    until: datetime.date | None

    @classmethod
    def of(cls, membership: Membership) -> _Period:
        possible = NETWORK_FOUNDED if membership.start_precision == StartPrecision.BY else membership.start_date
        return cls(possible_from=possible, certain_from=membership.known_from, until=membership.end_date)

    def certain_on(self, day: datetime.date) -> bool:
        return self.certain_from <= day and (self.until is None or day <= self.until)

    def overlaps(self, first: datetime.date, last: datetime.date, *, certain: bool) -> bool:
        start = self.certain_from if certain else self.possible_from
        return start <= last and (self.until is None or self.until >= first)


@dataclass(frozen=True)
class _Meeting:
    pk: int
    day: datetime.date
    recorded: bool


def network_meetings(*, first_year: int, last_year: int, now: datetime.datetime | None = None):
    """The network meeting days held in the years (started before `now`)."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start = datetime.datetime(first_year, 1, 1, tzinfo=tz)
    end = min(datetime.datetime(last_year + 1, 1, 1, tzinfo=tz), now)
    return EventDay.objects.filter(event__kind=EventKind.NETWORK_MEETING, starts_at__gte=start, starts_at__lt=end)


def meetings_per_year(*, first_year: int, last_year: int, now: datetime.datetime | None = None) -> dict:
    """{year: (meetings held, of which attendance recorded)} for the report's headings."""
    counts = {year: [0, 0] for year in range(first_year, last_year + 1)}
    for starts_at, recorded_at in network_meetings(first_year=first_year, last_year=last_year, now=now).values_list(
        "starts_at", "attendance_recorded_at"
    ):
        pair = counts[timezone.localtime(starts_at).year]
        pair[0] += 1
        pair[1] += recorded_at is not None
    return {year: tuple(pair) for year, pair in counts.items()}


def _year_share(year: int, periods: list[_Period], meetings: list[_Meeting], present: set[int]) -> YearShare:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    certain = [p for p in periods if p.overlaps(first, last, certain=True)]
    if not certain:
        possible = any(p.overlaps(first, last, certain=False) for p in periods)
        return YearShare(year=year, status=UNKNOWN if possible else NOT_MEMBER, meetings=0, attended=0)
    counted = unrecorded = attended = 0
    for meeting in meetings:
        if not any(p.certain_on(meeting.day) for p in certain):
            continue
        if not meeting.recorded:
            unrecorded += 1
            continue
        counted += 1
        attended += meeting.pk in present
    starts = min(p.certain_from for p in certain)
    ends = [p.until for p in certain]
    ends_on = None if None in ends else max(ends)
    return YearShare(
        year=year,
        status=MEMBER,
        meetings=counted,
        attended=attended,
        unrecorded=unrecorded,
        member_from=starts if starts > first else None,
        member_until=ends_on if ends_on is not None and ends_on < last else None,
        earlier_unknown=starts > first and any(p.possible_from < starts == p.certain_from for p in certain),
    )


def participation_report(
    *,
    first_year: int,
    last_year: int,
    threshold: int = DEFAULT_THRESHOLD,
    now: datetime.datetime | None = None,
    organisation: Organisation | None = None,
) -> tuple[dict[int, int], list[ParticipationRow]]:
    """Share of the recorded network meetings each member attended while a member; below `threshold` % is flagged.

    Returns the number of meetings held per year and one row per organisation that was, or
    may have been, a member in any of the years. Only a year with counted meetings can be
    flagged: a member is never judged on meetings before it joined or on meetings whose
    attendance nobody has recorded. With `organisation`, the report holds that one only.
    """
    years = range(first_year, last_year + 1)
    days = network_meetings(first_year=first_year, last_year=last_year, now=now)
    meetings_by_year: dict[int, list[_Meeting]] = {year: [] for year in years}
    for pk, starts_at, recorded_at in days.values_list("pk", "starts_at", "attendance_recorded_at"):
        local = timezone.localtime(starts_at).date()
        meetings_by_year[local.year].append(_Meeting(pk=pk, day=local, recorded=recorded_at is not None))
    present: dict[int, set[int]] = {}
    recorded = days.exclude(attendance_recorded_at=None)
    for organisation_id, day_id in present_organisations(recorded, organisation=organisation):
        present.setdefault(organisation_id, set()).add(day_id)
    first, last = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
    memberships = (
        Membership.objects.filter(Q(start_date__lte=last) | Q(start_precision=StartPrecision.BY))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .select_related("organisation")
        .order_by("organisation__name_fi", "organisation_id", "start_date")
    )
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    organisations: dict[int, Organisation] = {}
    periods: dict[int, list[_Period]] = {}
    for membership in memberships:
        organisations.setdefault(membership.organisation_id, membership.organisation)
        periods.setdefault(membership.organisation_id, []).append(_Period.of(membership))
    rows = []
    for org_id, member in organisations.items():
        row = ParticipationRow(organisation=member)
        for year in years:
            share = _year_share(year, periods[org_id], meetings_by_year[year], present.get(org_id, set()))
            row.years.append(share)
            if share.percent is not None and share.percent < threshold:
                row.below.append(year)
        rows.append(row)
    held = Counter(meeting.day.year for meetings in meetings_by_year.values() for meeting in meetings)
    return {year: held.get(year, 0) for year in years}, rows


PARTICIPATION_COLUMNS = [
    "Organisaatio",
    "Vuosi",
    "Jäsenyys",
    "Jäsen alkaen",
    "Jäsen asti",
    "Kokouksia",
    "Osallistui",
    "Osuus %",
    "Alle kynnyksen",
    "Kokouksia ilman kirjattua osallistumista",
]


def participation_export_rows(rows: list[ParticipationRow]) -> list[list]:
    """One spreadsheet row per organisation and year, with Finnish values whatever the page's language."""
    with translation.override("fi"):
        labels = {MEMBER: _("member"), UNKNOWN: _("unknown"), NOT_MEMBER: _("not a member")}
        yes, no = _("yes"), _("no")
        return [
            [
                row.organisation.name_fi,
                share.year,
                str(labels[share.status]),
                share.member_from,
                share.member_until,
                share.meetings if share.member else None,
                share.attended if share.member else None,
                share.percent,
                str(yes if share.year in row.below else no) if share.member else "",
                share.unrecorded if share.member else None,
            ]
            for row in rows
            for share in row.years
        ]
