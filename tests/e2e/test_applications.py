"""The acceptance story: Virrat applies with a committee decision, is asked for the city board's
decision, adds it, and the leadership group approves; Virrat is then a member on the board's
decision, with its named contact person. Every page passes axe and fits a 375 px screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from tests.db import coordinator_group, restore_coordinator_group
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories.applications import pdf_bytes
from tests.outbox import worker_mail
from tests.pdfs import pdf_text
from tests.twofactor import authenticator_for, enter_code_in_browser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def _coordinators_group_survives(django_db_blocker):
    # A live-server test ends by flushing the database, which also removes the Coordinators group
    # that a data migration created; put it back for the tests that follow.
    yield
    with django_db_blocker.unblock():
        restore_coordinator_group()


LINK = re.compile(r"https?://\S+/fi/applications/a/[^/\s]+/")


def _link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0)


def _application_behind(link: str):
    from applications.models import PRIVATE_LINK
    from tervekunta import links

    return links.resolve(PRIVATE_LINK, link.rstrip("/").rsplit("/", 1)[1])


@pytest.fixture
def virrat_not_a_member(register):
    from members.models import Membership
    from members.network import load_network

    load_network()
    Membership.objects.filter(organisation__name_fi="Virrat").delete()


def _check(page, axe_check, label: str) -> None:
    """axe at 1280 and 375 px, and no sideways scrolling on the phone."""
    axe_check(page, f"{label} at 1280 px")
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{label} is {width} px wide on a {PHONE['width']} px screen"
        axe_check(page, f"{label} at 375 px")
    finally:
        page.set_viewport_size(DESKTOP)


def _criterion(page, title: str):
    return page.locator("li", has=page.get_by_role("heading", name=title, exact=True))


def test_virrat_applies_and_becomes_a_member_on_the_boards_decision(
    live_server, page, axe_check, virrat_not_a_member, django_user_model, settings, tmp_path
):
    """The Virrat case: the welfare committee decided, the coordinator asks for the city board's
    decision, the applicant adds it beside the committee's, and the membership rests on it."""
    from members.choices import Role
    from members.models import Appointment, Membership

    settings.SITE_URL = live_server.url
    committee_minutes = tmp_path / "HYVLTK-13-06-2023-26.pdf"
    committee_minutes.write_bytes(pdf_bytes())
    board_minutes = tmp_path / "KH-04-09-2023-212.pdf"
    board_minutes.write_bytes(pdf_bytes())

    # The applicant finds the form from the home page.
    page.goto(f"{live_server.url}/fi/")
    page.get_by_role("link", name="Hae verkoston jäseneksi").click()
    assert page.locator("h1").inner_text() == "Hakemus Terve Kunta -verkoston jäseneksi"
    _check(page, axe_check, "application form")

    page.locator("#id_organisation_choice").select_option(label="Virrat")
    page.get_by_label("Hakijan nimi").fill("Minna Koskinen")
    page.get_by_label("Hakijan tehtävänimike").fill("hyvinvointijohtaja")
    page.get_by_label("Hakijan sähköposti").fill("minna.koskinen@virrat.example")
    page.get_by_label("Hakijan puhelin").fill("050 3099 165")
    page.get_by_label("Päättävä toimielin").select_option("committee")
    page.get_by_label("Päätöksen päivämäärä").fill("2023-06-13")
    page.get_by_label("Pöytäkirjan pykälä").fill("HYVLTK 13.06.2023 § 26")
    page.get_by_label("Diaarinumero").fill("257/05.00.00/2023")
    page.get_by_label("Päätöksen pöytäkirja (PDF)").set_input_files(str(committee_minutes))
    page.get_by_label("Yhteyshenkilön etunimi").fill("Minna")
    page.get_by_label("Yhteyshenkilön sukunimi").fill("Koskinen")
    page.get_by_label("Yhteyshenkilön tehtävänimike").fill("hyvinvointijohtaja")
    page.get_by_label("Yhteyshenkilön sähköposti").fill("minna.koskinen@virrat.example")
    page.get_by_label("Luottamushenkilön etunimi").fill("Keijo")
    page.get_by_label("Luottamushenkilön sukunimi").fill("Kaleva")
    page.get_by_label("Hyvinvointikoordinaattorin etunimi").fill("Tanja")
    page.get_by_label("Hyvinvointikoordinaattorin sukunimi").fill("Tasala")
    page.get_by_label("Ohjausryhmä on olemassa").check()
    page.get_by_label("Opetus ja varhaiskasvatus").check()
    page.get_by_label("Sosiaali- ja terveyspalvelut").check()
    page.get_by_label("Resurssit").fill("Yhteyshenkilöllä ja luottamushenkilöllä on aikaa kokouksiin.")
    page.get_by_label("Hyvinvoinnin ja terveyden edistämisen verkkosivu").fill("https://www.virrat.fi/hyvinvointi")
    for box in page.locator("input[name=confirmations]").all():
        box.check()
    page.get_by_role("button", name="Tallenna ja tarkista kriteerit").click()

    # Check and send: every answer and the document, then the criteria by their titles.
    assert page.locator("h1").inner_text() == "Tarkista ja lähetä hakemus"
    _check(page, axe_check, "check and send")
    main = page.locator("main").inner_text()
    assert "Tanja Tasala" in main and "https://www.virrat.fi/hyvinvointi" in main
    assert "Lautakunta 13.6.2023 HYVLTK 13.06.2023 § 26" in main
    assert "joining-decision" not in main
    decision = _criterion(page, "Päätös liittymisestä")
    assert "Ei täyty" in decision.inner_text()
    assert "Lautakunnan päätös yksin ei riitä" in decision.inner_text()
    decision.get_by_label("Selvityksesi: Päätös liittymisestä").fill("Kaupunginhallitus käsittelee liittymisen.")
    page.get_by_role("button", name="Lähetä hakemus").click()

    assert page.locator("h1").inner_text() == "Kiitos, hakemus on lähetetty"
    _check(page, axe_check, "submitted page")
    submitted = [m for m in worker_mail() if "vastaanotettu" in m.subject]
    assert len(submitted) == 1 and submitted[0].to == ["minna.koskinen@virrat.example"]
    status_link = _link_in(submitted[0])

    # The coordinator sees the committee decision flagged and asks for the board's decision.
    coordinator = django_user_model.objects.create_user(
        username="koordinaattori", password="demo-pass-123", is_staff=True
    )
    coordinator.groups.add(coordinator_group())
    authenticator = authenticator_for(coordinator)
    page.goto(f"{live_server.url}/admin/login/?next=/fi/coordinator/applications/")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("demo-pass-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    enter_code_in_browser(page, authenticator)
    assert page.locator("h1").inner_text() == "Jäsenhakemukset"
    _check(page, axe_check, "coordinator list")
    page.get_by_role("link", name="Virrat").click()
    _check(page, axe_check, "coordinator review")
    review = page.locator("main").inner_text()
    assert "HYVLTK 13.06.2023 § 26" in review
    legend = page.locator("fieldset", has=page.locator("legend", has_text="Päätös liittymisestä"))
    assert "Ei täyty" in legend.inner_text()
    page.get_by_role("link", name="Pyydä lisätietoja").click()
    _check(page, axe_check, "request information")
    page.get_by_label("Kysymys hakijalle").fill("Lähettäkää kaupunginhallituksen päätös liittymisestä.")
    page.get_by_label("Pyydä uutta liittymispäätöstä").check()
    page.get_by_role("button", name="Vahvista").click()
    assert "Lisätietoja pyydetty" in page.locator("main").inner_text()
    question = [m for m in worker_mail() if "lisätietoja" in m.subject]
    assert len(question) == 1 and "kaupunginhallituksen päätös" in question[0].body
    assert question[0].body.startswith("Hei,")  # a neutral greeting, not the typed name

    # The applicant opens the private link from the e-mail and adds the board's decision.
    page.goto(_link_in(question[0]))
    _check(page, axe_check, "status page with a question")
    page.get_by_role("link", name="Vastaa kysymykseen").click()
    _check(page, axe_check, "answer page")
    page.get_by_label("Vastauksesi").fill("Kaupunginhallitus päätti liittymisestä 4.9.2023 § 212.")
    page.get_by_label("Päättävä toimielin").select_option("executive_board")
    page.get_by_label("Päätöksen päivämäärä").fill("2023-09-04")
    page.get_by_label("Pöytäkirjan pykälä").fill("§ 212")
    page.get_by_label("Asiakirja (PDF)").set_input_files(str(board_minutes))
    page.get_by_role("button", name="Lähetä vastaus").click()
    assert "Lähetetty" in page.locator("main").inner_text()
    _check(page, axe_check, "status page after the answer")
    documents = page.locator("main").inner_text()
    assert "Lautakunta 13.6.2023 HYVLTK 13.06.2023 § 26" in documents
    assert "Kunnan- tai kaupunginhallitus 4.9.2023 § 212" in documents
    assert "Täyttyy" in _criterion(page, "Päätös liittymisestä").inner_text()
    assert _application_behind(_link_in(question[0])) == _application_behind(status_link)

    # The coordinator sees both documents and the criterion met, forwards and approves.
    page.goto(f"{live_server.url}/fi/coordinator/applications/")
    page.get_by_role("link", name="Virrat").click()
    _check(page, axe_check, "coordinator review after the answer")
    review = page.locator("main").inner_text()
    assert "HYVLTK 13.06.2023 § 26" in review and "4.9.2023 § 212" in review
    legend = page.locator("fieldset", has=page.locator("legend", has_text="Päätös liittymisestä"))
    assert "Täyttyy" in legend.inner_text()
    legend.get_by_label("Koordinaattorin arvio").select_option("met")
    legend.get_by_label("Koordinaattorin kommentti").fill("Kaupunginhallituksen päätös 4.9.2023.")
    page.get_by_role("button", name="Tallenna arvio").click()
    page.get_by_role("link", name="Vie johtoryhmän päätettäväksi").click()
    _check(page, axe_check, "forward page")
    page.get_by_role("button", name="Vahvista").click()
    # The memo for today's leadership group meeting lists it.
    page.goto(f"{live_server.url}/fi/coordinator/applications/")
    with page.expect_download() as memo:
        page.get_by_role("button", name="Lataa muistio (PDF)").click()
    assert memo.value.suggested_filename == f"Muistio-{timezone.localdate().isoformat()}.pdf"
    assert "Virrat" in pdf_text(Path(memo.value.path()).read_bytes())
    page.get_by_role("link", name="Virrat").click()
    page.get_by_role("link", name="Kirjaa johtoryhmän päätös").click()
    _check(page, axe_check, "decision page")
    today = timezone.localdate()
    page.get_by_label("Hyväksy").check()
    page.get_by_label("Päätöksen päivämäärä").fill(today.isoformat())
    page.get_by_label("Palaute hakijalle").fill("Kiitos vahvasta sitoutumisesta.")
    page.get_by_role("button", name="Vahvista").click()
    assert "Hyväksytty" in page.locator("main").inner_text()
    _check(page, axe_check, "review after approval")
    assert any("Tervetuloa" in m.subject for m in worker_mail())

    # Virrat is a member from today on the board's decision, with the named contact person.
    membership = Membership.objects.current().get(organisation__name_fi="Virrat")
    assert membership.start_date == today
    assert membership.basis.startswith("Kunnan- tai kaupunginhallitus 4.9.2023 § 212")
    assert membership.basis_date.isoformat() == "2023-09-04"
    contact = Appointment.objects.current().get(organisation__name_fi="Virrat", role=Role.CONTACT_PERSON)
    assert contact.person.full_name == "Minna Koskinen"
    public_list = page.request.get(f"{live_server.url}/fi/members/")
    assert public_list.status == 200 and "Virrat" in public_list.text()

    # The applicant sees the decision and the coordinator's assessment, never an automatic "not met".
    page.goto(status_link)
    main = page.locator("main").inner_text()
    assert "Hyväksytty" in main and "Kiitos vahvasta sitoutumisesta." in main
    assert "Verkoston johtoryhmä" in main
    assert "Kaupunginhallituksen päätös 4.9.2023." in main
    assert "✗" not in main and "Ei täyty" not in main
    _check(page, axe_check, "status page after approval")

    # The decision letter, from the status page, names Virrat, the date and the contact person.
    with page.expect_download() as letter:
        page.get_by_role("link", name="Lataa päätöskirje (PDF)").click()
    assert letter.value.suggested_filename == "Paatos-Virrat.pdf"
    text = pdf_text(Path(letter.value.path()).read_bytes())
    decided = f"{today.day}.{today.month}.{today.year}"
    assert "Virrat" in text and f"Päätöksen päivämäärä {decided}" in text and "Minna Koskinen" in text


def test_bad_file_keeps_every_answer_and_broken_links_offer_a_new_one(
    live_server, page, axe_check, tmp_path, settings, register
):
    settings.SITE_URL = live_server.url
    fake = tmp_path / "poytakirja.pdf"
    fake.write_bytes(b"Not a PDF at all, only named like one.")

    page.goto(f"{live_server.url}/fi/applications/apply/")
    page.locator("#id_organisation_choice").select_option(label="Ähtäri")
    page.get_by_label("Hakijan nimi").fill("Anna Applikantti")
    page.get_by_label("Hakijan tehtävänimike").fill("hyvinvointipäällikkö")
    page.get_by_label("Hakijan sähköposti").fill("anna@ahtari.example")
    page.get_by_label("Pöytäkirjan pykälä").fill("KH 1.9.2025 § 200")
    page.get_by_label("Päätöksen pöytäkirja (PDF)").set_input_files(str(fake))
    page.get_by_role("button", name="Tallenna luonnos").click()

    field = page.locator("#id_minutes")
    assert field.get_attribute("aria-invalid") == "true"
    described = (field.get_attribute("aria-describedby") or "").split()
    assert any("ei ole PDF-asiakirja" in page.locator(f"#{id_}").inner_text() for id_ in described)
    assert page.get_by_label("Pöytäkirjan pykälä").input_value() == "KH 1.9.2025 § 200"
    assert page.get_by_label("Hakijan nimi").input_value() == "Anna Applikantti"
    assert page.locator("#id_organisation_choice option:checked").inner_text() == "Ähtäri"
    _check(page, axe_check, "form with a bad file")

    # Without the file the draft is saved, and the link arrives by e-mail.
    page.get_by_role("button", name="Tallenna luonnos").click()
    assert "Luonnos on tallennettu" in page.locator("main").inner_text()
    _check(page, axe_check, "draft status page")
    # A fresh draft: criteria not answered yet are neutral; only the half-given decision is not met.
    draft = page.locator("main").inner_text()
    assert "Ei vastattu vielä" in draft
    assert draft.count("✗") == 1 and "✗ Ei täyty Päättävää toimielintä" in draft
    page.get_by_role("link", name="Lisää asiakirja").click()
    _check(page, axe_check, "add a document")
    page.go_back()
    page.get_by_role("link", name="Jatka hakemusta").click()
    _check(page, axe_check, "draft form")
    page.go_back()
    link = _link_in(worker_mail()[-1])

    page.goto(link[:-3] + "xx/")
    assert page.locator("h1").inner_text() == "Linkki ei toimi"
    _check(page, axe_check, "broken link page")
    page.get_by_label("Sähköpostiosoite").fill("anna@ahtari.example")
    page.get_by_role("button", name="Lähetä minulle uusi linkki").click()
    assert "uusi henkilökohtainen linkki on matkalla" in page.locator("main").inner_text()
    assert "Uusi linkki" in worker_mail()[-1].subject

    page.goto(_link_in(worker_mail()[-1]))
    page.get_by_role("link", name="Peru hakemus").click()
    _check(page, axe_check, "withdraw page")
    page.get_by_role("button", name="Kyllä, peru hakemus").click()
    assert "Peruttu" in page.locator("main").inner_text()


def test_applicant_pages_keep_to_the_content_security_policy(live_server, browser):
    from applications.models import PRIVATE_LINK
    from tervekunta.links import make_token
    from tests.factories.applications import ApplicationFactory

    token = make_token(PRIVATE_LINK, ApplicationFactory(info_requested=True))
    context = browser.new_context(locale="fi-FI")  # the policy enforced, unlike the axe fixtures
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    for path in (
        "/fi/applications/apply/",
        f"/fi/applications/a/{token}/",
        f"/fi/applications/a/{token}/answer/",
        f"/fi/applications/a/{token}/documents/add/",
        f"/fi/applications/a/{token}/withdraw/",
        "/fi/applications/a/broken/",
        "/fi/applications/link/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
    context.close()
    assert violations == []
