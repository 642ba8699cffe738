"""The coordinator's view of the retention schedule: the last run of the daily job and what
will go in the coming days (counts only, never the records)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise

from tervekunta import retention
from tervekunta.models import JobRun
from tervekunta.tasks import RETENTION_JOB

AHEAD = datetime.timedelta(days=30)


@dataclass
class Kind:
    rule: retention.Rule
    last_run: int | None
    due_now: int
    due_soon: int

    @property
    def title(self) -> str | Promise:
        return self.rule.title


@dataclass
class Overview:
    last_run: JobRun | None
    kinds: list[Kind]


def overview(now: datetime.datetime) -> Overview:
    """Per rule: what the last run removed, what is due now and what will be due within 30 days."""
    last_run = JobRun.objects.filter(job=RETENTION_JOB).first()
    summary = last_run.summary if last_run is not None and last_run.succeeded else {}
    kinds = [
        Kind(rule=rule, last_run=summary.get(rule.key), due_now=rule.count(now), due_soon=rule.count(now + AHEAD))
        for rule in retention.schedule()
    ]
    return Overview(last_run=last_run, kinds=kinds)
