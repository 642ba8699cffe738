from __future__ import annotations

import base64

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.db import coordinator_group
from tests.twofactor import code_now

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
    # The first sign-in enrols the authenticator: the key is on the page as text too.
    page.get_by_role("heading", name="Kirjautumiskoodin käyttöönotto").wait_for()
    axe_check(page, "enrolment")
    secret = page.locator("#secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(secret) == device.bin_key
    page.get_by_label("Koodi").fill(code_now(device))
    page.get_by_role("button", name="Vahvista").click()
    page.get_by_role("heading", name="Varakoodisi").wait_for()
    axe_check(page, "recovery codes")
    assert page.get_by_role("list", name="Varakoodit").get_by_role("listitem").count() == 10
    page.get_by_role("link", name="Olen tallentanut koodit, jatka").click()
    page.get_by_role("link", name="Organisaatiot").first.click()
    page.get_by_role("link", name="Virrat").click()
    assert page.locator("#id_name_fi").input_value() == "Virrat"
