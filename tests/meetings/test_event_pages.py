"""The public event pages and the registrant's private pages: place, host, deadline, places left,
the languages of an event's text, the consent to needs, and changing or cancelling by day."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.choices import AttendanceMode, PlaceStatus
from meetings.models import PRIVATE_LINK, Registration, RegistrationDay
from tervekunta.links import make_token
from tests.factories.meetings import (
    EventDayFactory,
    EventFactory,
    HostingFactory,
    RegistrationDayFactory,
    helsinki,
    network_days,
    next_year,
)
from tests.factories.members import MembershipFactory

pytestmark = pytest.mark.django_db


def _form(days, **overrides):
    data = {
        "name": "Anna Virtanen",
        "email": "anna@example.org",
        "organisation": "",
        "organisation_other": "Yhdistys ry",
        "days": [d.pk for d in days],
        "mode": AttendanceMode.IN_PERSON,
    }
    data.update(overrides)
    return data


def test_event_page_shows_address_town_host_deadline_and_places_left(client):
    host = MembershipFactory(organisation__name_fi="Järvenpää").organisation
    event = EventFactory(host=host, registration_deadline=helsinki(next_year(), 5, 20, 16))
    EventDayFactory(event=event, capacity=40)
    body = client.get(reverse("meetings:event_detail", args=[event.pk])).content.decode()
    for text in ("Säätytalo", "Snellmaninkatu 9", "Helsinki", "Järvenpää", f"20.5.{next_year()} klo 16.00"):
        assert text in body, text
    assert "paikan päällä 40 paikkaa jäljellä" in body
    assert f"{next_year()}-05-20" not in body.replace(f'datetime="{next_year()}-', "")


def test_network_days_take_their_host_from_the_linked_hosting(client):
    event, _open_day, _ = network_days(host=MembershipFactory(organisation__name_fi="Kerava").organisation)
    HostingFactory(year=next_year(), organisation__name_fi="Pori", event=event, confirmed=True)
    body = client.get(reverse("meetings:event_detail", args=[event.pk])).content.decode()
    assert "Pori" in body
    assert "Kerava" not in body


@pytest.mark.parametrize(
    ("language", "title", "description"),
    [
        ("fi", "Hyvinvointiseminaari", "Hyvinvoinnin ja terveyden"),
        ("sv", "(på svenska)", "Aktuellt om främjandet"),
        ("en", "(in English)", "Current topics"),
    ],
)
def test_title_and_description_in_the_readers_language(client, language, title, description):
    event = EventFactory(translated=True)
    EventDayFactory(event=event)
    for name in ("meetings:event_detail", "meetings:register"):
        body = client.get(f"/{language}{reverse(name, args=[event.pk])[3:]}").content.decode()
        assert title in body, name
    body = client.get(f"/{language}{reverse('meetings:event_detail', args=[event.pk])[3:]}").content.decode()
    assert description in body
    feed = client.get(f"/{language}{reverse('meetings:feed')[3:]}").content.decode()
    assert title in feed.replace("\r\n ", "")
    assert "LOCATION:Säätytalo\\, Snellmaninkatu 9\\, Helsinki" in feed


def test_swedish_falls_back_to_finnish(client):
    event = EventFactory(title="Vain suomeksi")
    EventDayFactory(event=event)
    body = client.get(f"/sv{reverse('meetings:event_detail', args=[event.pk])[3:]}").content.decode()
    assert "Vain suomeksi" in body


def test_after_the_deadline_the_form_is_closed_with_a_message(client):
    event = EventFactory(deadline_passed=True)
    EventDayFactory(event=event)
    detail = client.get(reverse("meetings:event_detail", args=[event.pk])).content.decode()
    assert "Ilmoittautuminen on sulkeutunut: määräaika on päättynyt." in detail
    assert reverse("meetings:register", args=[event.pk]) not in detail
    response = client.get(reverse("meetings:register", args=[event.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("meetings:event_detail", args=[event.pk])
    assert "määräaika on päättynyt" in response.content.decode()


def test_a_past_event_says_registration_has_closed(client):
    event = EventFactory()
    EventDayFactory(event=event, starts_at=timezone.now() - datetime.timedelta(days=2))
    body = client.get(reverse("meetings:event_detail", args=[event.pk])).content.decode()
    assert "Ilmoittautuminen on päättynyt: tapahtuma on ohi." in body


def test_the_form_states_the_real_purposes_and_links_the_privacy_notice(client):
    event = EventFactory()
    EventDayFactory(event=event)
    body = client.get(reverse("meetings:register", args=[event.pk])).content.decode()
    assert "osallistumisen seurantaan" in body
    assert f'href="{reverse("privacy")}"' in body
    assert 'name="needs_consent"' in body
    assert "checked" not in body.split('name="needs_consent"')[1].split(">")[0]


@pytest.mark.parametrize(("language", "message"), [("fi", "rastita suostumus"), ("sv", "kryssa för samtycket")])
def test_needs_without_consent_show_an_error_by_the_box_and_keep_the_input(client, language, message):
    event = EventFactory()
    day = EventDayFactory(event=event)
    url = f"/{language}{reverse('meetings:register', args=[event.pk])[3:]}"
    response = client.post(url, _form([day], diet="Gluteeniton", accessibility_needs="Pyörätuoli"))
    body = response.content.decode()
    assert response.status_code == 200
    assert not Registration.objects.exists()
    # The message sits by the box (in its own described-by element), not only at the top.
    error = body.split('id="div_id_needs_consent"')[1].split("</div>\n</div>")[0]
    assert message in error
    assert 'value="Gluteeniton"' in body and 'value="Pyörätuoli"' in body and 'value="Anna Virtanen"' in body
    client.post(url, _form([day], diet="Gluteeniton", accessibility_needs="Pyörätuoli", needs_consent="on"))
    assert Registration.objects.get().needs_consent_at is not None


def _link(name, registration):
    return reverse(name, args=[make_token(PRIVATE_LINK, registration)])


def test_the_change_form_is_prefilled_and_changes_by_the_place_rules(client):
    event, open_day, _ = network_days(capacity=1)
    place = RegistrationDayFactory(
        registration__event=event, registration__organisation_other="Yhdistys ry", day=open_day
    )
    registration = place.registration
    waiting = RegistrationDayFactory(registration__event=event, day=open_day, waitlisted=True)
    url = _link("meetings:registration_change", registration)
    form = client.get(url).content.decode()
    assert f'value="{open_day.pk}"  id="id_days_0" checked' in form
    assert 'value="in_person"  id="id_mode_0" required checked' in form
    response = client.post(
        url, {"days": [open_day.pk], "mode": "remote", "diet": "Vegaaninen", "needs_consent": "on"}, follow=True
    )
    assert "Ilmoittautumistasi on muutettu." in response.content.decode()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.mode, registration.diet) == (AttendanceMode.REMOTE, "Vegaaninen")
    assert waiting.status == PlaceStatus.CONFIRMED
    assert RegistrationDay.objects.get(pk=place.pk).status == PlaceStatus.CONFIRMED


def test_cancel_asks_first_and_can_cancel_one_day(client):
    event = EventFactory()
    year = next_year()
    first = EventDayFactory(event=event, starts_at=helsinki(year, 9, 1, 9), capacity=1)
    second = EventDayFactory(event=event, starts_at=helsinki(year, 9, 2, 9), capacity=1)
    mine = RegistrationDayFactory(registration__event=event, day=first)
    RegistrationDayFactory(registration=mine.registration, day=second)
    waiting_first = RegistrationDayFactory(registration__event=event, day=first, waitlisted=True)
    waiting_second = RegistrationDayFactory(registration__event=event, day=second, waitlisted=True)
    url = _link("meetings:registration_cancel", mine.registration)
    page = client.get(url).content.decode()
    assert page.count('name="days"') == 2
    assert not RegistrationDay.objects.filter(status=PlaceStatus.CANCELLED).exists()
    empty = client.post(url, {})
    assert "Valitse vähintään yksi peruttava päivä." in empty.content.decode()
    response = client.post(url, {"days": [first.pk]}, follow=True)
    assert "Valitut päivät on peruttu" in response.content.decode()
    statuses = dict(RegistrationDay.objects.values_list("pk", "status"))
    assert statuses[mine.pk] == PlaceStatus.CANCELLED
    assert statuses[waiting_first.pk] == PlaceStatus.CONFIRMED
    assert statuses[waiting_second.pk] == PlaceStatus.WAITLISTED
    mine.registration.refresh_from_db()
    assert mine.registration.cancelled_at is None


def test_private_pages_hold_their_query_budgets(client, django_assert_max_num_queries):
    event, open_day, _ = network_days(capacity=5)
    place = RegistrationDayFactory(registration__event=event, day=open_day)
    for name in ("meetings:registration_detail", "meetings:registration_change", "meetings:registration_cancel"):
        url = _link(name, place.registration)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, name
