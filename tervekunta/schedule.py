"""The one schedule of the background jobs, in cron notation (minute hour day month weekday) in
TIME_ZONE. `manage.py scheduler` enqueues each job at its time; `manage.py db_worker` runs them.

Every job is idempotent: it records what it has sent on the rows it sent it for, so a run
twice over, or two schedulers by mistake, send nothing twice. Each job but the delivery writes
a JobRun row (admin: Scheduled job runs) with what it did.
"""

from __future__ import annotations

from dataclasses import dataclass

from django_tasks.base import Task

from applications import tasks as applications
from meetings import tasks as meetings
from members import tasks as members
from tervekunta import tasks


@dataclass(frozen=True)
class Entry:
    cron: str
    task: Task
    description: str


SCHEDULE: list[Entry] = [
    # Retries come due at their own times, and a wake-up enqueued at a commit may be lost.
    Entry("* * * * *", tasks.deliver_outbox, "deliver the e-mail that is due"),
    Entry("0 9 * * *", applications.remind_drafts, "remind applicants of drafts untouched for two weeks"),
    Entry("0 8 * * *", meetings.remind_registrants, "remind registrants of the days starting within a week"),
    Entry("30 8 * * *", members.upkeep_reminders, "remind the unanswered in upkeep rounds that ask for it"),
    Entry("15 3 * * *", tasks.prune_task_results, "remove finished background task rows older than a week"),
    Entry("45 2 * * *", tasks.purge_personal_data, "remove the personal data whose retention period has ended"),
]
