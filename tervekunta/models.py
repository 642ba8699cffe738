"""Records of the background work: the outbox as coordinators see it, the worker's heartbeat and
what each scheduled job did. The messages themselves are django-post-office's `Email` rows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email


class OutboxStatus(models.IntegerChoices):
    """post_office's statuses under the names coordinators read."""

    SENT = STATUS.sent, _("Delivered")
    FAILED = STATUS.failed, _("Could not be delivered")
    QUEUED = STATUS.queued, _("Waiting")
    REQUEUED = STATUS.requeued, _("Waiting for a new attempt")


class OutboxMessage(Email):
    """Every e-mail the service sends, as the coordinators' admin shows it."""

    class Meta:
        proxy = True
        verbose_name = _("e-mail message")
        verbose_name_plural = _("e-mail messages")


class WorkerHeartbeat(models.Model):
    """When a worker last saw something, shared by every instance through the database: that it
    ran the delivery ("outbox"), or that the mail server could not be reached."""

    name = models.CharField(_("worker"), max_length=50, unique=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.name


class JobRun(models.Model):
    """One run of a scheduled job and what it did."""

    job = models.CharField(_("job"), max_length=100, db_index=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    summary = models.JSONField(_("what it did"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"
