"""What needs the coordinator's attention today, as a to-do list read in a fixed number of queries.

Applications waiting, members missing a person in a role, elected officials appointed before
the current council term, members below the participation threshold, meetings whose
attendance is not recorded, upcoming events and the host plan. Each list shows its count and
its first rows; the number of queries does not grow with the number of members.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.http import urlencode

from applications.choices import ApplicationStatus
from applications.models import Application
from meetings.models import EventDay
from meetings.planner import Proposal, plan_hosts
from meetings.reports import DEFAULT_THRESHOLD, ParticipationRow, participation_report
from members import upkeep_review
from members.choices import Role
from members.models import Appointment, Organisation, UpkeepChange
from members.terms import CURRENT_COUNCIL_TERM_START
from tervekunta import outbox
from tervekunta.collation import by_name, collated

UPCOMING_EVENT_DAYS = 10
PLAN_YEARS = 3
FIRST_ROWS = 5
# Meetings further back than this are history, not a to-do.
ATTENDANCE_LOOKBACK = datetime.timedelta(days=365)


@dataclass
class ToDo:
    """One list of the overview: its count, the rows shown and the contact persons to write to."""

    key: str
    rows: list
    expanded: bool = False
    emails: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def shown(self) -> list:
        return self.rows if self.expanded else self.rows[:FIRST_ROWS]

    @property
    def hidden(self) -> int:
        return self.count - len(self.shown)

    @property
    def mailto(self) -> str:
        """A message to these members' contact persons in the coordinator's own mail program."""
        return "mailto:?" + urlencode({"bcc": ",".join(self.emails)}) if self.emails else ""


@dataclass
class MissingRoles:
    organisation: Organisation
    roles: list[str] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]


@dataclass
class Dashboard:
    today: datetime.date
    applications: list[Application]
    member_count: int
    missing: list[MissingRoles]
    stale: list[Appointment]
    threshold: int
    years: list[int]
    below: list[ParticipationRow]
    events: list[EventDay]
    proposals: list[Proposal]
    undelivered: int = 0
    unrecorded: list[EventDay] = field(default_factory=list)
    changes: list[UpkeepChange] = field(default_factory=list)
    todo: dict[str, ToDo] = field(default_factory=dict)
    council_term_start: datetime.date = CURRENT_COUNCIL_TERM_START

    @property
    def applications_by_status(self) -> list[tuple[str, int]]:
        """(status label, count) for the waiting applications, in the order of the status map."""
        counts: dict[str, int] = {}
        for application in self.applications:
            counts[application.status] = counts.get(application.status, 0) + 1
        return [(label, counts[value]) for value, label in ApplicationStatus.choices if value in counts]


def _waiting_applications() -> list[Application]:
    """Open, submitted applications, the one waiting longest first."""
    return list(
        Application.objects.open()
        .exclude(submitted_at__isnull=True)
        .select_related("municipality", "welfare_region", "organisation")
        .order_by("status_changed_at", "pk")
    )


def _host_plan(members: list[Organisation], start_year: int) -> list[Proposal]:
    return plan_hosts(start_year=start_year, years=PLAN_YEARS, members=members)


def _unrecorded_meetings(now: datetime.datetime) -> list[EventDay]:
    """Days that have begun within the last year and whose attendance nobody has recorded, latest first."""
    return list(
        EventDay.objects.filter(
            starts_at__lte=now, starts_at__gte=now - ATTENDANCE_LOOKBACK, attendance_recorded_at__isnull=True
        )
        .select_related("event")
        .order_by("-starts_at", "-pk")
    )


def build_dashboard(
    *, threshold: int = DEFAULT_THRESHOLD, now: datetime.datetime | None = None, show: str = ""
) -> Dashboard:
    """Everything the dashboard shows, `show` naming the list to show in full. Ten queries,
    whatever the size of the network."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # Lists name the members in the reader's language and its alphabetical order.
    members = by_name(
        Organisation.objects.members_on(today)
        .with_register()
        # The host planner gives a new member a full year before proposing it.
        .annotate(member_since=Min("memberships__known_from", filter=Q(memberships__end_date__isnull=True)))
        .order_by("pk")
    )
    member_ids = {o.pk for o in members}
    current = collated(
        Appointment.objects.current()
        .filter(organisation__in=Organisation.objects.members_on(today))
        .select_related("person", "organisation")
        .order_by("role", "pk"),
        key=lambda appointment: appointment.organisation.name,
    )
    held: dict[int, set[str]] = {}
    for appointment in current:
        held.setdefault(appointment.organisation_id, set()).add(appointment.role)
    missing = []
    for organisation in members:
        roles = [role for role in Role.values if role not in held.get(organisation.pk, set())]
        if roles:
            missing.append(MissingRoles(organisation=organisation, roles=roles))
    # Elections change the elected officials, not the officials' other roles.
    stale = [a for a in current if a.role == Role.ELECTED_OFFICIAL and a.start_date < CURRENT_COUNCIL_TERM_START]
    contact_of = {a.organisation_id: a.person.email for a in current if a.role == Role.CONTACT_PERSON}
    years = [today.year - 1, today.year]
    _held, rows = participation_report(first_year=years[0], last_year=years[1], threshold=threshold, now=now)
    below = [row for row in rows if row.flagged and row.organisation.pk in member_ids]
    events = list(
        EventDay.objects.filter(ends_at__gte=now)
        .select_related("event")
        .order_by("starts_at", "pk")[:UPCOMING_EVENT_DAYS]
    )
    board = Dashboard(
        today=today,
        applications=_waiting_applications(),
        member_count=len(members),
        missing=missing,
        stale=stale,
        threshold=threshold,
        years=years,
        below=below,
        events=events,
        proposals=_host_plan(members, today.year + 1),
        undelivered=outbox.undelivered_count(),
        unrecorded=_unrecorded_meetings(now),
        changes=list(upkeep_review.waiting()),
    )

    def emails(organisation_ids: list[int]) -> list[str]:
        found = (contact_of.get(pk, "") for pk in dict.fromkeys(organisation_ids))
        return [address for address in found if address]

    board.todo = {
        "applications": ToDo("applications", board.applications),
        "review": ToDo("review", board.changes),
        "missing": ToDo("missing", missing, emails=emails([m.organisation.pk for m in missing])),
        "renew": ToDo("renew", stale, emails=emails([a.organisation_id for a in stale])),
        "participation": ToDo("participation", below, emails=emails([r.organisation.pk for r in below])),
        "attendance": ToDo("attendance", board.unrecorded),
        "events": ToDo("events", events),
    }
    if show in board.todo:
        board.todo[show].expanded = True
    return board
