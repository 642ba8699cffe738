"""Background tasks of applications, run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task

from applications import services
from tervekunta.jobs import recorded


@task()
def send_application_links(email: str) -> int:
    """Look up the applications made from `email` and queue their links (asked for on a public page)."""
    return services.application_send_links(email=email)


@task()
@recorded("remind_drafts")
def remind_drafts() -> dict:
    """Remind applicants of drafts untouched for two weeks (scheduled daily)."""
    return {"reminded": services.application_remind_drafts()}
