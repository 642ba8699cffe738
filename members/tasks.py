"""Background tasks of the members' workspace, run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task

from members import upkeep
from tervekunta.jobs import recorded


@task()
@recorded("upkeep_reminders")
def upkeep_reminders() -> dict:
    """Remind those who have not answered an upkeep round that asks for automatic reminders (daily)."""
    return {"reminded": upkeep.upkeep_remind_due()}
