"""The applicant's private link: signed, unguessable, expiring, renewable by e-mail."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from applications.models import Application

SALT = "applications.private-link"
LINK_VALID_FOR = datetime.timedelta(days=30)


class LinkError(Exception):
    """The link is tampered with, expired or points at nothing."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_token(application: Application) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(application.public_id))


def application_for_token(token: str) -> Application:
    signer = signing.TimestampSigner(salt=SALT)
    try:
        public_id = signer.unsign(token, max_age=LINK_VALID_FOR)
    except signing.SignatureExpired as error:
        raise LinkError(expired=True) from error
    except signing.BadSignature as error:
        raise LinkError() from error
    application = (
        Application.objects.select_related("municipality", "welfare_region", "organisation")
        .filter(public_id=public_id)
        .first()
    )
    if application is None:
        raise LinkError()
    return application


def private_url(application: Application, name: str = "applications:status", language: str | None = None) -> str:
    """Absolute address of a private page, in the applicant's language, for e-mails."""
    with translation.override(language or application.language):
        path = reverse(name, kwargs={"token": make_token(application)})
    return f"{settings.SITE_URL}{path}"
