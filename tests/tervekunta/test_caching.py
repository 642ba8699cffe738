"""The caching helpers of the public pages (tervekunta/http.py): the statements, the
application form with its CSRF token, how long a worker trusts a version it read, and the
code's revision in every ETag."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import Client, RequestFactory

from members.models import Municipality, Organisation
from members.network import load_network
from tervekunta import http
from tervekunta.models import ContentVersion
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
APPLY = "/fi/applications/apply/"


@pytest.fixture
def network(register):
    load_network()


def _outside_the_network() -> Municipality:
    """A municipality with no organisation in the network data: free to join."""
    taken = Organisation.objects.filter(municipality__isnull=False).values("municipality")
    return Municipality.objects.exclude(pk__in=taken).order_by("code").first()


def _kept(prefix: str) -> list:
    """What the (local memory) cache holds under keys that start with `prefix`."""
    keys = [key.split(":", 2)[2] for key in cache._cache if f":{prefix}:" in key]  # ":<version>:<key>"
    return [cache.get(key) for key in keys]


@pytest.mark.parametrize("path", ["/fi/privacy/", "/sv/accessibility/"])
def test_a_statement_is_kept_and_answers_304(client, path, django_assert_num_queries):
    first = client.get(path)
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(0):  # it depends on nothing in the database
        assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304
        assert client.get(path).content == first.content
    assert len(_kept("page")) == 1


def test_the_application_form_answers_304_only_to_the_same_csrf_cookie(client, network):
    first = client.get(APPLY)
    assert first.status_code == 200
    assert "private" in first["Cache-Control"] and "public" not in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    etag = first["ETag"]  # the page gave the reader a CSRF cookie, which the ETag names
    again = client.get(APPLY, headers={"if-none-match": etag})
    assert again.status_code == 304 and again["ETag"] == etag

    other = Client()
    answer = other.get(APPLY, headers={"if-none-match": etag})
    assert answer.status_code == 200  # another reader, another token
    assert answer["ETag"] != etag

    MembershipFactory(organisation=OrganisationFactory(municipal=True, municipality=_outside_the_network()))
    changed = client.get(APPLY, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_application_form_is_kept_without_any_token(client, network):
    pages = [Client().get(APPLY).content.decode() for _ in range(2)]
    tokens = [TOKEN.findall(page) for page in pages]
    assert all(len(found) == 1 for found in tokens)  # one token per page, in the page's own form
    assert tokens[0] != tokens[1]
    (kept,) = _kept("form-page")
    assert http.TOKEN_PLACEHOLDER in kept
    assert not any(token in kept for found in tokens for token in found)
    assert pages[0].replace(tokens[0][0], "") == pages[1].replace(tokens[1][0], "")


def test_the_token_of_a_kept_form_is_accepted(network):
    browser = Client(enforce_csrf_checks=True)
    Client().get(APPLY)  # someone else's visit fills the cache
    token = TOKEN.search(browser.get(APPLY).content.decode()).group(1)
    response = browser.post(APPLY, {"csrfmiddlewaretoken": token, "action": "save"})
    assert response.status_code == 200  # the form with its errors, not a CSRF refusal
    assert browser.post(APPLY, {"csrfmiddlewaretoken": "x" * 64, "action": "save"}).status_code == 403


def test_the_application_form_shows_a_register_change_at_once(client, network):
    joining = _outside_the_network()
    choice = f'value="municipality:{joining.pk}"'
    assert choice in client.get(APPLY).content.decode()
    MembershipFactory(organisation=OrganisationFactory(municipal=True, municipality=joining))
    assert choice not in client.get(APPLY).content.decode()


def test_the_application_form_holds_its_query_budget(client, network, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # the version, the members and the two lists to choose from
        assert client.get(APPLY).status_code == 200
    with django_assert_max_num_queries(1):
        assert Client().get(APPLY).status_code == 200


def test_a_signed_in_reader_gets_the_form_rendered_for_them(client, network, coordinator):
    client.force_login(coordinator)
    response = client.get(APPLY)
    assert "private" in response["Cache-Control"] and not response.has_header("ETag")
    assert not _kept("form-page")


def test_a_page_that_shows_a_token_after_all_is_neither_kept_nor_shared(db):
    @http.versioned_page()
    def view(request):
        return HttpResponse(Template("{% csrf_token %}").render(Context({"csrf_token": get_token(request)})))

    response = view(RequestFactory().get("/fi/"))
    assert "private" in response["Cache-Control"] and not response.has_header("ETag")
    assert not _kept("page")


def test_a_worker_trusts_a_version_for_its_maximum_age(settings, monkeypatch, network):
    settings.CONTENT_VERSION_MAX_AGE = 1.0
    clock = [1000.0]
    monkeypatch.setattr(http.time, "monotonic", lambda: clock[0])
    version = http.content_version("register")
    # Another worker's change: this one hears no signal of it, only the database knows.
    ContentVersion.objects.filter(source="register").update(number=F("number") + 1)
    clock[0] += 0.9
    assert http.content_version("register") == version
    clock[0] += 0.2
    newer = http.content_version("register")
    assert newer != version
    # A change made through this worker shows at once.
    MembershipFactory()
    assert http.content_version("register") != newer


def test_with_no_maximum_age_every_request_reads_the_version(settings, client, network, django_assert_num_queries):
    settings.CONTENT_VERSION_MAX_AGE = 0
    client.get("/fi/members/")
    with django_assert_num_queries(1):
        client.get("/fi/members/")


def test_the_code_revision_changes_with_a_template(settings, tmp_path):
    template = tmp_path / "page.html"
    template.write_text("<p>yksi</p>")
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path]
    http.code_revision.cache_clear()
    try:
        before = http.code_revision()
        template.write_text("<p>kaksi</p>")
        http.code_revision.cache_clear()
        assert http.code_revision() != before
    finally:
        http.code_revision.cache_clear()
