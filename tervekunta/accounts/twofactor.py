"""The second factor: everyone who can reach the admin or the coordinator pages signs in with
a password and a one-time code (TOTP from an authenticator app, or a single-use recovery code).

django-otp keeps the devices; these functions are the rules: who needs the factor, how an
authenticator is enrolled (at the first sign-in), and how a code is checked.
"""

from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import user_has_device, verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tervekunta.permissions import is_coordinator

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
# The device `load_demo` makes for the development coordinator: with DEBUG on, its current
# code is shown on the sign-in page. With DEBUG off nothing shows it.
DEMO_DEVICE_NAME = "demo authenticator (development only)"


def needs_second_factor(user: AbstractBaseUser) -> bool:
    """Staff, superusers and coordinators: whoever can reach the admin or the coordinator pages."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser or is_coordinator(user))
    )


def has_authenticator(user: AbstractBaseUser) -> bool:
    return user_has_device(user, confirmed=True)


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def demo_code(user: AbstractBaseUser) -> str | None:
    """The demo coordinator's current code, in development only (DEBUG on)."""
    if not settings.DEBUG:
        return None
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME, confirmed=True).first()
    return current_code(device) if device else None


@transaction.atomic
def authenticator_enrolment_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator being enrolled: a new secret, kept unconfirmed until a code proves it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_enrolment_confirm(*, user: AbstractBaseUser, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the enrolment with a code from the app; returns the device and fresh recovery codes.

    Only a person without a confirmed authenticator enrols: replacing one takes an administrator.
    The code is checked before the atomic block, so a wrong one is counted by the throttle even
    though the enrolment is refused.
    """
    if has_authenticator(user):
        raise ValidationError(_("You already have an authenticator."), code="already_enrolled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR_NAME).first()
    if device is None:
        raise ValidationError(_("Start the enrolment again."), code="no_enrolment")
    if not device.verify_is_allowed()[0]:
        raise ValidationError(_("Too many wrong codes. Wait a minute and try again."), code="throttled")
    if verify_token(user, device.persistent_id, _normalise(code)) is None:
        raise ValidationError(_("The code is not right. Type the six digits the app shows now."), code="wrong_code")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_replace(user=user)
    logger.info("Second factor: authenticator enrolled for account %r", user.get_username())
    return device, codes


@transaction.atomic
def recovery_codes_replace(*, user: AbstractBaseUser) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, user: AbstractBaseUser, code: str) -> Device:
    """The device that accepts `code`: the authenticator for six digits, else a recovery code (used up)."""
    code = _normalise(code)
    if code.isdigit() and len(code) == 6:
        candidates = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        candidates = StaticDevice.objects.devices_for_user(user, confirmed=True)
    throttled = False
    for device in candidates:
        if not device.verify_is_allowed()[0]:
            throttled = True
            continue
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            if isinstance(verified, StaticDevice):
                left = verified.token_set.count()
                logger.warning("Second factor: recovery code used by account %r, %d left", user.get_username(), left)
            return verified
    if throttled:
        raise ValidationError(_("Too many wrong codes. Wait a minute and try again."), code="throttled")
    logger.info("Second factor: wrong code for account %r", user.get_username())
    raise ValidationError(_("The code is not right."), code="wrong_code")


def _normalise(code: str) -> str:
    return "".join(str(code).split()).lower()
