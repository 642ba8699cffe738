"""Messages to applicants, each in the applicant's language, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from applications.models import PRIVATE_LINK, Application
from tervekunta import links


def _render(application: Application, template: str, context: dict) -> tuple[str, str]:
    with translation.override(application.language):
        context = {
            "application": application,
            "status_url": links.absolute_url(
                "applications:status", PRIVATE_LINK, application, language=application.language
            ),
            "renew_url": f"{settings.SITE_URL}{_renew_path()}",
            **context,
        }
        subject = render_to_string(f"applications/email/{template}_subject.txt", context)
        body = render_to_string(f"applications/email/{template}.txt", context)
    return " ".join(subject.split()), body


def _renew_path() -> str:
    from django.urls import reverse

    return reverse("applications:renew")


def send_now(application: Application, template: str, **context) -> None:
    subject, body = _render(application, template, context)
    send_mail(subject, body, None, [application.applicant_email])


def send_on_commit(application: Application, template: str, **context) -> None:
    # Render now, while the data is the one just written; send only if it is kept.
    subject, body = _render(application, template, context)
    recipient = application.applicant_email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))


def notify_coordinators_on_commit(application: Application, *, answered: bool = False) -> None:
    """Tell the coordinators, in the site's default language, that an application awaits them."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tervekunta.permissions import COORDINATOR_GROUP

    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATOR_GROUP)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("applications:coordinator_review", kwargs={"pk": application.pk})
        context = {"application": application, "answered": answered, "review_url": f"{settings.SITE_URL}{path}"}
        subject = render_to_string("applications/email/coordinator_notice_subject.txt", context)
        body = render_to_string("applications/email/coordinator_notice.txt", context)
    subject = " ".join(subject.split())
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
