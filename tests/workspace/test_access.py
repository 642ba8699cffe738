"""Every coordinator page of the project refuses a logged-in user outside the Coordinators group."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Values for the URL parameters: the refusal comes before any lookup, so they need not exist.
SAMPLE = {"pk": 999, "action": "request_info", "fmt": "csv", "token": "x:y", "slug": "x"}


def _coordinator_patterns(resolvers=None, namespace=None, route=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _coordinator_patterns(entry.url_patterns, inner, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            full = route + str(entry.pattern)
            # A private link (a signed token) is the contact person's page, not a coordinator's.
            if "coordinator/" in full and entry.name and "token" not in entry.pattern.converters:
                yield f"{namespace}:{entry.name}" if namespace else entry.name, list(entry.pattern.converters)


def _urls() -> list[str]:
    return [reverse(name, kwargs={k: SAMPLE[k] for k in params}) for name, params in _coordinator_patterns()]


def test_the_coordinator_pages_are_found():
    urls = _urls()
    names = {name for name, _params in _coordinator_patterns()}
    assert {"workspace:dashboard", "applications:coordinator_list", "meetings:coordinator_events"} <= names
    assert len(urls) >= 10


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_the_group_gets_403_everywhere(client, django_user_model, method):
    staff = django_user_model.objects.create_user("staff", password="x-password-1", is_staff=True)
    client.force_login(staff)
    wrong = {}
    for url in _urls():
        status = getattr(client, method)(url).status_code
        if status != 403:
            wrong[url] = status
    assert wrong == {}


def test_anonymous_is_sent_to_log_in(client):
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url


def test_a_coordinator_gets_in(coordinator_client):
    for name in ("workspace:dashboard", "workspace:member_list"):
        response = coordinator_client.get(reverse(name))
        assert response.status_code == 200
        assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}
