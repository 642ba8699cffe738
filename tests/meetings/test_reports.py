from __future__ import annotations

import datetime

import pytest

from meetings.choices import EventKind
from meetings.reports import participation_report
from tests.factories.meetings import (
    EventDayFactory,
    EventFactory,
    RegistrationDayFactory,
    build_participation_data,
    helsinki,
)
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NOW = helsinki(2026, 11, 1, 12)


def _meeting(when, **kwargs):
    return EventDayFactory(event=EventFactory(kind=EventKind.NETWORK_MEETING), starts_at=when, members_only=True)


def _attend(organisation, day, **traits):
    RegistrationDayFactory(
        registration__event=day.event, registration__organisation=organisation, day=day, present=True, **traits
    )


def test_shares_flags_and_membership_years():
    kuopio = OrganisationFactory(name_fi="Kuopio")
    MembershipFactory(organisation=kuopio, start_date=datetime.date(2000, 1, 1))
    virrat = OrganisationFactory(name_fi="Virrat")
    MembershipFactory(organisation=virrat, start_date=datetime.date(2025, 3, 1))
    meetings_2024 = [_meeting(helsinki(2024, m, 10, 13)) for m in (2, 4, 6, 8)]
    meetings_2025 = [_meeting(helsinki(2025, m, 10, 13)) for m in (2, 4)]
    future = _meeting(helsinki(2026, 12, 10, 13))
    seminar = EventDayFactory(event=EventFactory(kind=EventKind.OPEN_SEMINAR), starts_at=helsinki(2025, 5, 5))
    for day in meetings_2024[:3]:
        _attend(kuopio, day)
    _attend(kuopio, meetings_2024[3], attended=False)
    _attend(kuopio, meetings_2025[0])
    _attend(virrat, meetings_2025[0])
    _attend(virrat, meetings_2025[1])
    _attend(virrat, seminar)  # not a network meeting: not counted
    _attend(virrat, future)  # not yet held
    held, rows = participation_report(first_year=2024, last_year=2026, threshold=60, now=NOW)
    assert held == {2024: 4, 2025: 2, 2026: 0}
    by_name = {row.organisation.name_fi: row for row in rows}
    kuopio_years = [(s.attended, s.meetings, s.percent) for s in by_name["Kuopio"].years]
    assert kuopio_years == [(3, 4, 75), (1, 2, 50), (0, 0, None)]
    assert by_name["Kuopio"].below == [2025]
    virrat_years = [(s.member, s.percent) for s in by_name["Virrat"].years]
    assert virrat_years == [(False, None), (True, 100), (True, None)]
    assert not by_name["Virrat"].flagged


def test_a_second_person_from_the_same_organisation_counts_once():
    kuopio = OrganisationFactory(name_fi="Kuopio")
    MembershipFactory(organisation=kuopio)
    day = _meeting(helsinki(2025, 2, 10, 13))
    _meeting(helsinki(2025, 3, 10, 13))
    _attend(kuopio, day)
    _attend(kuopio, day)
    _held, [row] = participation_report(first_year=2025, last_year=2025, now=NOW)
    assert (row.years[0].attended, row.years[0].percent, row.flagged) == (1, 50, False)


def test_the_report_holds_its_query_budget_at_scale(django_assert_max_num_queries):
    build_participation_data(organisations=330, years=10, meetings=12, first_year=2015)
    with django_assert_max_num_queries(5):
        held, rows = participation_report(first_year=2015, last_year=2024, threshold=50, now=NOW)
    assert held == dict.fromkeys(range(2015, 2025), 12)
    assert len(rows) == 330
    # Every tenth organisation attended nothing; the others two meetings of three.
    flagged = [row for row in rows if row.flagged]
    assert len(flagged) == 33
    assert all(s.percent == 0 for s in flagged[0].years)
    assert {s.percent for row in rows if not row.flagged for s in row.years} == {67}
