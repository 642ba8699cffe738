"""The decision letter and the leadership group's memo: what the PDFs say, who may download them,
and the letter travelling with the decision e-mail. The PDFs' text is read back with pypdf."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from applications import letters, services
from applications.choices import ApplicationStatus
from applications.models import PRIVATE_LINK
from members.models import Municipality
from tervekunta.links import make_token
from tests.factories.applications import ApplicationFactory, CriterionReviewFactory
from tests.outbox import worker_mail
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

DECIDED = datetime.date(2026, 12, 31)
FEEDBACK = "Hyvä hakemus. Toivomme Virtain osallistuvan syksyn verkostopäiville."


def _decide(municipality, coordinator, *, language="fi", approve=True, feedback=FEEDBACK, **fields):
    application = ApplicationFactory(in_review=True, municipality=municipality, language=language, **fields)
    decide = services.application_approve if approve else services.application_reject
    return decide(application=application, decision_date=DECIDED, feedback=feedback, actor=coordinator)


@pytest.fixture
def approved(virrat, coordinator):
    return _decide(virrat, coordinator)


# --- what the letter says ------------------------------------------------------------------


def test_the_finnish_letter_states_the_decision_and_the_people(approved):
    text = pdf_text(letters.decision_letter_pdf(approved))

    assert "Päätös jäsenhakemukseen" in text
    assert "Virrat" in text
    assert "Johtoryhmän päätös Hyväksytty" in text
    assert "Päätöksen päivämäärä 31.12.2026" in text
    assert "Jäsenyys alkaa 31.12.2026" in text
    assert FEEDBACK in text
    assert "Yhteyshenkilö Minna Koskinen, hyvinvointijohtaja" in text
    assert "Vastuullinen luottamushenkilö Keijo Kaleva, hyvinvointilautakunnan jäsen" in text
    assert "Terveyden ja hyvinvoinnin laitos (THL)" in text and "PL 30, 00271 Helsinki" in text
    assert "2026-12-31" not in text


def test_the_swedish_letter_uses_swedish_names_and_finnish_swedish_dates(virrat, coordinator):
    application = _decide(
        virrat,
        coordinator,
        language="sv",
        feedback="Välkommen till nätverket!",
        contact_first_name="Åsa",
        contact_last_name="Öhman",
        contact_title="välfärdschef",
    )
    text = pdf_text(letters.decision_letter_pdf(application))

    assert "Beslut om medlemsansökan" in text
    assert "Virdois" in text
    assert "Ledningsgruppens beslut Godkänd" in text
    assert "31.12.2026" in text and "2026-12-31" not in text
    assert "Medlemskapet börjar 31.12.2026" in text
    assert "Välkommen till nätverket!" in text
    assert "Kontaktperson Åsa Öhman, välfärdschef" in text
    assert "Keijo Kaleva" in text
    assert "Institutet för hälsa och välfärd (THL)" in text and "PB 30, 00271 Helsingfors" in text


def test_a_refusal_gives_no_membership_start(virrat, coordinator):
    application = _decide(virrat, coordinator, approve=False, feedback="Kunnanhallituksen päätös puuttuu.")
    text = pdf_text(letters.decision_letter_pdf(application))

    assert "Johtoryhmän päätös Ei hyväksytty" in text
    assert "Päätöksen päivämäärä 31.12.2026" in text
    assert "Kunnanhallituksen päätös puuttuu." in text
    assert "Jäsenyys alkaa" not in text


def test_the_english_letter_writes_the_month(virrat, coordinator):
    text = pdf_text(letters.decision_letter_pdf(_decide(virrat, coordinator, language="en")))
    assert "Date of the decision 31 December 2026" in text
    assert "Membership begins 31 December 2026" in text


@pytest.mark.parametrize(
    ("language", "expected"), [("fi", "Paatos-Virrat.pdf"), ("sv", "Beslut-Virdois.pdf"), ("en", "Decision-Virrat.pdf")]
)
def test_the_file_name_is_readable_in_the_applicants_language(virrat, coordinator, language, expected):
    assert letters.decision_letter_filename(_decide(virrat, coordinator, language=language)) == expected


def test_dates_and_file_names():
    assert letters.format_date(datetime.date(2026, 1, 5), "fi") == "5.1.2026"
    assert letters.format_date(datetime.date(2026, 1, 5), "sv") == "5.1.2026"
    assert letters.format_date(datetime.date(2026, 1, 5), "en") == "5 January 2026"
    assert letters.file_name_part("Pohjois-Savon hyvinvointialue") == "Pohjois-Savon-hyvinvointialue"
    assert letters.file_name_part("Mänttä-Vilppula / Ähtäri") == "Mantta-Vilppula-Ahtari"


def test_an_open_application_has_no_letter():
    for status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW):
        assert not letters.has_decision_letter(ApplicationFactory(status=status))


# --- the decision e-mail ---------------------------------------------------------------------


@pytest.mark.parametrize(("approve", "subject"), [(True, "Tervetuloa"), (False, "Päätös")])
def test_the_decision_email_carries_the_letter(virrat, coordinator, approve, subject):
    _decide(virrat, coordinator, approve=approve)

    (message,) = [message for message in worker_mail() if message.subject.startswith(subject)]
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename == "Paatos-Virrat.pdf"
    assert mimetype == "application/pdf"
    text = pdf_text(content)
    assert "Virrat" in text and "31.12.2026" in text and FEEDBACK in text
    assert "Päätöskirje on liitteenä PDF-tiedostona" in message.body


def test_the_letter_reaches_the_mail_server_as_a_pdf_part(smtp_server, virrat, coordinator):
    smtp_server.start()
    _decide(virrat, coordinator, language="sv")
    from tervekunta import outbox

    outbox.deliver()
    (message,) = smtp_server.received
    (part,) = [part for part in message.walk() if part.get_filename() == "Beslut-Virdois.pdf"]
    assert part.get_content_type() == "application/pdf"
    assert "Virdois" in pdf_text(part.get_payload(decode=True))


# --- downloads -------------------------------------------------------------------------------


def _assert_pdf_download(response, filename: str) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "noindex" in response["X-Robots-Tag"]
    return pdf_text(response.content)


def test_the_applicant_downloads_the_letter_through_the_private_link(client, approved):
    token = make_token(PRIVATE_LINK, approved)

    page = client.get(reverse("applications:status", kwargs={"token": token}))
    letter_url = reverse("applications:decision_letter", kwargs={"token": token})
    assert letter_url in page.content.decode()

    text = _assert_pdf_download(client.get(letter_url), "Paatos-Virrat.pdf")
    assert "Minna Koskinen" in text


def test_a_forged_or_expired_link_gets_no_letter(client, approved, monkeypatch):
    forged = client.get(reverse("applications:decision_letter", kwargs={"token": "forged:not-signed"}))
    assert forged.status_code == 200 and forged.context["invalid"] is True
    assert forged["Content-Type"].startswith("text/html")

    other = signing.TimestampSigner(salt="something-else").sign(str(approved.public_id))
    assert client.get(reverse("applications:decision_letter", kwargs={"token": other})).context["invalid"] is True

    old = signing.TimestampSigner(salt=PRIVATE_LINK.salt)
    monkeypatch.setattr(old, "timestamp", lambda: signing.b62_encode(int(datetime.datetime(2020, 1, 1).timestamp())))
    expired = client.get(reverse("applications:decision_letter", kwargs={"token": old.sign(str(approved.public_id))}))
    assert expired.context["expired"] is True
    assert not expired.content.startswith(b"%PDF")


def test_an_undecided_application_has_no_letter_to_download(client, coordinator_client):
    application = ApplicationFactory(in_review=True)
    token = make_token(PRIVATE_LINK, application)
    assert client.get(reverse("applications:decision_letter", kwargs={"token": token})).status_code == 404
    assert "decision.pdf" not in client.get(reverse("applications:status", kwargs={"token": token})).content.decode()
    url = reverse("applications:coordinator_decision_letter", kwargs={"pk": application.pk})
    assert coordinator_client.get(url).status_code == 404


def test_the_coordinator_downloads_the_letter_from_the_review_page(coordinator_client, approved):
    url = reverse("applications:coordinator_decision_letter", kwargs={"pk": approved.pk})
    review = coordinator_client.get(reverse("applications:coordinator_review", kwargs={"pk": approved.pk}))
    assert url in review.content.decode()
    assert "Jäsenyys alkaa 31.12.2026" in _assert_pdf_download(coordinator_client.get(url), "Paatos-Virrat.pdf")


def test_the_coordinators_letter_url_sends_the_anonymous_to_log_in(client, approved):
    response = client.get(reverse("applications:coordinator_decision_letter", kwargs={"pk": approved.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- the memo --------------------------------------------------------------------------------


@pytest.fixture
def meeting_day(register, coordinator):
    """Before the leadership group today: Lahti and Espoo forwarded, Kuopio decided today.
    Not before it: Vantaa (submitted, not forwarded), Oulu (decided at an earlier meeting),
    Pori (withdrawn after forwarding)."""
    by_name = {municipality.name_fi: municipality for municipality in Municipality.objects.all()}
    today = timezone.localdate()

    def forwarded(name, **fields):
        application = ApplicationFactory(submitted=True, municipality=by_name[name], **fields)
        return services.application_forward(application=application, actor=coordinator, note=f"Valmis: {name}")

    lahti = forwarded("Lahti", deciding_body="committee")
    CriterionReviewFactory(
        application=lahti, criterion="joining-decision", verdict="not_met", comment="Vain lautakunnan päätös."
    )
    forwarded("Espoo")
    services.application_approve(
        application=forwarded("Kuopio"), decision_date=today, feedback="Tervetuloa", actor=coordinator
    )
    ApplicationFactory(submitted=True, municipality=by_name["Vantaa"])
    services.application_approve(
        application=forwarded("Oulu"), decision_date=today - datetime.timedelta(days=30), feedback="", actor=coordinator
    )
    services.application_withdraw(application=forwarded("Pori"), note="Peruttu")
    return today


def test_the_memo_lists_exactly_the_applications_before_the_meeting(meeting_day):
    names = {application.municipality.name_fi for application in letters.memo_applications(meeting_day)}
    assert names == {"Lahti", "Espoo", "Kuopio"}

    text = pdf_text(letters.memo_pdf(meeting_day, letters.memo_applications(meeting_day), language="fi"))
    for name in ("Lahti", "Espoo", "Kuopio"):
        assert f"Valmis: {name}" in text
    for name in ("Vantaa", "Oulu", "Pori"):
        assert name not in text
    assert "Vain lautakunnan päätös." in text
    # Lahti's automatic result on the committee decision, and the coordinator's verdict on it
    assert "Ei täyty: Lautakunnan päätös yksin ei riitä: päätöksen tekee valtuusto" in text
    assert "Ei täyty: Vain lautakunnan päätös." in text


def test_a_memo_for_an_earlier_day_leaves_out_what_was_forwarded_later(meeting_day):
    yesterday = meeting_day - datetime.timedelta(days=1)
    assert list(letters.memo_applications(yesterday)) == []
    text = pdf_text(letters.memo_pdf(yesterday, [], language="fi"))
    assert "Tähän kokoukseen ei ole viety yhtään hakemusta johtoryhmälle." in text


def test_the_memo_is_downloaded_from_the_applications_list(coordinator_client, meeting_day):
    listing = coordinator_client.get(reverse("applications:coordinator_list"))
    memo_url = reverse("applications:coordinator_memo")
    assert f'action="{memo_url}"' in listing.content.decode()

    response = coordinator_client.get(memo_url, {"meeting": meeting_day.isoformat()})
    text = _assert_pdf_download(response, f"Muistio-{meeting_day.isoformat()}.pdf")
    assert "Lahti" in text and "Vantaa" not in text


def test_a_memo_without_a_date_is_for_today(coordinator_client, meeting_day):
    response = coordinator_client.get(reverse("applications:coordinator_memo"))
    assert "Espoo" in _assert_pdf_download(response, f"Muistio-{meeting_day.isoformat()}.pdf")


def test_a_bad_meeting_date_is_explained_on_the_list(coordinator_client):
    response = coordinator_client.get(reverse("applications:coordinator_memo"), {"meeting": "31.13.2026"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("applications:coordinator_list")
    assert "Anna kokouksen päivämäärä, esimerkiksi 31.12.2026." in response.content.decode()


def test_the_memo_costs_the_same_queries_however_many_applications(
    coordinator_client, coordinator, meeting_day, django_assert_max_num_queries
):
    url = reverse("applications:coordinator_memo")
    with django_assert_max_num_queries(4):
        entries = letters.memo_entries(letters.memo_applications(meeting_day))
    assert len(entries) == 3
    for application in ApplicationFactory.create_batch(5, in_review=True):
        CriterionReviewFactory(application=application)
    with django_assert_max_num_queries(4):
        assert len(letters.memo_entries(letters.memo_applications(meeting_day))) == 8
    with django_assert_max_num_queries(10):
        assert coordinator_client.get(url, {"meeting": meeting_day.isoformat()}).status_code == 200
