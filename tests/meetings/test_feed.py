"""The iCalendar feed, read back with icalendar's parser and checked line by line (RFC 5545)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.choices import EventKind
from tests.factories.meetings import EventDayFactory, EventFactory, helsinki, network_days, next_year

pytestmark = pytest.mark.django_db


def _unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: a line starting with a space or tab continues the previous one."""
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")


@pytest.fixture
def feed_data():
    year = next_year()
    _event, open_day, members_day = network_days(year=year, remote_url="https://meet.example/secret-days")
    members_day.programme = "Jäsenten oma ohjelma"
    members_day.save()
    winter = EventFactory(title="Talviseminaari", remote_url="https://meet.example/secret-winter")
    winter_day = EventDayFactory(event=winter, starts_at=helsinki(year, 1, 15, 13), ends_at=helsinki(year, 1, 15, 16))
    meeting = EventFactory(kind=EventKind.NETWORK_MEETING, title="Verkostokokous")
    EventDayFactory(event=meeting, members_only=True)
    hidden = EventFactory(title="Luonnos", published=False)
    EventDayFactory(event=hidden)
    return {"open_day": open_day, "members_day": members_day, "winter_day": winter_day, "year": year}


def test_feed_holds_open_days_with_helsinki_times(client, feed_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("meetings:feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    calendar = Calendar.from_ical(response.content)
    events = {e["UID"]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"eventday-{feed_data['open_day'].pk}@tervekunta",
        f"eventday-{feed_data['winter_day'].pk}@tervekunta",
    }
    winter = events[f"eventday-{feed_data['winter_day'].pk}@tervekunta"]
    start = winter.decoded("DTSTART")
    assert start == helsinki(feed_data["year"], 1, 15, 13)
    assert str(start.tzinfo) == "Europe/Helsinki"
    assert start.utcoffset() == datetime.timedelta(hours=2)  # winter: EET
    summer = events[f"eventday-{feed_data['open_day'].pk}@tervekunta"]
    assert summer.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=3)  # summer: EEST
    lines = _unfold(text)
    year = feed_data["year"]
    assert f"DTSTART;TZID=Europe/Helsinki:{year}0115T130000" in lines
    assert f"DTEND;TZID=Europe/Helsinki:{year}0115T160000" in lines
    assert f"DTSTART;TZID=Europe/Helsinki:{year}0603T090000" in lines
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "BEGIN:VTIMEZONE" in lines
    assert "TZID:Europe/Helsinki" in lines
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_feed_never_holds_members_only_days_remote_links_or_drafts(client, feed_data):
    text = client.get(reverse("meetings:feed")).content.decode()
    unfolded = "\n".join(_unfold(text))
    assert "secret" not in unfolded
    assert "meet.example" not in unfolded
    assert "Jäsenten oma ohjelma" not in unfolded
    assert "Verkostokokous" not in unfolded
    assert "Luonnos" not in unfolded
    assert f"eventday-{feed_data['members_day'].pk}@" not in unfolded


def test_calendar_page_advertises_the_feed(client, feed_data):
    response = client.get(reverse("meetings:calendar"))
    assert '<link rel="alternate" type="text/calendar" title' in response.content.decode()
    assert reverse("meetings:feed") in response.content.decode()
