"""One member's story on one page: its membership periods, its people in each role over time,
its applications and their decisions, its attendance per year, the network days it hosted,
its answers to contact upkeep and the announcements sent to it.

Read in a fixed number of queries, however large the network and however long the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from meetings.models import Hosting
from meetings.reports import NETWORK_FOUNDED, YearShare, participation_report
from members.choices import OrganisationKind, Role, StartPrecision
from members.models import Appointment, Delivery, Membership, Organisation, UpkeepRequest
from tervekunta.charts import CERTAIN, EMPTY, BarChart, Point, bar_chart

ATTENDANCE_YEARS = 10
ANNOUNCEMENTS_SHOWN = 20


@dataclass
class RoleHistory:
    role: str
    appointments: list[Appointment]

    @property
    def label(self) -> str:
        return Role(self.role).label

    @property
    def current(self) -> Appointment | None:
        return next((a for a in self.appointments if a.end_date is None), None)


@dataclass
class MemberPage:
    organisation: Organisation
    periods: list[Membership]
    roles: list[RoleHistory]
    applications: list[Application]
    attendance: list[YearShare]
    chart: BarChart
    hostings: list[Hosting]
    upkeep: list[UpkeepRequest]
    deliveries: list[Delivery]
    delivery_count: int

    @property
    def is_member(self) -> bool:
        today = timezone.localdate()
        return any(period.is_active_on(today) for period in self.periods)


def _first_year(periods: list[Membership], this_year: int) -> int:
    """The first year of the attendance history: ten years at most, none before the first possible start."""
    starts = [NETWORK_FOUNDED if p.start_precision == StartPrecision.BY else p.start_date for p in periods]
    earliest = min(starts, default=datetime.date(this_year, 1, 1)).year
    return max(earliest, this_year - ATTENDANCE_YEARS + 1)


def _attendance_point(share: YearShare) -> Point:
    label = str(share.year)
    if share.unknown:
        return Point(label, None, _("unknown whether a member"), EMPTY)
    if not share.member:
        return Point(label, None, _("not a member"), EMPTY)
    if share.percent is None:
        return Point(label, None, _("no recorded meetings while a member"), EMPTY)
    text = _("%(attended)s of %(meetings)s meetings (%(percent)s %%)") % {
        "attended": share.attended,
        "meetings": share.meetings,
        "percent": share.percent,
    }
    return Point(label, share.percent, text, CERTAIN)


def attendance_chart(organisation: Organisation, shares: list[YearShare]) -> BarChart:
    return bar_chart(
        chart_id=f"attendance-{organisation.pk}",
        title=_("Attendance at network meetings per year"),
        description=_(
            "The share of the recorded network meetings held while a member that someone from "
            "%(name)s attended, per year; a dash marks a year without such meetings."
        )
        % {"name": organisation},
        label_heading=_("Year"),
        value_heading=_("Attended"),
        points=[_attendance_point(share) for share in shares],
        top=100,
        tick_format="{:g} %",
    )


def _applications_of(organisation: Organisation) -> Q:
    """The organisation's applications: those approved into it, and the open or refused ones
    made in the name of its municipality or welfare region, which name no organisation record."""
    condition = Q(organisation=organisation)
    undecided = Q(organisation__isnull=True)
    if organisation.municipality_id:
        condition |= undecided & Q(municipality_id=organisation.municipality_id)
    elif organisation.kind == OrganisationKind.WELFARE_REGION and organisation.welfare_region_id:
        condition |= undecided & Q(welfare_region_id=organisation.welfare_region_id)
    return condition


def member_page(organisation: Organisation) -> MemberPage:
    """Everything the member's page shows."""
    this_year = timezone.localdate().year
    periods = list(organisation.memberships.order_by("start_date", "pk"))
    appointments = (
        Appointment.objects.filter(organisation=organisation).select_related("person").order_by("-start_date", "-pk")
    )
    by_role: dict[str, list[Appointment]] = {role: [] for role in Role.values}
    for appointment in appointments:
        by_role.setdefault(appointment.role, []).append(appointment)
    applications = Application.objects.filter(_applications_of(organisation))
    attendance: list[YearShare] = []
    if periods:
        _held, rows = participation_report(
            first_year=_first_year(periods, this_year), last_year=this_year, organisation=organisation
        )
        attendance = rows[0].years if rows else []
    deliveries = Delivery.objects.filter(organisation=organisation)
    return MemberPage(
        organisation=organisation,
        periods=periods,
        roles=[RoleHistory(role, items) for role, items in by_role.items()],
        applications=list(
            applications.exclude(submitted_at__isnull=True)
            .prefetch_related("documents")
            .order_by("-submitted_at", "-pk")
        ),
        attendance=attendance,
        chart=attendance_chart(organisation, attendance),
        hostings=list(
            Hosting.objects.for_organisation(organisation)
            .select_related("organisation", "event")
            .prefetch_related(Prefetch("co_hosts", queryset=Organisation.objects.order_by("name_fi")))
            .order_by("-year")
        ),
        upkeep=list(
            UpkeepRequest.objects.filter(organisation=organisation)
            .select_related("round", "contact")
            .order_by("-round__created_at", "-pk")
        ),
        deliveries=list(
            deliveries.select_related("announcement").order_by("-announcement__created_at", "-pk")[:ANNOUNCEMENTS_SHOWN]
        ),
        delivery_count=deliveries.count(),
    )
