"""A NUL or another invalid character in the address gets 400, never 500; HEAD on the API
answers like GET without a body."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.db import coordinator_group
from tests.factories.members import PersonFactory
from tests.twofactor import sign_in

pytestmark = pytest.mark.django_db

BAD_QUERIES = ["q=%00", "q=a%00b", "q=%01", "q=%ED%A0%80", "q=%FF%FE", "q=%C3", "on=2024-01-01%00"]


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("path", ["/fi/members/", "/api/members.json", "/fi/events/", "/fi/"])
def test_invalid_characters_in_a_query_parameter_get_400(client, path, query):
    response = client.get(f"{path}?{query}", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_the_coordinator_people_search_answers_400_not_500(client, django_user_model, query):
    PersonFactory(last_name="Virtanen")
    user = django_user_model.objects.create_user("coord", password="x-password-1", is_staff=True)
    user.groups.add(coordinator_group())
    sign_in(client, user)
    assert client.get(f"{reverse('workspace:person_list')}?{query}").status_code == 400
    assert client.get(reverse("workspace:person_list"), {"q": "Virtanen"}).status_code == 200


def test_the_refusal_page_is_in_the_readers_language(client):
    body = client.get("/sv/members/?q=%00").content.decode()
    assert "Adressen innehåller ogiltiga tecken" in body


def test_invalid_characters_in_the_path_get_400(client):
    assert client.get("/fi/members/a%00b/").status_code == 400


@pytest.mark.parametrize("query", ["q=Hämeenlinna", "q=%C3%A4%C3%B6", "q=a+b", "q=tab%09", "q=%E2%80%AE"])
def test_ordinary_and_unusual_but_valid_text_passes(client, query):
    assert client.get(f"/fi/members/?{query}").status_code == 200


@pytest.mark.parametrize("name", ["api_json", "api_csv"])
def test_head_on_the_api_answers_like_get(client, name):
    get = client.get(reverse(name))
    head = client.head(reverse(name))
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


def test_a_percent_sign_in_a_path_is_not_mistaken_for_an_encoding(client):
    assert client.get("/fi/members/100%25C3/").status_code == 404
