"""Acceptance journey of a two-day event whose seats are taken: a remote registrant is still
confirmed, a registration is changed through its private link, and cancelling one of two days
moves that day's waiting list up and leaves the other day's as it was."""

from __future__ import annotations

import re

import pytest

from meetings import services
from meetings.choices import AttendanceMode, PlaceStatus
from meetings.models import Registration, RegistrationDay
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories.meetings import EventDayFactory, EventFactory, helsinki, next_year
from tests.outbox import worker_mail

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/events/registration/\S+/")


@pytest.fixture
def settings_for_live(settings, live_server):
    settings.SITE_URL = live_server.url
    return settings


def _link_in_mail_to(address: str) -> str:
    message = next(m for m in reversed(worker_mail()) if m.to == [address])
    return LINK.search(message.body).group(0)


def _check_both_widths(page, axe_check, label: str) -> None:
    """axe at 1280 px and at 375 px, where nothing may scroll sideways."""
    axe_check(page, f"{label} at 1280 px")
    page.set_viewport_size(PHONE)
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{label} scrolls sideways at 375 px: {width}"
    axe_check(page, f"{label} at 375 px")
    page.set_viewport_size(DESKTOP)


def _register(event, days, name, email, mode=AttendanceMode.IN_PERSON) -> Registration:
    return services.registration_create(
        event=event, name=name, email=email, days=days, organisation_other="Kylätoimikunta", mode=mode
    )


def _status(email: str, day) -> str:
    return RegistrationDay.objects.get(
        registration__email=email, registration__cancelled_at__isnull=True, day=day
    ).status


def test_event_journey_remote_place_change_and_cancelling_one_day(live_server, settings_for_live, page, axe_check):
    year = next_year()
    event = EventFactory(title="Hyvinvointitalous käytännössä", registration_deadline=helsinki(year, 8, 25, 16))
    first = EventDayFactory(event=event, starts_at=helsinki(year, 9, 1, 9), capacity=1)
    second = EventDayFactory(event=event, starts_at=helsinki(year, 9, 2, 9), capacity=1)
    # Olli has the one seat of both days; Wilma waits for the first day's seat, Veikko for the second's.
    _register(event, [first, second], "Olli Paikallinen", "olli@kunta.example")
    _register(event, [first], "Wilma Jonottaja", "wilma@kunta.example")
    _register(event, [second], "Veikko Jonottaja", "veikko@kunta.example")

    # The event page tells the seats are taken; the form says so beside each day.
    page.goto(f"{live_server.url}/fi/events/{event.pk}/")
    main = page.locator("main").inner_text()
    assert "Ilmoittautumisen määräaika" in main
    assert main.count("paikan päällä täynnä") == 2
    _check_both_widths(page, axe_check, "event page")
    page.get_by_role("link", name="Ilmoittaudu").click()
    assert page.get_by_label(re.compile(rf"\b1\.9\.{year}")).evaluate("e => e.labels[0].innerText").count("täynnä") == 1
    assert "osallistumisen seurantaan" in page.locator("main").inner_text()
    assert not page.get_by_label(re.compile("Annan suostumukseni")).is_checked()
    _check_both_widths(page, axe_check, "registration form")

    # Rita takes part remotely: remote participants never wait for a seat.
    page.get_by_label("Nimi").fill("Rita Etäinen")
    page.get_by_label("Sähköposti").fill("rita@kunta.example")
    page.get_by_label("Muu organisaatio").fill("Hyvinvointiyhdistys ry")
    page.get_by_label(re.compile(rf"\b1\.9\.{year}")).check()
    page.get_by_label(re.compile(rf"\b2\.9\.{year}")).check()
    page.get_by_label("Etänä").check()
    page.get_by_role("button", name="Ilmoittaudu").click()
    page.get_by_role("heading", level=1, name=re.compile("Ilmoittautumisesi")).wait_for()
    assert page.locator("main").inner_text().count("Paikka vahvistettu") == 2
    assert event.remote_url in page.locator("main").inner_text()
    _check_both_widths(page, axe_check, "registration page")

    # Through the link in her e-mail she changes her registration: the second day only, on site
    # (where the seat is taken, so she waits), and a diet, which needs her consent.
    page.goto(_link_in_mail_to("rita@kunta.example"))
    page.get_by_role("link", name="Muuta ilmoittautumistani").click()
    page.get_by_role("heading", level=1, name="Ilmoittautumisen muuttaminen").wait_for()
    assert page.get_by_label(re.compile(rf"\b1\.9\.{year}")).is_checked()
    assert page.get_by_label("Etänä").is_checked()
    _check_both_widths(page, axe_check, "change form")
    page.get_by_label(re.compile(rf"\b1\.9\.{year}")).uncheck()
    page.get_by_label("Ruokavalio", exact=True).fill("Gluteeniton")
    page.get_by_role("button", name="Tallenna muutokset").click()
    consent_error = page.locator("#div_id_needs_consent .invalid-feedback")
    consent_error.wait_for()
    assert "rastita suostumus" in consent_error.inner_text()
    assert page.get_by_label("Ruokavalio", exact=True).input_value() == "Gluteeniton"
    assert not page.get_by_label(re.compile(rf"\b1\.9\.{year}")).is_checked()
    _check_both_widths(page, axe_check, "change form with an error")
    page.get_by_label(re.compile("Annan suostumukseni")).check()
    page.get_by_role("button", name="Tallenna muutokset").click()
    page.get_by_text("Ilmoittautumistasi on muutettu.").wait_for()
    main = page.locator("main").inner_text()
    assert "Gluteeniton" in main and "Peruttu" in main
    rita = Registration.objects.get(email="rita@kunta.example")
    assert rita.needs_consent_at is not None
    assert _status("rita@kunta.example", first) == PlaceStatus.CANCELLED
    assert _status("rita@kunta.example", second) == PlaceStatus.CONFIRMED
    changed = next(m for m in worker_mail() if m.to == ["rita@kunta.example"] and "muutettu" in m.subject)
    assert "Gluteeniton" not in changed.body  # what the registrant typed is never mailed

    # Olli cancels the first of his two confirmed days: he is asked first, and only that day goes.
    page.goto(_link_in_mail_to("olli@kunta.example"))
    assert page.locator("main").inner_text().count("Paikka vahvistettu") == 2
    page.get_by_role("link", name="Peru ilmoittautumiseni").click()
    page.get_by_role("heading", level=1, name="Ilmoittautumisen peruminen").wait_for()
    assert _status("olli@kunta.example", first) == PlaceStatus.CONFIRMED
    _check_both_widths(page, axe_check, "cancel confirmation")
    page.get_by_label(re.compile(rf"\b2\.9\.{year}")).uncheck()
    page.get_by_role("button", name="Kyllä, peru valitut päivät").click()
    page.get_by_text("Valitut päivät on peruttu").wait_for()
    assert _status("olli@kunta.example", first) == PlaceStatus.CANCELLED
    assert _status("olli@kunta.example", second) == PlaceStatus.CONFIRMED

    # The first day's waiting list moved up and Wilma is told; the second day's is unchanged.
    assert _status("wilma@kunta.example", first) == PlaceStatus.CONFIRMED
    assert _status("veikko@kunta.example", second) == PlaceStatus.WAITLISTED
    promoted = next(m for m in worker_mail() if m.to == ["wilma@kunta.example"] and "vapautui" in m.subject)
    assert not any(m.to == ["veikko@kunta.example"] and "vapautui" in m.subject for m in worker_mail())
    page.goto(LINK.search(promoted.body).group(0))
    assert "Paikka vahvistettu" in page.locator("main").inner_text()
    _check_both_widths(page, axe_check, "promoted registrant's page")
