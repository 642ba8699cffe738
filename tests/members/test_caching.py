"""The public member pages, the open data and the sitemap are kept under the register's
version: 304 with the same ETag while nothing changes, a new ETag and the new content at once
after a change of a member, a membership or an entry of Statistics Finland's register."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from members.choices import EndReason, OrganisationKind
from members.models import Membership, Municipality, Organisation, Region
from members.network import load_network
from members.services import membership_end
from tests.factories.meetings import HostingFactory
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PAGES = ["/fi/", "/fi/members/", "/fi/members/kuopio/", "/api/members.json", "/api/members.csv", "/sitemap.xml"]


@pytest.fixture
def network(register):
    load_network()


def _rename_member() -> None:
    organisation = Organisation.objects.get(slug="kuopio")
    organisation.name_sv = "Kuopio stad"
    organisation.save()


def _end_membership() -> None:
    membership = Membership.objects.get(organisation__slug="virrat")
    membership_end(membership=membership, end_date=datetime.date(2024, 12, 31), reason=EndReason.RESIGNED)


def _new_member() -> None:
    MembershipFactory(organisation=OrganisationFactory(kind=OrganisationKind.JOINT_AUTHORITY, slug="uusi-jasen"))


def _rename_region() -> None:
    region = Region.objects.get(name_fi="Pohjois-Savo")
    region.name_sv = "Norra Savolax län"
    region.save()


def _rename_municipality() -> None:
    municipality = Municipality.objects.get(name_fi="Virrat")
    municipality.name_sv = "Virdois stad"
    municipality.save()


CHANGES = {
    "a member renamed": _rename_member,
    "a membership ended": _end_membership,
    "a new member": _new_member,
    "a region renamed": _rename_region,
    "a municipality renamed": _rename_municipality,
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("path", PAGES)
def test_304_with_the_same_etag_until_the_register_changes(client, network, path, change):
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    for _ in range(2):
        again = client.get(path, headers={"if-none-match": etag})
        assert again.status_code == 304
        assert again["ETag"] == etag

    CHANGES[change]()

    changed = client.get(path, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert client.get(path, headers={"if-none-match": changed["ETag"]}).status_code == 304


def test_kept_pages_show_each_change_at_once(client, network):
    pages = {path: client.get(path).content.decode() for path in PAGES}
    assert "Virrat" in pages["/fi/members/"] and "Virrat" in pages["/api/members.json"]
    assert "52 jäsentä" in pages["/fi/"]

    _end_membership()
    _new_member()
    _rename_region()

    list_page = client.get("/fi/members/").content.decode()
    assert "Virrat" not in list_page and "Organisaatio" in list_page
    assert "Virrat" not in client.get("/api/members.json").content.decode()
    assert "Virrat" not in client.get("/api/members.csv").content.decode()
    assert "/fi/members/uusi-jasen/" in client.get("/sitemap.xml").content.decode()
    assert "52 jäsentä" in client.get("/fi/").content.decode()  # one in, one out
    assert "Norra Savolax län" in client.get("/sv/members/kuopio/").content.decode()


def test_a_member_page_shows_a_new_hosting_at_once(client, network):
    path = "/fi/members/kuopio/"
    first = client.get(path)
    assert "Järjestetyt verkostopäivät" not in first.content.decode()
    HostingFactory(year=2027, organisation=Organisation.objects.get(slug="kuopio"), confirmed=True)
    changed = client.get(path, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert "Järjestetyt verkostopäivät" in changed.content.decode() and "2027" in changed.content.decode()


def test_a_kept_page_costs_at_most_the_version_query(client, network, django_assert_max_num_queries):
    for path in PAGES:
        etag = client.get(path)["ETag"]
        with django_assert_max_num_queries(1):
            assert client.get(path).status_code == 200
        with django_assert_max_num_queries(1):
            assert client.get(path, headers={"if-none-match": etag}).status_code == 304


def test_a_bad_request_is_neither_kept_nor_given_an_etag(client, network):
    response = client.get("/api/members.json", {"on": "yesterday"})
    assert response.status_code == 400
    assert not response.has_header("ETag")
    assert client.get("/fi/members/no-such-member/").status_code == 404
    assert not [key for key in cache._cache if ":page:" in key]


def test_open_data_is_shared_with_signed_in_readers_too(client, network, coordinator):
    client.force_login(coordinator)
    response = client.get("/api/members.json")
    assert "public" in response["Cache-Control"]
    assert client.get("/api/members.json", headers={"if-none-match": response["ETag"]}).status_code == 304
    page = client.get("/fi/members/kuopio/")
    assert "private" in page["Cache-Control"] and not page.has_header("ETag")


def test_another_language_or_query_is_another_page(client, network):
    etag = client.get("/api/members.json")["ETag"]
    assert client.get("/api/members.json", {"on": "2024-06-30"}, headers={"if-none-match": etag}).status_code == 200
    etag = client.get("/fi/members/kuopio/")["ETag"]
    assert client.get("/sv/members/kuopio/", headers={"if-none-match": etag}).status_code == 200
