"""The acceptance story: Virrat applies with a committee decision, is asked for more information,
answers, and the leadership group approves; Virrat is then a member with its named contact person."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from tests.db import coordinator_group, restore_coordinator_group
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


def test_virrat_applies_and_becomes_a_member(
    live_server, page, axe_check, virrat_not_a_member, django_user_model, settings, tmp_path
):
    from members.choices import Role
    from members.models import Appointment

    settings.SITE_URL = live_server.url
    minutes = tmp_path / "HYVLTK-13-06-2023-26.pdf"
    minutes.write_bytes(pdf_bytes())

    # The applicant finds the form from the home page.
    page.goto(f"{live_server.url}/fi/")
    page.get_by_role("link", name="Hae verkoston jäseneksi").click()
    assert page.locator("h1").inner_text() == "Hakemus Terve Kunta -verkoston jäseneksi"
    axe_check(page, "application form")

    page.locator("#id_organisation_choice").select_option(label="Virrat")
    page.get_by_label("Hakijan nimi").fill("Minna Koskinen")
    page.get_by_label("Hakijan tehtävänimike").fill("hyvinvointijohtaja")
    page.get_by_label("Hakijan sähköposti").fill("minna.koskinen@virrat.example")
    page.get_by_label("Hakijan puhelin").fill("050 3099 165")
    page.get_by_label("Päättävä toimielin").select_option("committee")
    page.get_by_label("Päätöksen päivämäärä").fill("2023-06-13")
    page.get_by_label("Pöytäkirjan pykälä").fill("HYVLTK 13.06.2023 § 26")
    page.get_by_label("Diaarinumero").fill("257/05.00.00/2023")
    page.get_by_label("Päätöksen pöytäkirja (PDF)").set_input_files(str(minutes))
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

    # The check page flags the committee decision.
    assert page.locator("h1").inner_text() == "Tarkista ja lähetä hakemus"
    axe_check(page, "check page")
    decision = page.locator("li", has=page.locator("code", has_text="joining-decision"))
    assert "Ei täyty" in decision.inner_text()
    assert "Lautakunnan päätös yksin ei riitä" in decision.inner_text()
    decision.get_by_label("Selvityksesi").fill("Kaupunginhallitus käsittelee liittymisen 21.8.2023.")
    page.get_by_role("button", name="Lähetä hakemus").click()

    assert page.locator("h1").inner_text() == "Kiitos, hakemus on lähetetty"
    axe_check(page, "submitted page")
    submitted = [m for m in worker_mail() if "vastaanotettu" in m.subject]
    assert len(submitted) == 1 and submitted[0].to == ["minna.koskinen@virrat.example"]
    status_link = _link_in(submitted[0])

    # The coordinator asks for more information.
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
    axe_check(page, "coordinator list")
    page.get_by_role("link", name="Virrat").click()
    axe_check(page, "coordinator review")
    assert "HYVLTK 13.06.2023 § 26" in page.content()
    page.get_by_role("link", name="Pyydä lisätietoja").click()
    axe_check(page, "request information")
    page.get_by_label("Kysymys hakijalle").fill("Onko kaupunginhallitus jo päättänyt liittymisestä?")
    page.get_by_role("button", name="Vahvista").click()
    assert "Lisätietoja pyydetty" in page.locator("main").inner_text()
    question = [m for m in worker_mail() if "lisätietoja" in m.subject]
    assert len(question) == 1 and "Onko kaupunginhallitus" in question[0].body

    # The applicant answers through the private link.
    page.goto(_link_in(question[0]))
    axe_check(page, "status page")
    page.get_by_role("link", name="Vastaa kysymykseen").click()
    axe_check(page, "answer page")
    page.get_by_label("Vastauksesi").fill("Kaupunginhallitus päätti liittymisestä 21.8.2023 § 120.")
    page.get_by_role("button", name="Lähetä vastaus").click()
    assert "Lähetetty" in page.locator("main").inner_text()
    # Each e-mail signs its link afresh; both lead to Virrat's one application.
    assert _application_behind(_link_in(question[0])) == _application_behind(status_link)
    assert _application_behind(status_link).organisation_name == "Virrat"

    # The coordinator forwards it and records the leadership group's approval.
    page.goto(f"{live_server.url}/fi/coordinator/applications/")
    page.get_by_role("link", name="Virrat").click()
    page.get_by_role("link", name="Vie johtoryhmän päätettäväksi").click()
    axe_check(page, "forward page")
    page.get_by_role("button", name="Vahvista").click()
    # The memo for today's leadership group meeting lists it.
    page.goto(f"{live_server.url}/fi/coordinator/applications/")
    with page.expect_download() as memo:
        page.get_by_role("button", name="Lataa muistio (PDF)").click()
    assert memo.value.suggested_filename == f"Muistio-{timezone.localdate().isoformat()}.pdf"
    assert "Virrat" in pdf_text(Path(memo.value.path()).read_bytes())
    page.get_by_role("link", name="Virrat").click()
    page.get_by_role("link", name="Kirjaa johtoryhmän päätös").click()
    axe_check(page, "decision page")
    today = timezone.localdate()
    page.get_by_label("Hyväksy").check()
    page.get_by_label("Päätöksen päivämäärä").fill(today.isoformat())
    page.get_by_label("Palaute hakijalle").fill("Kiitos vahvasta sitoutumisesta.")
    page.get_by_role("button", name="Vahvista").click()
    assert "Hyväksytty" in page.locator("main").inner_text()
    axe_check(page, "review after approval")
    assert any("Tervetuloa" in m.subject for m in worker_mail())

    # Virrat is a member from today, with the named contact person.
    response = page.request.get(f"{live_server.url}/api/members.json?on={today.isoformat()}")
    members = {row["name_fi"]: row for row in response.json()["members"]}
    assert members["Virrat"]["member_since"] == today.isoformat()
    contact = Appointment.objects.current().get(organisation__name_fi="Virrat", role=Role.CONTACT_PERSON)
    assert contact.person.full_name == "Minna Koskinen"
    assert contact.start_date == today
    public_list = page.request.get(f"{live_server.url}/fi/members/")
    assert public_list.status == 200
    assert "Virrat" in public_list.text()

    # The applicant sees the decision through the link.
    page.goto(status_link)
    assert "Hyväksytty" in page.locator("main").inner_text()
    axe_check(page, "status page after approval")

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
    axe_check(page, "form with a bad file")

    # Without the file the draft is saved, and the link arrives by e-mail.
    page.get_by_role("button", name="Tallenna luonnos").click()
    assert "Luonnos on tallennettu" in page.locator("main").inner_text()
    axe_check(page, "draft status page")
    link = _link_in(worker_mail()[-1])

    page.goto(link[:-3] + "xx/")
    assert page.locator("h1").inner_text() == "Linkki ei toimi"
    axe_check(page, "broken link page")
    page.get_by_label("Sähköpostiosoite").fill("anna@ahtari.example")
    page.get_by_role("button", name="Lähetä minulle uusi linkki").click()
    assert "uusi henkilökohtainen linkki on matkalla" in page.locator("main").inner_text()
    assert "Uusi linkki" in worker_mail()[-1].subject

    page.goto(_link_in(worker_mail()[-1]))
    page.get_by_role("link", name="Peru hakemus").click()
    axe_check(page, "withdraw page")
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
        f"/fi/applications/a/{token}/withdraw/",
        "/fi/applications/a/broken/",
        "/fi/applications/link/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
    context.close()
    assert violations == []
