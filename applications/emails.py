"""Messages to applicants, each in the applicant's language, and notices to coordinators.

Each is queued in the outbox in the caller's transaction (tervekunta.mail): it leaves only if
the change it reports is kept, and the background worker sends it.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from post_office.models import Email

from applications.models import PRIVATE_LINK, Application
from tervekunta import links
from tervekunta.mail import queue_mail


def private_url(application: Application, name: str = "applications:status", language: str | None = None) -> str:
    """Absolute address of a private page, in the applicant's language unless another is given."""
    return links.absolute_url(name, PRIVATE_LINK, application, language=language or application.language)


def _context(application: Application, context: dict) -> dict:
    with translation.override(application.language):
        renew_url = f"{settings.SITE_URL}{reverse('applications:renew')}"
    return {"application": application, "status_url": private_url(application), "renew_url": renew_url, **context}


def queue(application: Application, template: str, attachments: dict | None = None, **context) -> Email:
    """Queue `applications/email/<template>` to the applicant, in the applicant's language."""
    return queue_mail(
        to=application.applicant_email,
        template=f"applications/email/{template}",
        language=application.language,
        context=_context(application, context),
        attachments=attachments,
    )


def notify_coordinators(application: Application, *, answered: bool = False) -> Email | None:
    """Tell the coordinators, in the site's default language, that an application awaits them."""
    from django.contrib.auth import get_user_model

    from tervekunta.permissions import COORDINATOR_GROUP

    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATOR_GROUP)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("applications:coordinator_review", kwargs={"pk": application.pk})
    return queue_mail(
        to=recipients,
        template="applications/email/coordinator_notice",
        language=settings.LANGUAGE_CODE,
        context={"application": application, "answered": answered, "review_url": f"{settings.SITE_URL}{path}"},
    )
