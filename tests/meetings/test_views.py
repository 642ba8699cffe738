from __future__ import annotations

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation

from meetings.choices import EventKind, HostingStatus, PlaceStatus
from meetings.models import PRIVATE_LINK, Hosting, Registration
from tervekunta import links
from tervekunta.links import make_token
from tests.factories.meetings import (
    EventDayFactory,
    EventFactory,
    HostingFactory,
    RegistrationDayFactory,
    helsinki,
    network_days,
)
from tests.factories.members import OrganisationFactory
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db


def _post(member_pk="", days=(), **overrides):
    data = {
        "name": "Anna Virtanen",
        "email": "anna@example.org",
        "organisation": member_pk,
        "organisation_other": "Yhdistys ry" if not member_pk else "",
        "days": [d.pk for d in days],
        "mode": "in_person",
        "diet": "gluteeniton",
        "accessibility_needs": "induktiosilmukka",
        "needs_consent": "on",
    }
    data.update(overrides)
    return data


def test_calendar_lists_open_days_only(client, days, django_assert_max_num_queries):
    event, _open_day, members_day = days
    members_day.programme = "Jäsenten salainen ohjelma"
    members_day.save()
    EventDayFactory(event=EventFactory(kind=EventKind.NETWORK_MEETING, title="Kuukausikokous"), members_only=True)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("meetings:calendar"))
    body = response.content.decode()
    assert response.status_code == 200
    assert event.title in body
    assert "Kuukausikokous" not in body
    assert "Jäsenten salainen ohjelma" not in body
    assert event.remote_url not in body
    assert body.count("<h1") == 1


def test_event_page_hides_members_day_and_remote_link(client, days):
    event, _open_day, members_day = days
    members_day.programme = "Jäsenten salainen ohjelma"
    members_day.save()
    body = client.get(reverse("meetings:event_detail", args=[event.pk])).content.decode()
    assert event.title in body
    assert "Jäsenten salainen ohjelma" not in body
    assert event.remote_url not in body
    assert "4.6." not in body


def test_members_only_event_has_no_public_page(client):
    meeting = EventFactory(kind=EventKind.NETWORK_MEETING)
    EventDayFactory(event=meeting, members_only=True)
    assert client.get(reverse("meetings:event_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:event_detail", args=[999])).status_code == 404


def test_register_non_member_for_open_day(client, days, django_capture_on_commit_callbacks):
    event, open_day, _ = days
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:register", args=[event.pk]), _post(days=[open_day]))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert resolve(response["Location"]).url_name == "registration_detail"
    assert links.resolve(PRIVATE_LINK, resolve(response["Location"]).kwargs["token"]) == registration
    assert (registration.diet, registration.accessibility_needs) == ("gluteeniton", "induktiosilmukka")
    assert len(deliver_outbox()) == 1


def test_members_day_refusal_is_shown_next_to_the_days_and_keeps_the_input(client, days):
    event, open_day, members_day = days
    response = client.post(reverse("meetings:register", args=[event.pk]), _post(days=[open_day, members_day]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "only for people from member organisations" not in body  # Finnish by default
    assert "Jäsenpäivä on vain verkoston jäsenorganisaatioiden edustajille" in body
    assert 'value="Anna Virtanen"' in body
    assert 'value="induktiosilmukka"' in body
    assert response.context["form"].errors["days"]
    assert not Registration.objects.exists()


def test_member_registers_for_both_days(client, days, member):
    event, open_day, members_day = days
    contact = member.appointments.current().first().person
    data = _post(member_pk=member.pk, days=[open_day, members_day], email=contact.email)
    client.post(reverse("meetings:register", args=[event.pk]), data)
    registration = Registration.objects.get()
    assert registration.organisation == member
    assert registration.places.filter(status=PlaceStatus.CONFIRMED).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
        ({"organisation_other": ""}, "organisation_other"),
        ({"days": []}, "days"),
        ({"mode": "teleport"}, "mode"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(client, days, overrides, field):
    event, open_day, _ = days
    response = client.post(reverse("meetings:register", args=[event.pk]), _post(**{"days": [open_day], **overrides}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    # The message is tied to its field for screen readers.
    assert f'id="id_{field}_error"' in response.text
    assert re.search(rf'aria-describedby="([^"]* )?id_{field}_error[ "]', response.text)
    assert not Registration.objects.exists()


def test_second_registration_with_the_same_email_is_refused_on_the_form(client, days):
    event, open_day, _ = days
    client.post(reverse("meetings:register", args=[event.pk]), _post(days=[open_day]))
    response = client.post(
        reverse("meetings:register", args=[event.pk]), _post(days=[open_day], email="ANNA@example.org")
    )
    assert response.context["form"].errors["email"]
    assert Registration.objects.count() == 1


def test_full_day_is_labelled_on_the_form(client):
    event, open_day, _ = network_days(capacity=1)
    RegistrationDayFactory(registration__event=event, day=open_day)
    body = client.get(reverse("meetings:register", args=[event.pk])).content.decode()
    assert "jonotuslistalle" in body


def test_private_page_shows_remote_link_only_with_a_confirmed_place(client):
    event, open_day, _ = network_days(capacity=1)
    confirmed = RegistrationDayFactory(registration__event=event, day=open_day).registration
    waiting = RegistrationDayFactory(registration__event=event, day=open_day, waitlisted=True).registration
    body = client.get(
        reverse("meetings:registration_detail", args=[make_token(PRIVATE_LINK, confirmed)])
    ).content.decode()
    assert event.remote_url in body
    body = client.get(
        reverse("meetings:registration_detail", args=[make_token(PRIVATE_LINK, waiting)])
    ).content.decode()
    assert event.remote_url not in body


def test_forged_token_is_not_found(client, days):
    event, open_day, _ = days
    registration = RegistrationDayFactory(registration__event=event, day=open_day).registration
    _pk, stamp, signature = make_token(PRIVATE_LINK, registration).split(":")
    forged = f"{registration.pk + 1}:{stamp}:{signature}"
    assert client.get(reverse("meetings:registration_detail", args=[forged])).status_code == 404
    assert client.get(reverse("meetings:registration_detail", args=["garbage"])).status_code == 404
    assert client.post(reverse("meetings:registration_cancel", args=[forged])).status_code == 404


def test_cancel_through_the_private_link(client):
    event, open_day, _ = network_days(capacity=1)
    first = RegistrationDayFactory(registration__event=event, day=open_day).registration
    waiting = RegistrationDayFactory(registration__event=event, day=open_day, waitlisted=True)
    url = reverse("meetings:registration_cancel", args=[make_token(PRIVATE_LINK, first)])
    # Opening the link's cancel page only asks: nothing is cancelled yet.
    asked = client.get(url)
    assert asked.status_code == 200
    assert "Kyllä, peru valitut päivät" in asked.content.decode()
    first.refresh_from_db()
    assert first.cancelled_at is None
    response = client.post(url, {"days": [open_day.pk]}, follow=True)
    assert response.status_code == 200
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.cancelled_at is not None
    assert waiting.status == PlaceStatus.CONFIRMED
    second = client.post(url, {"days": [open_day.pk]}, follow=True)
    assert "Ilmoittautumisessa ei ole enää peruttavaa." in second.content.decode()


def test_attendance_of_a_held_day_grouped_by_organisation(coordinator_client, member):
    event, open_day, members_day = network_days(year=2025)
    a = RegistrationDayFactory(registration__event=event, registration__organisation=member, day=open_day)
    RegistrationDayFactory(registration=a.registration, day=members_day)
    other = RegistrationDayFactory(registration__event=event, day=open_day, present=True)
    waiting = RegistrationDayFactory(registration__event=event, day=open_day, waitlisted=True)
    url = reverse("meetings:attendance", args=[event.pk])
    body = coordinator_client.get(url, {"day": open_day.pk}).content.decode()
    assert "<legend" in body and "Pori" in body and "Järjestö ry" in body
    assert f'value="{waiting.pk}"' not in body
    response = coordinator_client.post(url, {"day": open_day.pk, "action": "save", "attended": [a.pk]})
    assert response.status_code == 302
    for place in (a, other):
        place.refresh_from_db()
    assert (a.attended, other.attended) == (True, False)
    bad = coordinator_client.post(url, {"day": open_day.pk, "action": "save", "attended": [waiting.pk]})
    assert bad.status_code == 200
    assert bad.context["form"].errors


def test_participation_report_page(coordinator_client, member):
    response = coordinator_client.get(
        reverse("meetings:participation"), {"first_year": 2025, "last_year": 2024, "threshold": 50}
    )
    assert response.context["form"].errors["last_year"]
    response = coordinator_client.get(
        reverse("meetings:participation"), {"first_year": 2024, "last_year": 2025, "threshold": 50}
    )
    assert response.status_code == 200
    assert "Pori" in response.content.decode()


def test_hosting_plan_page_explains_and_records(coordinator_client, member):
    response = coordinator_client.get(reverse("meetings:hosting_plan"))
    assert "Pori" in response.content.decode()
    assert "Ei ole koskaan järjestänyt verkostopäiviä." in response.content.decode()
    response = coordinator_client.post(reverse("meetings:hosting_plan"))
    assert response.status_code == 302
    hosting = Hosting.objects.get()
    assert (hosting.organisation, hosting.status) == (member, HostingStatus.PROPOSED)
    assert hosting.history.first().history_user is not None


def test_private_page_is_not_cached(client, days):
    event, open_day, _ = days
    registration = RegistrationDayFactory(registration__event=event, day=open_day).registration
    response = client.get(reverse("meetings:registration_detail", args=[make_token(PRIVATE_LINK, registration)]))
    assert "no-store" in response["Cache-Control"]


def _render(source: str, **context) -> str:
    request = RequestFactory().get("/fi/")
    return Template(source).render(Context({"request": request, **context}))


def test_home_include_lists_upcoming_open_events_in_one_query(days, django_assert_max_num_queries):
    EventDayFactory(event=EventFactory(title="Jäsenkokous"), members_only=True)
    with django_assert_max_num_queries(1):
        html = _render('{% include "meetings/includes/home.html" %}')
    assert days[0].title in html
    assert "Jäsenkokous" not in html


def test_member_hostings_include(django_assert_max_num_queries):
    pori, ulvila = OrganisationFactory(name_fi="Pori"), OrganisationFactory(name_fi="Ulvila")
    hosting = HostingFactory(year=2024, organisation=pori, held=True, cost_sharing="Pori 60 %, THL 40 %")
    hosting.co_hosts.add(ulvila)
    HostingFactory(year=2029, organisation=pori, status=HostingStatus.OFFERED)
    with django_assert_max_num_queries(1):
        html = _render('{% include "meetings/includes/member_hostings.html" %}', organisation=pori)
    assert "2024" in html and "2029" not in html and "60 %" not in html
    html = _render('{% include "meetings/includes/member_hostings.html" %}', organisation=ulvila)
    assert "2024" in html and "Pori" in html


def test_nav_links_to_the_calendar():
    html = _render('{% include "meetings/includes/nav.html" %}')
    assert reverse("meetings:calendar") in html
    assert 'class="nav-item"' in html


def test_public_pages_hold_their_query_budgets(client, days, member, django_assert_max_num_queries):
    event, open_day, _ = days
    for n in range(5):
        RegistrationDayFactory(registration__event=event, day=open_day, registration__email=f"q{n}@example.org")
    # The event, its days, its hosts and the pages' content version.
    with django_assert_max_num_queries(4):
        assert client.get(reverse("meetings:event_detail", args=[event.pk])).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("meetings:register", args=[event.pk])).status_code == 200


def test_participation_page_holds_its_budget_at_scale(coordinator_client, django_assert_max_num_queries):
    from tests.factories.meetings import build_participation_data

    build_participation_data(organisations=60, years=3, meetings=12, first_year=2022)
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(
            reverse("meetings:participation"), {"first_year": 2022, "last_year": 2024, "threshold": 50}
        )
    assert len(response.context["rows"]) == 60


@pytest.mark.parametrize(("language", "heading"), [("fi", "Linkki on vanhentunut"), ("sv", "Länken har gått ut")])
def test_an_expired_registration_link_says_so_in_the_readers_language(client, language, heading):
    ended = timezone.localdate() - datetime.timedelta(days=31)
    event = EventFactory()
    day = EventDayFactory(event=event, starts_at=helsinki(ended.year, ended.month, ended.day, 9))
    registration = RegistrationDayFactory(registration__event=event, day=day).registration
    token = make_token(PRIVATE_LINK, registration)
    with translation.override(language):
        detail = client.get(reverse("meetings:registration_detail", args=[token]))
        cancel = client.post(reverse("meetings:registration_cancel", args=[token]))
    assert detail.status_code == 410
    assert heading in detail.content.decode()
    assert registration.name not in detail.content.decode()
    assert "no-store" in detail["Cache-Control"]
    assert cancel.status_code == 410
    registration.refresh_from_db()
    assert registration.cancelled_at is None
