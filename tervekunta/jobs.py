"""Scheduled jobs record what they did: one JobRun row per run, with the counts the job returns."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.utils import timezone

from tervekunta.models import JobRun

logger = logging.getLogger(__name__)


def recorded(name: str) -> Callable[[Callable[[], dict]], Callable[[], dict]]:
    """Wrap a job so that each run leaves a JobRun row: when, whether it succeeded, what it did."""

    def decorator(job: Callable[[], dict]) -> Callable[[], dict]:
        @functools.wraps(job)
        def run() -> dict:
            record = JobRun.objects.create(job=name, started_at=timezone.now())
            try:
                summary = job()
            except Exception as error:
                record.finished_at = timezone.now()
                record.summary = {"error": f"{type(error).__name__}: {error}"[:2000]}
                record.save(update_fields=["finished_at", "summary"])
                raise
            record.finished_at = timezone.now()
            record.succeeded = True
            record.summary = summary
            record.save(update_fields=["finished_at", "succeeded", "summary"])
            logger.info("job %s: %s", name, summary)
            return summary

        return run

    return decorator
