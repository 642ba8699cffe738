"""Signed private links: each purpose its own salt and lifetime, one error for a link that fails."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from applications.models import PRIVATE_LINK as APPLICATION_LINK
from applications.models import Application
from meetings.models import PRIVATE_LINK as REGISTRATION_LINK
from tervekunta import links
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import EventDayFactory, EventFactory, RegistrationDayFactory, helsinki

pytestmark = pytest.mark.django_db


def _sign_as_if_at(monkeypatch, when: datetime.datetime) -> None:
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(when.timestamp())))


def _registration_of_an_event_ending(day: datetime.date):
    event = EventFactory()
    last = EventDayFactory(event=event, starts_at=helsinki(day.year, day.month, day.day, 9))
    return RegistrationDayFactory(registration__event=event, day=last).registration


def _error(purpose, token) -> links.LinkError:
    with pytest.raises(links.LinkError) as caught:
        links.resolve(purpose, token)
    return caught.value


def _error_with(queryset, token) -> links.LinkError:
    with pytest.raises(links.LinkError) as caught:
        links.resolve(APPLICATION_LINK, token, queryset)
    return caught.value


def test_a_link_opens_the_object_it_was_made_for():
    application = ApplicationFactory()
    assert links.resolve(APPLICATION_LINK, links.make_token(APPLICATION_LINK, application)) == application


def test_a_link_made_for_one_purpose_opens_nothing_of_another():
    registration = _registration_of_an_event_ending(timezone.localdate())
    error = _error(APPLICATION_LINK, links.make_token(REGISTRATION_LINK, registration))
    assert error.expired is False


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "", lambda t: "garbage", lambda t: "a:b:c"])
def test_a_changed_link_is_invalid(mangle):
    token = links.make_token(APPLICATION_LINK, ApplicationFactory())
    assert _error(APPLICATION_LINK, mangle(token)).expired is False


def test_a_fixed_age_link_expires_without_a_query(monkeypatch, django_assert_num_queries):
    application = ApplicationFactory()
    _sign_as_if_at(monkeypatch, timezone.now() - datetime.timedelta(days=29))
    fresh = links.make_token(APPLICATION_LINK, application)
    _sign_as_if_at(monkeypatch, timezone.now() - datetime.timedelta(days=31))
    old = links.make_token(APPLICATION_LINK, application)
    assert links.resolve(APPLICATION_LINK, fresh) == application
    with django_assert_num_queries(0):
        assert _error(APPLICATION_LINK, old).expired is True


def test_a_link_to_a_removed_object_is_invalid():
    application = ApplicationFactory()
    token = links.make_token(APPLICATION_LINK, application)
    Application.objects.filter(pk=application.pk).delete()
    assert _error(APPLICATION_LINK, token).expired is False


def test_the_caller_chooses_the_rows_a_link_may_open():
    application = ApplicationFactory()
    token = links.make_token(APPLICATION_LINK, application)
    assert _error_with(Application.objects.exclude(pk=application.pk), token).expired is False


def test_a_registration_link_works_until_30_days_after_the_last_day():
    today = timezone.localdate()
    in_time = _registration_of_an_event_ending(today - datetime.timedelta(days=30))
    too_late = _registration_of_an_event_ending(today - datetime.timedelta(days=31))
    assert links.resolve(REGISTRATION_LINK, links.make_token(REGISTRATION_LINK, in_time)) == in_time
    assert _error(REGISTRATION_LINK, links.make_token(REGISTRATION_LINK, too_late)).expired is True


def test_a_registration_link_counts_from_the_events_last_day():
    last = datetime.date(2025, 6, 4)
    event = EventFactory()
    EventDayFactory(event=event, starts_at=helsinki(2025, 6, 3, 9))
    final = EventDayFactory(event=event, starts_at=helsinki(last.year, last.month, last.day, 9))
    registration = RegistrationDayFactory(registration__event=event, day=final).registration
    expires = timezone.localtime(registration.link_expires_at())
    assert (expires.date(), expires.time()) == (datetime.date(2025, 7, 5), datetime.time(0, 0))


def test_a_registration_link_of_an_event_without_days_does_not_expire():
    registration = RegistrationDayFactory().registration
    registration.event.days.all().delete()
    assert registration.link_expires_at() is None
    assert links.resolve(REGISTRATION_LINK, links.make_token(REGISTRATION_LINK, registration)) == registration


def test_a_registration_link_signed_without_a_timestamp_still_opens():
    registration = _registration_of_an_event_ending(timezone.localdate())
    unstamped = signing.Signer(salt=REGISTRATION_LINK.salt).sign(str(registration.pk))
    assert links.resolve(REGISTRATION_LINK, unstamped) == registration


def test_a_fixed_age_link_needs_its_timestamp():
    application = ApplicationFactory()
    unstamped = signing.Signer(salt=APPLICATION_LINK.salt).sign(str(application.public_id))
    assert _error(APPLICATION_LINK, unstamped).expired is False


def test_purposes_and_salts_are_declared_once(monkeypatch):
    monkeypatch.setattr(links, "PURPOSES", dict(links.PURPOSES))
    week = datetime.timedelta(days=7)
    with pytest.raises(ImproperlyConfigured):
        links.register("another", model=Application, salt=APPLICATION_LINK.salt, max_age=week)
    with pytest.raises(ImproperlyConfigured):
        links.register(APPLICATION_LINK.name, model=Application, salt="another", max_age=week)
    with pytest.raises(ImproperlyConfigured):
        links.register("another", model=Application, salt="another", max_age=week, accepts_unstamped=True)
    assert links.register("another", model=Application, salt="another", max_age=week) is links.PURPOSES["another"]


def test_the_address_is_in_the_readers_language(settings):
    settings.SITE_URL = "https://tervekunta.example"
    application = ApplicationFactory()
    url = links.absolute_url("applications:status", APPLICATION_LINK, application, language="sv")
    assert url.startswith("https://tervekunta.example/sv/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert links.resolve(APPLICATION_LINK, token) == application
