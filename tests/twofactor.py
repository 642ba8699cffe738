"""Signing test clients in past the second factor, the way a person's session ends up after it."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tervekunta.accounts.twofactor import AUTHENTICATOR_NAME, current_code


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    return device


def pass_second_factor(client, user) -> TOTPDevice:
    """Mark the client's session as verified by the user's authenticator (as django_otp.login does)."""
    device = authenticator_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def sign_in(client, user) -> None:
    """force_login and the second factor: the state after a full staff sign-in."""
    client.force_login(user)
    pass_second_factor(client, user)


def code_now(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows at this moment."""
    device.refresh_from_db()
    return current_code(device)


def enter_code_in_browser(page, device: TOTPDevice) -> None:
    """On the sign-in code page (Finnish), type the authenticator's current code and go on."""
    page.get_by_role("heading", name="Kirjautumiskoodi").wait_for()
    page.get_by_label("Koodi").fill(code_now(device))
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
