"""The retention page and the privacy notice: accessible and readable on a phone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_workspace import _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_the_retention_page_and_the_privacy_notice_fit_a_phone(live_server, page, axe_check, django_user_model):
    call_command("purge_personal_data", stdout=io.StringIO())
    _log_in(page, live_server, django_user_model)
    paths = [reverse("workspace:retention"), "/fi/privacy/", "/sv/privacy/", "/en/privacy/"]
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert page.locator("h1").count() == 1, path
            assert not _scrolls_sideways(page), f"{path} at {viewport['width']} px"
            axe_check(page, f"{path} at {viewport['width']} px")
    page.goto(f"{live_server.url}{reverse('workspace:retention')}")
    assert page.get_by_role("cell", name="12 kuukautta tapahtuman viimeisen päivän jälkeen").count() == 2
