"""The visitor's address behind a real reverse proxy: the login lockout and the public-form
limits count each visitor, never the proxy, so one visitor cannot lock out another."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from meetings.models import Registration
from tervekunta.client import client_address
from tests.db import coordinator_group
from tests.factories.meetings import network_days
from tests.security.proxy import ReverseProxy, Visitor

ATTACKER, COORDINATOR = "127.0.0.2", "127.0.0.3"


@pytest.mark.parametrize(
    ("proxy_count", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1", "10.0.0.1"),  # no proxy: the header is the visitor's own words
        (1, "203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1", "10.0.0.1"),  # not through both proxies: the peer is the client
        (1, "", "10.0.0.1", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
        (1, "2001:db8::1", "10.0.0.1", "2001:db8::1"),
    ],
)
def test_the_address_is_read_proxy_count_hops_from_the_right(settings, proxy_count, forwarded, remote, expected):
    settings.PROXY_COUNT = proxy_count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_axes_uses_the_same_function(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "tervekunta.client.client_address"


@pytest.mark.django_db(transaction=True)
def test_six_wrong_passwords_from_one_address_do_not_lock_the_coordinator_out_elsewhere(
    live_server, settings, django_user_model
):
    settings.PROXY_COUNT = 1
    user = django_user_model.objects.create_user("koordinaattori", password="oikea-salasana-1", is_staff=True)
    user.groups.add(coordinator_group())
    login = "/admin/login/?next=/fi/coordinator/"
    with ReverseProxy(live_server.url) as proxy:
        attacker, coordinator = Visitor(proxy, ATTACKER), Visitor(proxy, COORDINATOR)
        statuses = [
            attacker.post_form(login, {"username": "koordinaattori", "password": f"arvaus-{n}"})[0] for n in range(6)
        ]
        assert statuses == [200, 200, 200, 200, 429, 429]
        status, _headers, page = attacker.post_form(
            login, {"username": "koordinaattori", "password": "oikea-salasana-1"}
        )
        assert status == 429 and "Kirjautuminen on lukittu" in page

        status, headers, _page = coordinator.post_form(
            login, {"username": "koordinaattori", "password": "oikea-salasana-1"}
        )
    assert status == 302, "the coordinator was refused from another address"
    assert headers["Location"] == "/fi/coordinator/"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def _registration(event, open_day, email: str) -> dict:
    return {
        "name": "Anna Virtanen",
        "email": email,
        "organisation": "",
        "organisation_other": "Yhdistys ry",
        "days": [open_day.pk],
        "mode": "in_person",
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("proxy_count", "other_visitor_status"), [(1, 302), (0, 429)])
def test_a_flood_from_one_address_does_not_close_the_form_to_another(
    live_server, settings, proxy_count, other_visitor_status
):
    """With PROXY_COUNT=1 the other visitor is served; counting the proxy (0) would refuse them."""
    settings.PROXY_COUNT = proxy_count
    event, open_day, _members_day = network_days()
    url = f"/fi/events/{event.pk}/register/"
    with ReverseProxy(live_server.url) as proxy:
        flooder, visitor = Visitor(proxy, ATTACKER), Visitor(proxy, COORDINATOR)
        statuses = []
        for n in range(40):
            # Junk: a different forged X-Forwarded-For each time does not help the flooder either.
            junk = {"name": "", "email": f"junk-{n}", "days": ["x"], "csrfmiddlewaretoken": ""}
            if n == 0:
                flooder.get(url)
            junk["csrfmiddlewaretoken"] = flooder.cookies.get("csrftoken", "")
            statuses.append(flooder.request("POST", url, junk, headers={"X-Forwarded-For": f"198.51.100.{n}"})[0])
        assert statuses[:30] == [200] * 30
        assert statuses[30:] == [429] * 10

        status, _headers, _page = visitor.post_form(url, _registration(event, open_day, "anna@example.org"))
    assert status == other_visitor_status
    assert Registration.objects.filter(email="anna@example.org").exists() == (other_visitor_status == 302)
