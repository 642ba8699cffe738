"""Host planning from facts: offers with their dates, ties said out loud, new members given a
year, and the network days linked to their hosting."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.choices import HostingStatus
from meetings.models import Hosting
from meetings.offers import hosting_offer
from meetings.planner import host_standings, plan_hosts
from tests.factories.meetings import HostingFactory, network_days
from tests.factories.members import MembershipFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _member(name, region, start=datetime.date(2020, 1, 15)):
    organisation = OrganisationFactory(name_fi=name, region=region)
    MembershipFactory(organisation=organisation, start_date=start)
    return organisation


def test_an_offer_is_recorded_with_its_day(coordinator):
    kuopio = _member("Kuopio", RegionFactory(code="11", name_fi="Pohjois-Savo"))
    offer = hosting_offer(organisation=kuopio, year=2028, offered_on=datetime.date(2026, 2, 3), actor=coordinator)
    assert (offer.status, offer.offered_on) == (HostingStatus.OFFERED, datetime.date(2026, 2, 3))
    assert offer.history.first().history_user == coordinator
    declined = HostingFactory(organisation=kuopio, year=2029, declined=True)
    renewed = hosting_offer(organisation=kuopio, year=2029, offered_on=datetime.date(2026, 3, 1))
    assert renewed.pk == declined.pk and renewed.status == HostingStatus.OFFERED
    HostingFactory(organisation=kuopio, year=2030, confirmed=True)
    with pytest.raises(ValidationError) as caught:
        hosting_offer(organisation=kuopio, year=2030, offered_on=datetime.date(2026, 3, 1))
    assert caught.value.code == "already_host"


def test_a_member_approved_this_year_is_not_proposed_for_next_year():
    region = RegionFactory(code="02", name_fi="Varsinais-Suomi")
    _member("Vanhakunta", region)
    _member("Uusikunta", RegionFactory(code="13", name_fi="Keski-Suomi"), start=timezone.localdate())
    next_year = timezone.localdate().year + 1
    proposals = plan_hosts(start_year=next_year, years=2)
    assert [(p.year, p.host_name) for p in proposals] == [(next_year, "Vanhakunta"), (next_year + 1, "Uusikunta")]
    standings = {s.candidate.name: s for s in host_standings(year=next_year)}
    assert not standings["Uusikunta"].may_host and standings["Vanhakunta"].may_host


def test_the_plan_page_records_an_offer_and_shows_ties_and_standings(coordinator_client):
    savo = RegionFactory(code="11", name_fi="Pohjois-Savo")
    kuopio, oulu = _member("Kuopio", savo), _member("Oulu", RegionFactory(code="17", name_fi="Pohjois-Pohjanmaa"))
    url = reverse("meetings:hosting_plan")
    page = coordinator_client.get(url).content.decode()
    assert "Tasapeli 2 jäsenen kesken" in page
    assert "Kuopio, Oulu" in page
    start = timezone.localdate().year + 1
    response = coordinator_client.post(
        url, {"action": "offer", "organisation": oulu.pk, "year": start, "offered_on": "3.2.2026"}
    )
    assert response.status_code == 302
    assert Hosting.objects.get(organisation=oulu).offered_on == datetime.date(2026, 2, 3)
    response = coordinator_client.get(url)
    assert response.context["proposals"][0].host_name == "Oulu"
    assert "Tarjoutui 3.2.2026 järjestämään verkostopäivät" in response.content.decode()
    assert [s.candidate.name for s in response.context["standings"]] == ["Oulu", "Kuopio"]
    assert kuopio.pk != oulu.pk


def test_the_network_days_link_to_their_hosting(client, coordinator_client):
    pori = _member("Pori", RegionFactory(code="04", name_fi="Satakunta"))
    event, _open_day, _members_day = network_days()
    HostingFactory(organisation=pori, year=event.days.first().starts_at.year, confirmed=True, event=event)
    listing = coordinator_client.get(reverse("meetings:coordinator_events")).content.decode()
    assert reverse("workspace:member_detail", kwargs={"pk": pori.pk}) in listing
    public = client.get(reverse("meetings:event_detail", kwargs={"pk": event.pk})).content.decode()
    assert f'href="{pori.get_absolute_url()}">Pori</a>' in public
