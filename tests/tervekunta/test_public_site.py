"""Site-wide public pages: home, statements, sitemap, language switching, no personal data."""

from __future__ import annotations

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.utils import timezone

from members.models import Organisation
from members.network import load_network
from tests.factories.meetings import EventDayFactory, network_days
from tests.factories.members import AppointmentFactory, PersonFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["fi", "sv", "en"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def network(register):
    load_network()


def _sitemap_paths(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [
        re.sub(r"^http://testserver", "", url) for url in re.findall(r"<loc>(.*?)</loc>", response.content.decode())
    ]


PAGES = ["", "members/", "events/", "applications/apply/", "accessibility/", "privacy/"]


@pytest.fixture
def events():
    """An upcoming open event, network days (open first day), and what the sitemap leaves out:
    a past event, a members-only event and an unpublished one."""
    seminar = EventDayFactory().event
    days, _open_day, _members_day = network_days()
    past = EventDayFactory(starts_at=timezone.now() - datetime.timedelta(days=30)).event
    members_only = EventDayFactory(members_only=True).event
    draft = EventDayFactory(event__published=False).event
    return {"listed": [seminar, days], "left_out": [past, members_only, draft]}


def test_sitemap_lists_every_public_page_in_every_language(client, network, events):
    paths = set(_sitemap_paths(client))
    members = Organisation.objects.public()
    for language in LANGUAGES:
        for page in PAGES:
            assert f"/{language}/{page}" in paths
        for organisation in members:
            assert f"/{language}/members/{organisation.slug}/" in paths
        for event in events["listed"]:
            assert f"/{language}/events/{event.pk}/" in paths
        for event in events["left_out"]:
            assert f"/{language}/events/{event.pk}/" not in paths
    assert len(paths) == 3 * (len(PAGES) + members.count() + len(events["listed"]))
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert not [path for path in paths if "/coordinator/" in path or "/a/" in path or "/registration/" in path]


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_sitemap_xml_gives_alternates_in_every_language_and_lastmod_where_known(client, network, events):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own page)
    assert root.tag == f"{SITEMAP}urlset"
    entries = {url.findtext(f"{SITEMAP}loc").removeprefix("http://testserver"): url for url in root}
    for path, url in entries.items():
        alternates = url.findall(f"{XHTML}link")
        links = {link.get("hreflang"): link.get("href").removeprefix("http://testserver") for link in alternates}
        language = path.split("/")[1]
        rest = path.removeprefix(f"/{language}")
        assert links == {"fi": f"/fi{rest}", "sv": f"/sv{rest}", "en": f"/en{rest}", "x-default": rest}, path
        assert all(link.get("rel") == "alternate" for link in alternates)
    # x-default is the address without a language, which leads to the reader's language.
    response = client.get(f"/events/{events['listed'][0].pk}/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 302 and response["Location"] == f"/sv/events/{events['listed'][0].pk}/"
    event = events["listed"][0]
    lastmod = entries[f"/sv/events/{event.pk}/"].findtext(f"{SITEMAP}lastmod")
    assert lastmod == timezone.localdate(event.updated_at).isoformat()
    kuopio = Organisation.objects.get(slug="kuopio")
    lastmod = entries["/en/members/kuopio/"].findtext(f"{SITEMAP}lastmod")
    assert lastmod == timezone.localdate(kuopio.updated_at).isoformat()
    assert entries["/fi/applications/apply/"].findtext(f"{SITEMAP}lastmod") is None


def test_sitemap_changes_when_an_event_is_published(client, network, events):
    before = client.get("/sitemap.xml")
    event = EventDayFactory(event__published=False).event
    assert f"/events/{event.pk}/" not in client.get("/sitemap.xml").content.decode()
    event.published = True
    event.save()
    after = client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert f"/fi/events/{event.pk}/" in after.content.decode()


def test_no_public_page_shows_personal_data(client, network):
    people = [AppointmentFactory(organisation=o).person for o in Organisation.objects.all()[:10]]
    people.append(PersonFactory(organisation=Organisation.objects.get(slug="kuopio")))
    secrets = [p.email for p in people] + [p.phone for p in people] + [p.full_name for p in people]
    paths = [*_sitemap_paths(client), "/fi/members/?q=kuopio", "/fi/no-such-page/"]
    for path in paths:
        page = client.get(path).content.decode()
        found = [secret for secret in secrets if secret in page]
        assert found == [], f"{path} shows {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_one_h1_a_skip_link_and_its_language(client, network, language):
    for path in [f"/{language}/", f"/{language}/members/", f"/{language}/members/pori/", f"/{language}/privacy/"]:
        page = client.get(path).content.decode()
        assert page.count("<h1") == 1, path
        assert 'href="#main"' in page and 'id="main"' in page
        assert f'<html lang="{language}">' in page


def test_language_switcher_keeps_the_reader_on_the_same_page(client, network):
    page = client.get("/fi/members/kuopio/").content.decode()
    assert 'href="/sv/members/kuopio/" hreflang="sv"' in page
    assert 'href="/en/members/kuopio/" hreflang="en"' in page
    assert 'href="/fi/members/kuopio/" hreflang="fi" lang="fi"\n           class="btn btn-sm btn-dark"' in page
    # Filters stay as they were.
    page = client.get("/fi/members/", {"region": "07"}).content.decode()
    assert 'href="/sv/members/?region=07"' in page
    # Django's set_language takes the reader to the same page in the other language too.
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/fi/members/kuopio/"})
    assert response["Location"] == "/sv/members/kuopio/"


def test_home_page_leads_to_members_events_and_joining(client, network):
    page = client.get("/fi/").content.decode()
    assert "52 jäsentä: 50 kuntaa ja 2 hyvinvointialuetta" in page
    assert 'href="/fi/members/"' in page
    assert "WHO" in page


@pytest.mark.parametrize(
    ("path", "heading", "words"),
    [
        (
            "/fi/accessibility/",
            "Saavutettavuusseloste",
            ["WCAG 2.1", "saavutettavuusvaatimukset.fi", "tervekunta@thl.fi", "Lupa- ja valvontavirasto", "23.11.2026"],
        ),
        (
            "/sv/accessibility/",
            "Tillgänglighetsutlåtande",
            ["WCAG 2.1", "tillganglighetskrav.fi", "tervekunta@thl.fi", "Tillstånds- och tillsynsverket", "23.11.2026"],
        ),
        (
            "/en/accessibility/",
            "Accessibility statement",
            ["WCAG 2.1", "webaccessibility.fi", "tervekunta@thl.fi", "Finnish Supervisory Agency", "23 November 2026"],
        ),
        ("/fi/privacy/", "Tietosuojaseloste", ["Terveyden ja hyvinvoinnin laitos", "säilytetään", "tietosuoja.fi"]),
        ("/sv/privacy/", "Dataskyddsbeskrivning", ["Institutet för hälsa och välfärd", "sparas", "tietosuoja.fi"]),
        ("/en/privacy/", "Privacy notice", ["Finnish Institute for Health and Welfare", "kept", "tietosuoja.fi"]),
    ],
)
def test_statements_exist_in_every_language(client, path, heading, words):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    for word in words:
        assert word in page


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_accessibility_statement_names_the_current_authority_and_the_known_shortcomings(client, language):
    page = client.get(f"/{language}/accessibility/").content.decode()
    # The regional state administrative agencies ended on 1 January 2026, and their addresses with them.
    assert "@avi.fi" not in page
    assert "axe-core" in page and "375" in page and "1280" in page
    # No page scrolls sideways at 375 px any more (tests/e2e checks every one), so reflow is not
    # among the shortcomings; the admin's tabular forms still are.
    assert "1.4.10" not in page
    assert "1.3.1" in page
    assert "PDF" in page


def test_statements_and_home_answer_conditional_requests(client, network):
    for path in ["/fi/", "/sv/privacy/"]:
        first = client.get(path)
        assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/sv/ingen-sida/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_public_pages_answer_head_requests(client, network):
    for path in ["/fi/", "/fi/members/", "/fi/members/pori/", "/fi/privacy/"]:
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b""
