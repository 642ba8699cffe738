"""The public event pages and the feed (and the hostings on member pages, the events on the
home page) are kept under the events' version: 304 with the same ETag while nothing public
changes, a new ETag and the new content at once after a change of an event, a day or a hosting,
and when a day ends."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.choices import HostingStatus
from tervekunta.http import forget_versions
from tests.factories.meetings import EventDayFactory, HostingFactory, RegistrationDayFactory
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosting(days, member):
    """The network days hosted by `member` (Pori), confirmed."""
    return HostingFactory(year=days[0].days.first().starts_at.year, organisation=member, event=days[0], confirmed=True)


def _paths(event, member) -> list[str]:
    return [
        reverse("meetings:calendar"),
        reverse("meetings:event_detail", args=[event.pk]),
        reverse("meetings:feed"),
        reverse("home"),
        member.get_absolute_url(),
    ]


def _rename_event(event, _open_day, _hosting):
    event.title = "Terve Kunta -päivät, uusi nimi"
    event.save()


def _change_programme(_event, open_day, _hosting):
    open_day.programme = "Uusi ohjelma"
    open_day.save()


def _add_day(event, open_day, _hosting):
    EventDayFactory(event=event, starts_at=open_day.starts_at - datetime.timedelta(days=1))


def _delete_day(_event, open_day, _hosting):
    open_day.delete()


def _add_co_host(_event, _open_day, hosting):
    hosting.co_hosts.add(OrganisationFactory(name_fi="Ulvila"))


def _hosting_held(_event, _open_day, hosting):
    hosting.status = HostingStatus.HELD
    hosting.save()


CHANGES = {
    "event renamed": _rename_event,
    "programme changed": _change_programme,
    "day added": _add_day,
    "day deleted": _delete_day,
    "co-host added": _add_co_host,
    "hosting held": _hosting_held,
}


@pytest.mark.parametrize("change", CHANGES)
def test_304_with_the_same_etag_until_the_events_change(client, days, hosting, member, change):
    event, open_day, _ = days
    etags = {}
    for path in _paths(event, member):
        first = client.get(path)
        assert first.status_code == 200, path
        etags[path] = first["ETag"]
        again = client.get(path, headers={"if-none-match": etags[path]})
        assert again.status_code == 304 and again["ETag"] == etags[path], path

    CHANGES[change](event, open_day, hosting)

    for path, etag in etags.items():
        changed = client.get(path, headers={"if-none-match": etag})
        if changed.status_code == 404:  # the event page once its only open day is gone
            assert change == "day deleted" and path == reverse("meetings:event_detail", args=[event.pk])
            continue
        assert changed.status_code == 200, path
        assert changed["ETag"] != etag, path
        assert client.get(path, headers={"if-none-match": changed["ETag"]}).status_code == 304


def test_kept_pages_show_each_change_at_once(client, days, hosting, member):
    event, open_day, _ = days
    ulvila = MembershipFactory(organisation__name_fi="Ulvila").organisation
    for path in [*_paths(event, member), ulvila.get_absolute_url()]:
        client.get(path)
    assert "Järjestetyt verkostopäivät" not in client.get(ulvila.get_absolute_url()).content.decode()
    _rename_event(event, open_day, hosting)
    _change_programme(event, open_day, hosting)
    hosting.co_hosts.add(ulvila)
    for path in _paths(event, member)[:4]:
        assert "uusi nimi" in client.get(path).content.decode(), path
    assert "Uusi ohjelma" in client.get(reverse("meetings:event_detail", args=[event.pk])).content.decode()
    page = client.get(ulvila.get_absolute_url()).content.decode()
    assert "Järjestetyt verkostopäivät" in page and "Pori" in page


def test_a_registration_changes_only_the_pages_that_count_places(client, days, member):
    event, open_day, _ = days
    counting = [reverse("meetings:event_detail", args=[event.pk]), reverse("meetings:calendar")]
    others = [reverse("meetings:feed"), reverse("home"), member.get_absolute_url()]
    etags = {path: client.get(path)["ETag"] for path in counting + others}
    RegistrationDayFactory(registration__event=event, day=open_day)
    for path in counting:
        assert client.get(path, headers={"if-none-match": etags[path]}).status_code == 200, path
    for path in others:
        assert client.get(path, headers={"if-none-match": etags[path]}).status_code == 304, path


def test_the_event_page_changes_when_the_registration_deadline_passes(client, days):
    event, _open_day, _ = days
    event.registration_deadline = timezone.now() + datetime.timedelta(hours=1)
    event.save()
    path = reverse("meetings:event_detail", args=[event.pk])
    first = client.get(path)
    assert "Ilmoittaudu" in first.content.decode()
    later = timezone.now() + datetime.timedelta(hours=2)
    forget_versions()
    with mock.patch("django.utils.timezone.now", return_value=later):
        page = client.get(path, headers={"if-none-match": first["ETag"]})
    assert page.status_code == 200
    assert "määräaika on päättynyt" in page.content.decode()


def test_the_calendar_drops_an_event_when_its_last_open_day_ends(client, days):
    event, open_day, _ = days
    path = reverse("meetings:calendar")
    before = client.get(path)
    assert event.title in before.content.decode()
    later = open_day.ends_at + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert timezone.now() == later
        forget_versions()  # as a worker does once it has trusted a version long enough
        after = client.get(path, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert event.title not in after.content.decode()


def test_a_kept_page_costs_at_most_the_version_query(client, days, hosting, member, django_assert_max_num_queries):
    event, _open_day, _ = days
    for path in _paths(event, member):
        etag = client.get(path)["ETag"]
        with django_assert_max_num_queries(1):
            assert client.get(path).status_code == 200
        with django_assert_max_num_queries(1):
            assert client.get(path, headers={"if-none-match": etag}).status_code == 304


def test_a_signed_in_coordinator_gets_private_pages(client, days, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("meetings:calendar"))
    assert "private" in response["Cache-Control"] and not response.has_header("ETag")
    feed = client.get(reverse("meetings:feed"))  # the same for everyone
    assert "public" in feed["Cache-Control"] and feed.has_header("ETag")
