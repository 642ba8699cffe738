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


def _meeting(when, recorded=True):
    event = EventFactory(kind=EventKind.NETWORK_MEETING)
    return EventDayFactory(event=event, starts_at=when, members_only=True, recorded=recorded)


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


def test_a_member_is_judged_only_on_meetings_while_it_was_a_member():
    newcomer = OrganisationFactory(name_fi="Uusikunta")
    MembershipFactory(organisation=newcomer, start_date=datetime.date(2026, 9, 1))
    before = [_meeting(helsinki(2026, m, 10, 13)) for m in (2, 4, 6, 8)]
    after = _meeting(helsinki(2026, 9, 15, 13))
    _attend(newcomer, after)
    assert before
    _held, [row] = participation_report(first_year=2025, last_year=2026, threshold=50, now=NOW)
    last_year, this_year = row.years
    assert (last_year.status, last_year.percent) == ("not_member", None)
    assert (this_year.member, this_year.meetings, this_year.attended, this_year.percent) == (True, 1, 1, 100)
    assert this_year.member_from == datetime.date(2026, 9, 1)
    assert not this_year.earlier_unknown
    assert not row.flagged


def test_years_of_an_unknown_start_are_unknown_not_a_non_member():
    helsinki_city = OrganisationFactory(name_fi="Helsinki")
    MembershipFactory(organisation=helsinki_city, member_by=True)  # "member by 6/2024"
    spring, autumn = _meeting(helsinki(2024, 3, 10, 13)), _meeting(helsinki(2024, 9, 10, 13))
    _attend(helsinki_city, spring)
    _held, [row] = participation_report(first_year=2016, last_year=2024, threshold=50, now=NOW)
    assert [s.status for s in row.years[:-1]] == ["unknown"] * 8
    assert all(s.percent is None for s in row.years[:-1])
    year_2024 = row.years[-1]
    # Only the autumn meeting falls after the day it is certainly a member.
    assert (year_2024.member, year_2024.meetings, year_2024.attended) == (True, 1, 0)
    assert (year_2024.member_from, year_2024.earlier_unknown) == (datetime.date(2024, 6, 30), True)
    assert row.below == [2024]
    assert autumn


def test_meetings_without_recorded_attendance_are_not_held_against_anyone():
    member = OrganisationFactory(name_fi="Kokkola")
    MembershipFactory(organisation=member)
    for month in (2, 3, 4):
        _meeting(helsinki(2026, month, 10, 13), recorded=False)
    _held, [row] = participation_report(first_year=2026, last_year=2026, threshold=50, now=NOW)
    share = row.years[0]
    assert (share.member, share.meetings, share.unrecorded, share.percent) == (True, 0, 3, None)
    assert not row.flagged


def test_an_ended_membership_counts_until_its_end():
    former = OrganisationFactory(name_fi="Kainuun sote")
    MembershipFactory(organisation=former, start_date=datetime.date(2005, 1, 1), ended=True)  # ends 31.12.2022
    MembershipFactory(
        organisation=OrganisationFactory(name_fi="Muu"),
        start_date=datetime.date(2005, 1, 1),
        end_date=datetime.date(2022, 6, 30),
        end_reason="resigned",
    )
    _attend(former, _meeting(helsinki(2022, 3, 10, 13)))
    _held, rows = participation_report(first_year=2022, last_year=2023, now=NOW)
    by_name = {row.organisation.name_fi: row for row in rows}
    assert [s.status for s in by_name["Kainuun sote"].years] == ["member", "not_member"]
    assert by_name["Muu"].years[0].member_until == datetime.date(2022, 6, 30)
