"""Every coordinator page, whichever app serves it, shows the one coordinator navigation with
its own section marked as the current page."""

from __future__ import annotations

import pytest
from django.test.html import Element, parse_html
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.models import Announcement
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import RegistrationDayFactory, RegistrationFactory, network_days
from tests.factories.members import MembershipFactory, PersonFactory
from workspace.navigation import SECTIONS

pytestmark = pytest.mark.django_db

# Each coordinator URL and the section it belongs to; None for what is not a page (downloads
# and POST-only actions). A new coordinator URL without an entry fails the test.
PAGES: dict[str, str | None] = {
    "workspace:dashboard": "overview",
    "workspace:member_list": "members",
    "workspace:member_detail": "members",
    "workspace:member_print": None,  # the print view is the member's page without any navigation
    "workspace:member_export": None,
    "workspace:contact_export": None,
    "workspace:upkeep": "upkeep",
    "workspace:upkeep_remind": None,
    "workspace:upkeep_close": None,
    "workspace:upkeep_unanswered_export": None,
    "workspace:upkeep_review": "upkeep",
    "workspace:announcements": "announcements",
    "workspace:announcement_detail": "announcements",
    "workspace:person_list": "people",
    "workspace:person_duplicates": "people",
    "workspace:person_data": "people",
    "workspace:person_erase": "people",
    "workspace:person_export_page": None,  # the printable export, without any navigation
    "workspace:person_export": None,
    "applications:coordinator_list": "applications",
    "applications:coordinator_review": "applications",
    "applications:coordinator_action": "applications",
    "applications:coordinator_document": None,
    "applications:coordinator_decision_letter": None,
    "applications:coordinator_memo": None,
    "meetings:coordinator_events": "events",
    "meetings:attendance": "events",
    "meetings:membership_confirmations": "events",
    "meetings:participation": "participation",
    "meetings:participation_export": None,
    "meetings:hosting_plan": "hosting_plan",
}


def _coordinator_url_names(resolvers=None, namespace=None, route=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _coordinator_url_names(entry.url_patterns, inner, route + str(entry.pattern))
        elif isinstance(entry, URLPattern) and "coordinator/" in route + str(entry.pattern):
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def _descendants(element: Element):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from _descendants(child)


def _attribute(element: Element, name: str) -> str | None:
    return dict(element.attributes).get(name)


def _coordinator_navs(html: str) -> list[Element]:
    return [
        e
        for e in _descendants(parse_html(html))
        if e.name == "nav" and "coordinator-nav" in (_attribute(e, "class") or "").split()
    ]


@pytest.fixture
def kwargs(coordinator):
    """URL parameters pointing at one real object of each kind."""
    event, open_day, _members_day = network_days()
    RegistrationDayFactory(registration=RegistrationFactory(event=event), day=open_day)
    application = ApplicationFactory(submitted=True)
    announcement = Announcement.objects.create(subject="Tiedote", body="Viesti", created_by=coordinator)
    return {
        "workspace:announcement_detail": {"pk": announcement.pk},
        "workspace:person_data": {"pk": PersonFactory().pk},
        "workspace:person_erase": {"pk": PersonFactory().pk},
        "workspace:member_detail": {"pk": MembershipFactory().organisation_id},
        "applications:coordinator_review": {"pk": application.pk},
        "applications:coordinator_action": {"pk": application.pk, "action": "request_info"},
        "meetings:attendance": {"pk": event.pk},
        "meetings:membership_confirmations": {"pk": event.pk},
    }


def test_every_coordinator_url_has_an_entry():
    assert sorted(_coordinator_url_names()) == sorted(PAGES)


def test_every_section_has_its_page():
    for section in SECTIONS:
        assert PAGES[section.url_name] == section.key


@pytest.mark.parametrize("name", [name for name, section in PAGES.items() if section], ids=str)
def test_the_page_shows_the_navigation_with_its_section_current(coordinator_client, kwargs, name):
    response = coordinator_client.get(reverse(name, kwargs=kwargs.get(name, {})))
    assert response.status_code == 200
    navs = _coordinator_navs(response.content.decode())
    assert len(navs) == 1, "one coordinator navigation, and only one"
    nav = navs[0]
    assert _attribute(nav, "aria-label") == "Koordinaattorin sivut"
    links = [e for e in _descendants(nav) if e.name == "a"]
    assert [_attribute(a, "href") for a in links] == [reverse(s.url_name) for s in SECTIONS] + [reverse("admin:index")]
    current = [a for a in links if _attribute(a, "aria-current") is not None]
    assert len(current) == 1
    assert _attribute(current[0], "aria-current") == "page"
    section = next(s for s in SECTIONS if s.key == PAGES[name])
    assert _attribute(current[0], "href") == reverse(section.url_name)
