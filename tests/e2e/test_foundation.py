from __future__ import annotations

import pytest

from tests.db import coordinator_group

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_logs_in_to_the_admin_and_finds_the_register(
    live_server, page, axe_check, django_user_model, register
):
    from members.network import load_network

    load_network()
    user = django_user_model.objects.create_user(username="koordinaattori", password="demo-pass-123", is_staff=True)
    user.groups.add(coordinator_group())

    page.goto(f"{live_server.url}/fi/")
    assert page.locator("html").get_attribute("lang") == "fi"
    axe_check(page)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("demo-pass-123")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("link", name="Organisaatiot").first.click()
    page.get_by_role("link", name="Virrat").click()
    assert page.locator("#id_name_fi").input_value() == "Virrat"
