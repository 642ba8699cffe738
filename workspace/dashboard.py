"""What needs the coordinator's attention today, read in a fixed number of queries.

Applications waiting, members missing a person in a role, appointments older than the
current council term, members below the participation threshold, upcoming events and the
host plan. The number of queries does not grow with the number of members.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from applications.choices import ApplicationStatus
from applications.models import Application
from meetings.models import EventDay
from meetings.planner import Proposal, plan_hosts
from meetings.reports import DEFAULT_THRESHOLD, ParticipationRow, participation_report
from members.choices import Role
from members.models import Appointment, Organisation
from tervekunta import outbox

# The municipal council term 2025-2029 began on 1 June 2025. Appointments made before it are
# likely to be stale: elected officials in particular change with the council.
CURRENT_COUNCIL_TERM_START = datetime.date(2025, 6, 1)
UPCOMING_EVENT_DAYS = 10
PLAN_YEARS = 3


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


def build_dashboard(*, threshold: int = DEFAULT_THRESHOLD, now: datetime.datetime | None = None) -> Dashboard:
    """Everything the dashboard shows. Ten queries, whatever the size of the network."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    members = list(Organisation.objects.members_on(today).with_register().order_by("name_fi", "pk"))
    member_ids = {o.pk for o in members}
    current = list(
        Appointment.objects.current()
        .filter(organisation__in=Organisation.objects.members_on(today))
        .select_related("person", "organisation")
        .order_by("organisation__name_fi", "role", "pk")
    )
    held: dict[int, set[str]] = {}
    for appointment in current:
        held.setdefault(appointment.organisation_id, set()).add(appointment.role)
    missing = []
    for organisation in members:
        roles = [role for role in Role.values if role not in held.get(organisation.pk, set())]
        if roles:
            missing.append(MissingRoles(organisation=organisation, roles=roles))
    stale = [a for a in current if a.start_date < CURRENT_COUNCIL_TERM_START]
    years = [today.year - 1, today.year]
    _held, rows = participation_report(first_year=years[0], last_year=years[1], threshold=threshold, now=now)
    below = [row for row in rows if row.flagged and row.organisation.pk in member_ids]
    events = list(
        EventDay.objects.filter(ends_at__gte=now)
        .select_related("event")
        .order_by("starts_at", "pk")[:UPCOMING_EVENT_DAYS]
    )
    return Dashboard(
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
    )
