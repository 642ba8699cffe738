"""The public member list and member pages: content, filters, query budgets and caching."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from members.choices import EndReason, OrganisationKind, StartPrecision
from members.models import Membership, Organisation
from members.network import load_network
from members.services import membership_end
from tervekunta.collation import sort_key
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.twofactor import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def network(register):
    load_network()


def _add_members(count: int) -> None:
    """`count` more current members of the "other" kind, written in bulk."""
    organisations = Organisation.objects.bulk_create(
        Organisation(name_fi=f"Lisäjäsen {n}", slug=f"lisajasen-{n}", kind=OrganisationKind.OTHER) for n in range(count)
    )
    day = datetime.date(2021, 3, 1)
    Membership.objects.bulk_create(
        Membership(organisation=o, start_date=day, known_from=day, start_precision=StartPrecision.DAY)
        for o in organisations
    )


def test_member_list_summarises_the_register_in_each_language(client, network):
    expected = {
        "fi": "52 jäsentä: 50 kuntaa ja 2 hyvinvointialuetta",
        "sv": "52 medlemmar: 50 kommuner och 2 välfärdsområden",
        "en": "52 members: 50 municipalities and 2 welfare regions",
    }
    for language, summary in expected.items():
        response = client.get(f"/{language}/members/")
        assert response.status_code == 200
        assert summary in response.content.decode()


def test_summary_uses_singular_forms(client, register):
    MembershipFactory(organisation__municipal=True)
    MembershipFactory(organisation__kind=OrganisationKind.JOINT_AUTHORITY)
    assert "2 jäsentä: 1 kunta ja 1 kuntayhtymä" in client.get("/fi/members/").content.decode()
    assert "2 members: 1 municipality and 1 joint municipal authority" in client.get("/en/members/").content.decode()


def test_member_list_groups_by_kind_and_marks_who_cities(client, network):
    page = client.get("/en/members/").content.decode()
    page = page[page.index('id="member-list-heading"') : page.index('id="member-map-heading"')]
    assert page.index("Municipality") < page.index("Kuopio") < page.index("Welfare region")
    assert page.index("Welfare region") < page.index("Kainuun hyvinvointialue")
    assert page.count(" WHO Healthy City</span>") == 3
    page = client.get("/en/members/").content.decode()
    assert "3 members are WHO-designated European Healthy Cities." in page


def _names_in_list(response) -> list[str]:
    section = _listed(response)
    first_group = section[: section.index("</ul>")]
    return re.findall(r'<li class="col"><a href="[^"]+">([^<]+)</a>', first_group)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_member_list_is_in_the_alphabetical_order_of_the_names_shown(client, network, language):
    names = _names_in_list(client.get(f"/{language}/members/"))
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    shown = {"fi": [o.name_fi for o in municipalities], "sv": [o.name_sv or o.name_fi for o in municipalities]}
    assert sorted(names) == sorted(shown[language])
    assert names == sorted(names, key=lambda name: sort_key(name, language))
    if language == "sv":
        # Not by the Finnish names: Kauniainen is Grankulla, Järvenpää Träskända, Kajaani Kajana.
        assert names.index("Grankulla") < names.index("Jyväskylä") < names.index("Kajana") < names.index("Träskända")
    else:
        # y before ä: Jyväskylä, then Järvenpää.
        assert names.index("Jyväskylä") < names.index("Järvenpää") < names.index("Kajaani") < names.index("Kauniainen")


def test_filter_choices_are_in_the_alphabetical_order_of_the_language(client, network):
    form = client.get("/sv/members/").context["form"]
    labels = [str(label) for _value, label in form.fields["region"].choices][1:]
    assert labels == sorted(labels, key=lambda name: sort_key(name, "sv"))
    assert labels[:2] == ["Birkaland", "Egentliga Finland"]


def test_ended_and_future_memberships_are_not_listed(client, register):
    current = MembershipFactory(organisation__name_fi="Nykyinen")
    gone = MembershipFactory(organisation__name_fi="Eronnut")
    membership_end(membership=gone, end_date=datetime.date(2023, 1, 31), reason=EndReason.RESIGNED)
    MembershipFactory(organisation__name_fi="Tuleva", start_date=timezone.localdate() + datetime.timedelta(days=30))
    page = client.get("/fi/members/").content.decode()
    assert current.organisation.name_fi in page
    assert "Eronnut" not in page
    assert "Tuleva" not in page


def _listed(response) -> str:
    page = response.content.decode()
    return page[page.index('id="member-list-heading"') : page.index('id="member-map-heading"')]


def test_filters_by_region_and_welfare_region_and_search(client, network):
    kuopio = Organisation.objects.get(slug="kuopio")
    response = client.get("/fi/members/", {"region": kuopio.region.code})
    page = _listed(response)
    assert "Kuopio" in page and "Iisalmi" in page and "Helsinki" not in page
    assert f'<option value="{kuopio.region.code}" selected>' in response.content.decode()

    kainuu = Organisation.objects.get(slug="kajaani").welfare_region
    page = _listed(client.get("/fi/members/", {"welfare_region": kainuu.code}))
    assert "Kajaani" in page and "Sotkamo" in page and "Kuopio" not in page

    # Case and Finnish letters are matched as a reader types them.
    page = _listed(client.get("/fi/members/", {"q": "JÄRVENP"}))
    assert "Järvenpää" in page and "Jyväskylä" not in page
    assert "1 jäsen vastaa hakua" in page


def test_unknown_filter_value_is_explained_next_to_the_field_and_the_search_is_kept(client, network):
    response = client.get("/fi/members/", {"region": "99", "q": "ku"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_region-error"' in page
    assert 'aria-describedby="id_region-error"' in page
    assert "Tässä maakunnassa ei ole jäseniä" in page
    assert 'value="ku"' in page


def test_no_match_says_so(client, network):
    page = client.get("/en/members/", {"q": "Atlantis"}).content.decode()
    assert "No member matches these filters." in page


def test_map_links_every_member_municipality_and_hatches_welfare_regions(client, network):
    page = client.get("/en/members/").content.decode()
    municipal = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    for organisation in municipal:
        assert (
            f'<a href="/en/members/{organisation.slug}/" aria-label="{organisation.name_fi}" class="map-link">' in page
        )
    assert page.count('<path class="map-member"') == municipal.count()
    assert page.count('<path class="map-welfare"') == 2
    assert "Maanmittauslaitos" in page
    assert "Map of Finland with 50 member municipalities filled in and the areas of 2 member welfare regions" in page


@pytest.mark.parametrize("extra", [0, 278])
def test_member_list_query_budget_holds_at_52_and_330_members(client, network, extra, django_assert_max_num_queries):
    _add_members(extra)
    region = Organisation.objects.get(slug="pori").region.code
    with django_assert_max_num_queries(4):
        response = client.get("/fi/members/", {"region": region})
    assert response.status_code == 200
    cache.clear()
    with django_assert_max_num_queries(4):
        response = client.get("/fi/members/")
    assert f"{52 + extra} jäsentä" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 278])
def test_member_page_query_budget_holds_at_52_and_330_members(client, network, extra, django_assert_max_num_queries):
    _add_members(extra)
    with django_assert_max_num_queries(5):
        response = client.get("/fi/members/kuopio/")
    assert response.status_code == 200


def test_member_list_answers_304_until_the_register_changes(client, network, django_assert_max_num_queries):
    first = client.get("/fi/members/")
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    with django_assert_max_num_queries(1):
        again = client.get("/fi/members/", headers={"if-none-match": etag})
    assert again.status_code == 304

    # Another language or another filter is another page.
    assert client.get("/sv/members/", headers={"if-none-match": etag}).status_code == 200

    organisation = Organisation.objects.get(slug="kuopio")
    organisation.name_fi = "Kuopion kaupunki"
    organisation.save()
    changed = client.get("/fi/members/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Kuopion kaupunki" in changed.content.decode()


def test_cached_member_list_is_dropped_when_a_membership_ends(client, network):
    assert "Virrat" in client.get("/fi/members/").content.decode()
    membership = Membership.objects.get(organisation__slug="virrat")
    membership_end(membership=membership, end_date=datetime.date(2024, 12, 31), reason=EndReason.RESIGNED)
    page = client.get("/fi/members/").content.decode()
    assert "Virrat" not in page
    assert "51 jäsentä" in page


def test_signed_in_reader_gets_a_private_page(client, network, coordinator):
    sign_in(client, coordinator)
    response = client.get("/fi/members/")
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_member_page_shows_the_public_facts(client, network):
    page = client.get("/fi/members/kuopio/").content.decode()
    assert "<h1>Kuopio</h1>" in page
    assert "jäsen vuodesta 2000" in page.lower()
    assert "Pohjois-Savo" in page and "Pohjois-Savon hyvinvointialue" in page
    assert "Kyllä, vuodesta 2005" in page

    page = client.get("/fi/members/virrat/").content.decode()
    assert "liittynyt viimeistään 6/2024" in page.lower()
    assert '<dd class="col-sm-8 col-lg-9">Ei</dd>' in page


def test_member_page_links_to_the_promotion_page_when_known(client, register):
    membership = MembershipFactory(organisation__website="https://kunta.example/hyte")
    page = client.get(membership.organisation.get_absolute_url()).content.decode()
    assert 'href="https://kunta.example/hyte"' in page


def test_member_page_is_conditional(client, network):
    first = client.get("/fi/members/kuopio/")
    assert client.get("/fi/members/kuopio/", headers={"if-none-match": first["ETag"]}).status_code == 304


def test_former_member_has_a_page_and_an_applicant_has_none(client, register):
    gone = MembershipFactory(ended=True)
    page = client.get(gone.organisation.get_absolute_url()).content.decode()
    assert "entinen jäsen" in page and "päättyi 31.12.2022" in page
    applicant = OrganisationFactory()
    assert client.get(reverse("members:detail", kwargs={"slug": applicant.slug})).status_code == 404


def test_only_the_list_and_its_filters_are_kept_in_the_cache(client, network):
    region = Organisation.objects.get(slug="pori").region.code
    for query in [{}, {"region": region}]:
        client.get("/fi/members/", query)
    for query in [{"q": "kuo"}, {"region": region, "utm_source": "x"}, {"region": "99"}]:
        client.get("/fi/members/", query)
    kept = [key for key in cache._cache if ":page:" in key]
    assert len(kept) == 2
