"""A second factor for everyone who can reach the admin or the coordinator pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tervekunta.accounts.twofactor import DEMO_DEVICE_NAME
from tests.outbox import deliver_outbox
from tests.twofactor import authenticator_for, code_now

pytestmark = pytest.mark.django_db

PROTECTED = ["/admin/", "/admin/members/organisation/", "/fi/coordinator/", "/fi/coordinator/applications/"]


def _password_login(client, username="coordinator", password="pass-for-tests", next_url="/fi/coordinator/"):
    response = client.post(
        f"{reverse('admin:login')}?next={next_url}", {"username": username, "password": password, "next": next_url}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _code(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += offset_steps * device.step
    return f"{totp.token():06d}"


@pytest.mark.parametrize("path", PROTECTED)
def test_a_staff_user_without_a_device_is_sent_to_enrol_and_cannot_reach_the_pages(client, coordinator, path):
    _password_login(client)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/account/enrol/?next=")
    assert client.get(path, follow=True).request["PATH_INFO"] == "/fi/account/enrol/"


def test_the_password_login_leads_to_enrolment_with_the_page_asked_for(client, coordinator):
    response = _password_login(client)
    page = client.get(response["Location"], follow=True)
    assert page.request["PATH_INFO"] == "/fi/account/enrol/"
    body = page.content.decode()
    assert 'src="data:image/svg+xml' in body  # the QR code, drawn here without any network
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    secret = re.search(r'<code class="fs-5" id="secret">([A-Z2-7 ]+)</code>', body).group(1)
    import base64

    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key
    assert 'name="next" value="/fi/coordinator/"' in body


def test_enrolment_with_a_wrong_code_is_refused_and_a_right_one_shows_recovery_codes_once(client, coordinator):
    _password_login(client)
    client.get(reverse("account:enrol"))
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = client.post(reverse("account:enrol"), {"code": _code(device, offset_steps=10), "next": "/fi/coordinator/"})
    assert wrong.status_code == 200
    assert "Koodi ei ole oikein" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # the wrong code started the throttle; a minute later it has passed

    right = client.post(reverse("account:enrol"), {"code": _code(device), "next": "/fi/coordinator/"})
    assert right.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", right.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/fi/coordinator/").status_code == 200
    assert client.get("/admin/").status_code == 200
    # Never again: the enrolment page now sends to the pages, it has nothing more to show.
    assert client.get(reverse("account:enrol")).status_code == 302


def test_sign_in_with_a_device_wrong_code_refused_right_code_let_in(client, coordinator):
    device = authenticator_for(coordinator)
    _password_login(client)
    assert client.get("/fi/coordinator/")["Location"].startswith("/fi/account/verify/")
    url = f"{reverse('account:verify')}?next=/fi/coordinator/"

    wrong = client.post(url, {"code": _code(device, offset_steps=-20)})
    assert wrong.status_code == 200 and "Koodi ei ole oikein" in wrong.content.decode()
    assert client.get("/fi/coordinator/").status_code == 302
    # At once after a wrong code even the right one waits: guessing is throttled.
    throttled = client.post(url, {"code": code_now(device)})
    assert "Liian monta väärää koodia" in throttled.content.decode()

    device.throttle_reset()
    session_before = client.session.session_key
    right = client.post(url, {"code": code_now(device)})
    assert right.status_code == 302 and right["Location"] == "/fi/coordinator/"
    assert client.session.session_key != session_before
    assert client.get("/fi/coordinator/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_code_works_once(client, coordinator):
    device = authenticator_for(coordinator)
    code = code_now(device)
    _password_login(client)
    assert client.post(reverse("account:verify"), {"code": code}).status_code == 302
    client.logout()
    _password_login(client)
    again = client.post(reverse("account:verify"), {"code": code})
    assert again.status_code == 200  # replaying the code just used is refused


def test_a_recovery_code_works_once(client, coordinator):
    from tervekunta.accounts.twofactor import recovery_codes_replace

    authenticator_for(coordinator)
    codes = recovery_codes_replace(user=coordinator)
    _password_login(client)
    response = client.post(reverse("account:verify"), {"code": codes[0].upper(), "next": "/fi/coordinator/"})
    assert response.status_code == 302
    assert client.get("/fi/coordinator/").status_code == 200
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9

    client.logout()
    _password_login(client)
    reused = client.post(reverse("account:verify"), {"code": codes[0]})
    assert reused.status_code == 200 and "Koodi ei ole oikein" in reused.content.decode()
    assert client.get("/fi/coordinator/").status_code == 302


def test_the_admin_login_page_keeps_next_for_a_half_signed_in_user(client, coordinator):
    authenticator_for(coordinator)
    _password_login(client)
    response = client.get(f"{reverse('admin:login')}?next=/fi/coordinator/applications/")
    assert response.status_code == 302
    assert response["Location"] == "/fi/account/verify/?next=%2Ffi%2Fcoordinator%2Fapplications%2F"


def test_people_who_cannot_reach_the_protected_pages_need_no_second_factor(client, django_user_model):
    from tervekunta.accounts.twofactor import needs_second_factor

    user = django_user_model.objects.create_user("reader", password="pw-for-tests-1")
    assert not needs_second_factor(user)
    client.force_login(user)
    assert client.get("/fi/").status_code == 200


def test_the_demo_code_is_shown_only_with_debug_on(client, coordinator, settings):
    device = TOTPDevice.objects.create(user=coordinator, name=DEMO_DEVICE_NAME, confirmed=True)
    _password_login(client)
    settings.DEBUG = True
    shown = client.get(reverse("account:verify")).content.decode()
    assert re.search(r"<strong>(\d{6})</strong>", shown).group(1) == code_now(device)
    settings.DEBUG = False
    hidden = client.get(reverse("account:verify")).content.decode()
    assert code_now(device) not in hidden and "<strong>" not in hidden


def test_the_footer_has_a_staff_sign_in_link(client):
    body = client.get("/sv/").content.decode()
    assert '<a href="/admin/login/?next=/sv/coordinator/">Inloggning för personalen</a>' in body


def test_staff_reset_their_password_by_e_mail(client, coordinator, settings):
    settings.SITE_URL = "https://tervekunta.example.fi"
    login = client.get(reverse("admin:login")).content.decode()
    assert reverse("admin_password_reset") in login
    client.post(reverse("admin_password_reset"), {"email": "COORDINATOR@thl.example"})
    client.post(reverse("admin_password_reset"), {"email": "nobody@example.org"})
    assert len(deliver_outbox()) == 1 and deliver_outbox()[0].to == ["coordinator@thl.example"]
    link = re.search(r"https://tervekunta\.example\.fi(/fi/account/reset/\S+/)", deliver_outbox()[0].body).group(1)
    form = client.get(link, follow=True)
    assert "new_password1" in form.content.decode()
    done = client.post(
        form.request["PATH_INFO"], {"new_password1": "Uusi-salasana-2026", "new_password2": "Uusi-salasana-2026"}
    )
    assert done.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("Uusi-salasana-2026")
    # A new password opens only the first step.
    _password_login(client, password="Uusi-salasana-2026")
    assert client.get("/fi/coordinator/").status_code == 302


def test_no_reset_mail_for_an_account_without_staff_rights(client, django_user_model):
    django_user_model.objects.create_user("reader", email="reader@example.org", password="pw-for-tests-1")
    client.post(reverse("admin_password_reset"), {"email": "reader@example.org"})
    assert deliver_outbox() == []


def test_administrators_can_remove_a_device_but_never_see_its_key(admin_client, coordinator):
    device = authenticator_for(coordinator)
    page = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    delete = admin_client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert delete.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
