"""The host rotation planner: proposals and the reasons it gives, for a given history."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from meetings.choices import HostingStatus
from meetings.planner import Candidate, PastHosting, finnish_sort_key, plan, plan_hosts
from tests.factories.meetings import HostingFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, RegionFactory

PORI = Candidate(1, "Pori", "Satakunta")
JARVENPAA = Candidate(2, "Järvenpää", "Uusimaa")
KUOPIO = Candidate(3, "Kuopio", "Pohjois-Savo")
AANEKOSKI = Candidate(4, "Äänekoski", "Keski-Suomi")
ESPOO = Candidate(5, "Espoo", "Uusimaa")
OULU = Candidate(6, "Oulu", "Pohjois-Pohjanmaa")

HISTORY = [
    PastHosting(2024, PORI.pk, HostingStatus.HELD, regions=frozenset({"Satakunta"})),
    PastHosting(2025, JARVENPAA.pk, HostingStatus.HELD, regions=frozenset({"Uusimaa"})),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _hosts(proposals):
    return [(p.year, p.candidate.name if p.candidate else None) for p in proposals]


def test_an_offer_comes_before_everything_else():
    history = [*HISTORY, PastHosting(2026, PORI.pk, HostingStatus.OFFERED)]
    proposals = plan(candidates=[PORI, JARVENPAA, KUOPIO], history=history, start_year=2026)
    assert _hosts(proposals)[0] == (2026, "Pori")
    assert proposals[0].reasons[:2] == [
        "Offered to host the network days in 2026.",
        "Last hosted in 2024, 2 years before.",
    ]


def test_never_hosted_before_longest_since_hosting():
    proposals = plan(candidates=[PORI, JARVENPAA, KUOPIO], history=HISTORY, start_year=2026)
    assert _hosts(proposals) == [(2026, "Kuopio"), (2027, "Pori"), (2028, "Järvenpää")]
    assert proposals[0].reasons[0] == "Has never hosted the network days."
    assert proposals[1].reasons[0] == "Last hosted in 2024, 3 years before."
    assert proposals[2].reasons[0] == "Last hosted in 2025, 3 years before."


def test_region_spread_decides_among_equals():
    # Espoo and Kuopio have never hosted; Espoo is earlier by name, but Uusimaa hosted in 2025.
    proposals = plan(candidates=[ESPOO, KUOPIO], history=HISTORY, start_year=2026, years=1)
    assert _hosts(proposals) == [(2026, "Kuopio")]
    assert "No host from Pohjois-Savo in the previous 3 years." in proposals[0].reasons


SIILINJARVI = Candidate(7, "Siilinjärvi", "Pohjois-Savo")


def test_region_of_a_planned_year_counts_for_the_next_years():
    # Kuopio (Pohjois-Savo) offered 2026; in 2027 Espoo (Uusimaa hosted 2025) and Siilinjärvi
    # (Pohjois-Savo, planned for 2026) lose to Oulu.
    history = [*HISTORY, PastHosting(2026, KUOPIO.pk, HostingStatus.OFFERED)]
    proposals = plan(candidates=[ESPOO, KUOPIO, OULU, SIILINJARVI], history=history, start_year=2026, years=2)
    assert _hosts(proposals) == [(2026, "Kuopio"), (2027, "Oulu")]
    assert "No host from Pohjois-Pohjanmaa in the previous 3 years." in proposals[1].reasons


def test_a_full_tie_is_shown_as_a_tie_not_decided_by_the_alphabet():
    proposals = plan(candidates=[AANEKOSKI, OULU, KUOPIO], history=[], start_year=2030, years=1)
    assert _hosts(proposals) == [(2030, None)]
    tie = proposals[0]
    # Named in Finnish order: Äänekoski after Oulu (ä after z), although Python's default would not.
    assert tie.is_tie and tie.tied == ["Kuopio", "Oulu", "Äänekoski"]
    assert tie.reasons[0] == "A tie: 3 members are equal on every rule."
    assert "None of them has hosted the network days." in tie.reasons
    assert tie.reasons[-1] == "Ask them for offers, or choose one: the plan does not pick by name."


def test_an_offer_with_its_date_breaks_the_tie():
    history = [PastHosting(2030, OULU.pk, HostingStatus.OFFERED, offered_on=datetime.date(2029, 2, 3))]
    proposals = plan(candidates=[AANEKOSKI, OULU, KUOPIO], history=history, start_year=2030, years=1)
    assert _hosts(proposals) == [(2030, "Oulu")]
    assert proposals[0].reasons[0] == "Offered on 3.2.2029 to host the network days in 2030."


def test_a_new_member_gets_a_full_year_before_it_is_proposed():
    newcomer = Candidate(8, "Uusikunta", "Keski-Suomi", member_since=datetime.date(2026, 11, 23))
    established = Candidate(9, "Vanhakunta", "Lappi", member_since=datetime.date(2024, 6, 30))
    proposals = plan(candidates=[newcomer, established], history=[], start_year=2027, years=2)
    assert _hosts(proposals) == [(2027, "Vanhakunta"), (2028, "Uusikunta")]


def test_tie_between_two_offers_uses_the_fair_rule_then_the_name():
    history = [
        *HISTORY,
        PastHosting(2026, PORI.pk, HostingStatus.OFFERED),
        PastHosting(2026, OULU.pk, HostingStatus.OFFERED),
    ]
    proposals = plan(candidates=[PORI, OULU, KUOPIO], history=history, start_year=2026, years=1)
    assert _hosts(proposals) == [(2026, "Oulu")]
    assert proposals[0].reasons[:2] == [
        "Offered to host the network days in 2026.",
        "Has never hosted the network days.",
    ]


def test_confirmed_year_is_kept_and_its_host_not_proposed_again():
    history = [*HISTORY, PastHosting(2026, OULU.pk, HostingStatus.CONFIRMED, regions=frozenset({"Pohjois-Pohjanmaa"}))]
    proposals = plan(candidates=[OULU, KUOPIO, ESPOO], history=history, start_year=2026)
    assert _hosts(proposals) == [(2026, "Oulu"), (2027, "Kuopio"), (2028, "Espoo")]
    assert proposals[0].confirmed
    assert proposals[0].reasons == ["The host is already confirmed."]


def test_declined_member_is_not_proposed_for_that_year():
    history = [PastHosting(2026, KUOPIO.pk, HostingStatus.DECLINED)]
    proposals = plan(candidates=[KUOPIO, OULU], history=history, start_year=2026, years=2)
    assert _hosts(proposals) == [(2026, "Oulu"), (2027, "Kuopio")]


def test_co_hosting_counts_as_hosting():
    history = [PastHosting(2023, OULU.pk, HostingStatus.HELD, co_host_ids=frozenset({KUOPIO.pk}))]
    proposals = plan(candidates=[KUOPIO, OULU, ESPOO], history=history, start_year=2026, years=1)
    assert _hosts(proposals) == [(2026, "Espoo")]


def test_no_candidates_left():
    proposals = plan(candidates=[KUOPIO], history=[], start_year=2026, years=2)
    assert _hosts(proposals) == [(2026, "Kuopio"), (2027, None)]
    assert proposals[1].reasons == ["No member is available."]


def test_reasons_are_translated():
    with translation.override("fi"):
        proposals = plan(candidates=[KUOPIO], history=[], start_year=2026, years=1)
    assert proposals[0].reasons[0] == "Ei ole koskaan järjestänyt verkostopäiviä."


def test_finnish_sort_key():
    assert sorted(["Äänekoski", "Åbo", "Oulu", "Vaasa"], key=finnish_sort_key) == ["Oulu", "Vaasa", "Åbo", "Äänekoski"]


@pytest.mark.django_db
def test_plan_hosts_reads_members_and_history(django_assert_max_num_queries):
    satakunta, uusimaa = RegionFactory(code="04", name_fi="Satakunta"), RegionFactory(code="01", name_fi="Uusimaa")
    pori = OrganisationFactory(name_fi="Pori", region=satakunta)
    jarvenpaa = OrganisationFactory(name_fi="Järvenpää", region=uusimaa)
    kerava = OrganisationFactory(name_fi="Kerava", region=uusimaa)
    for organisation in (pori, jarvenpaa, kerava):
        MembershipFactory(organisation=organisation)
    HostingFactory(year=2024, organisation=pori, held=True)
    HostingFactory(year=2025, organisation=jarvenpaa, held=True)
    with django_assert_max_num_queries(3):
        proposals = plan_hosts(start_year=2026)
    assert _hosts(proposals) == [(2026, "Kerava"), (2027, "Pori"), (2028, "Järvenpää")]
