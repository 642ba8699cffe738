"""Background tasks of the project package, run by `manage.py db_worker`."""

from __future__ import annotations

import datetime
from dataclasses import asdict

from django.utils import timezone
from django_tasks import task

from tervekunta import outbox, retention
from tervekunta.jobs import recorded

# Finished task rows older than this are removed; the delivery task alone adds one a minute.
TASK_RESULTS_KEPT = datetime.timedelta(days=7)


@task()
def deliver_outbox() -> dict:
    """Send the messages that are due. Enqueued after every commit that queues mail, and every minute."""
    report = outbox.deliver()
    if report.attempted >= outbox.DELIVERY_BATCH and outbox.due(timezone.now()).exists():
        deliver_outbox.enqueue()  # more to send: another run, so other tasks are not held up meanwhile
    return asdict(report)


@task()
@recorded("prune_task_results")
def prune_task_results() -> dict:
    """Remove finished background task rows older than a week."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - TASK_RESULTS_KEPT
    removed, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return {"removed": removed}


RETENTION_JOB = "purge_personal_data"


@task()
@recorded(RETENTION_JOB)
def purge_personal_data() -> dict:
    """Remove the personal data whose retention period has ended (tervekunta.retention)."""
    return retention.purge(timezone.now())
