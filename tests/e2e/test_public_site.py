"""The public site in real Chromium: axe on every sitemap page in fi/sv/en at two widths,
keyboard-only use of the member filters and the map, and the language switcher."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_network(register):
    """A few members of every sort the pages show: WHO city, "joined by … at the latest", welfare region."""
    import datetime

    from members.choices import StartPrecision
    from members.models import Municipality, WelfareRegion
    from members.network import organisation_for_municipality, organisation_for_welfare_region
    from members.services import membership_start

    cache.clear()
    kuopio = organisation_for_municipality(Municipality.objects.get(name_fi="Kuopio"))
    kuopio.who_designated_since = 2005
    kuopio.website = "https://www.kuopio.fi/"
    kuopio.save()
    membership_start(organisation=kuopio, start_date=datetime.date(2000, 1, 1), precision=StartPrecision.YEAR)
    for name in ["Virrat", "Kajaani"]:
        organisation = organisation_for_municipality(Municipality.objects.get(name_fi=name))
        membership_start(organisation=organisation, start_date=datetime.date(2024, 6, 30), precision=StartPrecision.BY)
    region = organisation_for_welfare_region(WelfareRegion.objects.get(name_fi="Pohjois-Savon hyvinvointialue"))
    membership_start(organisation=region, start_date=datetime.date(2023, 1, 1), precision=StartPrecision.YEAR)
    yield
    cache.clear()


def _sitemap(page, live_server) -> list[str]:
    response = page.request.get(f"{live_server.url}/sitemap.xml")
    assert response.ok
    return re.findall(r"<loc>(.*?)</loc>", response.text())


def test_every_sitemap_page_passes_axe_in_every_language_and_width(live_server, page, axe_check, small_network):
    urls = _sitemap(page, live_server)
    # Six pages in every language (home, members, events, the application form, the statements)
    # and the four members' pages.
    assert len(urls) == 3 * (6 + 4)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, url
            language = re.search(r"/(fi|sv|en)/", url).group(1)
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("h1").count() == 1, url
            assert page.locator("a.skip-link[href='#main']").count() == 1
            axe_check(page, f"{url} at {viewport['width']}px")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], f"{url} scrolls sideways"


def test_member_filters_and_map_links_work_with_the_keyboard_alone(live_server, page, axe_check, small_network):
    page.goto(f"{live_server.url}/fi/members/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").startswith("visually-hidden-focusable skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    def tab_to(predicate: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"(() => {{ const e = document.activeElement; return {predicate}; }})()"):
                return
        raise AssertionError(f"keyboard never reached {predicate}")

    tab_to("e.id === 'id_region'")
    page.keyboard.press("ArrowDown")
    chosen = page.eval_on_selector("#id_region", "e => e.value")
    assert chosen
    tab_to("e.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"region={chosen}"))
    assert page.locator("#id_region").input_value() == chosen
    axe_check(page, "filtered member list")

    page.goto(f"{live_server.url}/fi/members/")
    tab_to("e.getAttribute('class') === 'map-link' && e.getAttribute('aria-label') === 'Kajaani'", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fi/members/kajaani/$"))
    assert page.locator("h1").inner_text() == "Kajaani"
    assert "liittynyt viimeistään 6/2024" in page.locator("main").inner_text().lower()


def test_language_switcher_keeps_the_page(live_server, page, small_network):
    page.goto(f"{live_server.url}/fi/members/kuopio/")
    page.get_by_role("link", name="Svenska").click()
    page.wait_for_url(re.compile(r"/sv/members/kuopio/$"))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Medlemskap" in page.locator("main").inner_text()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/members/kuopio/$"))
    assert "member since 2000" in page.locator("main").inner_text().lower()
