"""Background tasks of events, run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task

from meetings import services
from tervekunta.jobs import recorded


@task()
def send_registration_links(email: str) -> int:
    """Look up the registrations of `email` and queue their links (asked for on a public page)."""
    return services.registration_send_links(email=email)


@task()
@recorded("remind_registrants")
def remind_registrants() -> dict:
    """Remind registrants of the days starting within a week (scheduled daily)."""
    return {"reminded": services.registration_remind_upcoming()}
