"""A Swedish-speaking reader in real Chromium: the member list in Swedish alphabetical order, dates
written the Finland-Swedish way on every page, and an application saved as a draft and submitted
in Swedish. axe on every page at 1280 and 375 px, and no page scrolls sideways on a phone."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories.applications import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

# An ISO date in what the reader sees; <time datetime="2026-12-31"> attributes are not text.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
FINLAND_SWEDISH_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")
# The applicant's pages fit a phone's width without sideways scrolling.
APPLICANT_PAGES_FIT_PHONE = True


@pytest.fixture(autouse=True)
def _coordinators_group_survives(django_db_blocker):
    # A live-server test ends by flushing the database, which also removes the Coordinators group
    # that a data migration created; put it back for the tests that follow.
    yield
    from tests.db import restore_coordinator_group

    with django_db_blocker.unblock():
        restore_coordinator_group()


@pytest.fixture
def swedish_site(register):
    """The network's members and an open seminar with a deadline-like date in its text."""
    from members.network import load_network
    from tests.factories.meetings import EventDayFactory

    cache.clear()
    load_network()
    day = EventDayFactory(event__title="Seminarium om välfärd", event__language="sv")
    yield day.event
    cache.clear()


def _visible_text(page) -> str:
    return page.locator("body").inner_text()


def _check_page(page, axe_check, label: str, *, dates_expected: bool = False, fits_phone: bool = True) -> None:
    """No ISO date in the visible text, one h1, axe clean at both widths and, for the pages
    that `fits_phone`, no sideways scrolling."""
    text = _visible_text(page)
    assert page.locator("html").get_attribute("lang") == "sv", label
    assert ISO_DATE.findall(text) == [], f"{label} shows ISO dates"
    if dates_expected:
        assert FINLAND_SWEDISH_DATE.search(text), f"{label} shows no date like 31.12.2026"
    assert page.locator("h1").count() == 1, label
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe_check(page, f"{label} at {viewport['width']}px")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0 or not fits_phone, f"{label} scrolls sideways by {overflow}px at {viewport['width']}px"
    page.set_viewport_size(DESKTOP)


def test_a_swedish_reader_sees_swedish_order_and_dates_and_applies(
    live_server, page, axe_check, swedish_site, settings, tmp_path
):
    from applications.choices import ApplicationStatus
    from applications.models import Application
    from members.choices import OrganisationKind
    from members.models import Organisation
    from tervekunta.collation import sort_key

    settings.SITE_URL = live_server.url
    event = swedish_site

    # The front page in Swedish.
    page.goto(f"{live_server.url}/sv/")
    _check_page(page, axe_check, "home", dates_expected=True)

    # The member list: municipalities by their Swedish names in Swedish alphabetical order.
    page.goto(f"{live_server.url}/sv/members/")
    _check_page(page, axe_check, "member list")
    first_group = page.locator("ul.member-list").first
    shown = [name.strip() for name in first_group.locator("li a").all_inner_texts()]
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    expected = sorted((o.name_sv or o.name_fi for o in municipalities), key=lambda name: sort_key(name, "sv"))
    assert shown == expected
    # Not the Finnish order ("Jyväskylä, Träskända, Kajana, Grankulla"), and å, ä, ö after z.
    assert shown.index("Grankulla") < shown.index("Jyväskylä") < shown.index("Kajana") < shown.index("Träskända")
    assert shown.index("Virdois") < shown.index("Åbo") and shown.index("Pyhäntä") < shown.index("Påmark")
    regions = page.locator("#id_region option").all_inner_texts()[1:]
    assert regions == sorted(regions, key=lambda name: sort_key(name, "sv"))

    # The events and one event, with its day written 3.6.2027 and its time kl.-style (9.00).
    page.goto(f"{live_server.url}/sv/events/")
    _check_page(page, axe_check, "events", dates_expected=True)
    page.get_by_role("link", name=event.title).first.click()
    _check_page(page, axe_check, "event", dates_expected=True)
    assert re.search(r"\b\d{1,2}\.\d{2}\b", _visible_text(page)), "the event's time reads like 9.00"

    # The statements.
    for name, path in (("accessibility statement", "accessibility"), ("privacy notice", "privacy")):
        page.goto(f"{live_server.url}/sv/{path}/")
        _check_page(page, axe_check, name)

    # The application: Borgå, chosen by its Swedish name, saved as a draft first.
    page.goto(f"{live_server.url}/sv/")
    page.get_by_role("link", name="Ansök om medlemskap").first.click()
    assert page.locator("h1").inner_text() == "Ansökan om medlemskap i nätverket Terve Kunta"
    _check_page(page, axe_check, "application form", fits_phone=APPLICANT_PAGES_FIT_PHONE)
    municipalities = page.locator("#id_organisation_choice optgroup").first.locator("option").all_inner_texts()
    assert municipalities == sorted(municipalities, key=lambda name: sort_key(name, "sv"))
    page.locator("#id_organisation_choice").select_option(label="Borgå")
    page.get_by_label("Den sökandes namn").fill("Sara Lindholm")
    page.get_by_label("Den sökandes titel").fill("välfärdschef")
    page.get_by_label("Den sökandes e-post").fill("sara.lindholm@borga.example")
    page.get_by_role("button", name="Spara utkast").click()

    page.get_by_role("link", name="Fortsätt ansökan").wait_for()
    _check_page(page, axe_check, "status page of the draft", dates_expected=True, fits_phone=APPLICANT_PAGES_FIT_PHONE)
    application = Application.objects.get(applicant_email="sara.lindholm@borga.example")
    # The register keeps the Finnish name of the municipality chosen as Borgå.
    assert (application.status, application.language, application.organisation_name) == (
        ApplicationStatus.DRAFT,
        "sv",
        "Porvoo",
    )

    # The rest of the answers, then the check page and the submission.
    minutes = tmp_path / "protokoll.pdf"
    minutes.write_bytes(pdf_bytes())
    page.get_by_role("link", name="Fortsätt ansökan").click()
    page.get_by_label("Beslutande organ").select_option("council")
    # A date picker: the browser shows the date in the reader's way and sends it as 2025-09-15.
    page.get_by_label("Beslutets datum").fill("2025-09-15")
    page.get_by_label("Protokollparagraf").fill("FGE 15.9.2025 § 80")
    page.get_by_label("Protokoll över beslutet (PDF)").set_input_files(str(minutes))
    page.get_by_label("Kontaktpersonens förnamn").fill("Sara")
    page.get_by_label("Kontaktpersonens efternamn").fill("Lindholm")
    page.get_by_label("Kontaktpersonens e-post").fill("sara.lindholm@borga.example")
    page.get_by_role("button", name="Spara och kontrollera kriterierna").click()

    assert page.locator("h1").inner_text() == "Kontrollera och skicka in ansökan"
    _check_page(page, axe_check, "check page", fits_phone=APPLICANT_PAGES_FIT_PHONE)
    page.get_by_role("button", name="Skicka in ansökan").click()
    page.locator("h1").wait_for()
    _check_page(page, axe_check, "submitted page", dates_expected=False, fits_phone=APPLICANT_PAGES_FIT_PHONE)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert str(application.documents.get().decision_date) == "2025-09-15"

    # The private status page says when, the Finland-Swedish way.
    page.get_by_role("link", name="Följ ansökan").click()
    _check_page(page, axe_check, "status page", dates_expected=True, fits_phone=APPLICANT_PAGES_FIT_PHONE)
