"""Records shared by every app: the audit trail of status changes and of erased personal data,
and the records of the background work (the outbox as coordinators see it, the worker's heartbeat and what each
scheduled job did; the messages themselves are django-post-office's `Email` rows)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email


class StatusChange(models.Model):
    """One step of a record's status, with who took it, when and why. Written only by
    `tervekunta.statuses.change_status`, in the same transaction as the status itself."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record identifier"))
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=40, default="status")
    old_status = models.CharField(_("from"), max_length=40)
    new_status = models.CharField(_("to"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the change came through a private link or from the system itself."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["content_type", "object_id"], name="status_change_record_idx")]

    def __str__(self) -> str:
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"

    @property
    def record_model(self) -> type[models.Model] | None:
        # Served from the content type cache, so listing changes costs no query per row.
        return ContentType.objects.get_for_id(self.content_type_id).model_class()

    def _label(self, value: str) -> str:
        # The labels live with the record's own choices.
        if self.record_model is None:
            return value
        return str(dict(self.record_model._meta.get_field(self.field).flatchoices).get(value, value))

    def get_old_status_display(self) -> str:
        return self._label(self.old_status)

    def get_new_status_display(self) -> str:
        return self._label(self.new_status)

    @property
    def actor_display(self) -> str:
        """The user who acted, or whom the record's model names for a change without a user
        (`status_actor_without_user`, e.g. the applicant acting through the private link)."""
        if self.actor is not None:
            return self.actor.get_full_name() or self.actor.get_username()
        return str(getattr(self.record_model, "status_actor_without_user", ""))


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
        started = timezone.localtime(self.started_at) if timezone.is_aware(self.started_at) else self.started_at
        return f"{self.job} {formats.date_format(started, 'SHORT_DATETIME_FORMAT')}"


class ContentVersion(models.Model):
    """How many times a source of public content (the register, the events) has changed: the
    caches of the public pages keep a page under the numbers of the sources it shows."""

    source = models.CharField(max_length=40, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.source}: {self.number}"


class ErasureRecord(models.Model):
    """That personal data was removed: why, who did it, when, what kind of record and how many.
    Never the removed values. Written by `tervekunta.erasure.record_erasure` in the same
    transaction as the removal."""

    class Reason(models.TextChoices):
        DELETED = "deleted", _("Deleted by a coordinator")
        ERASED = "erased", _("A person's data erased on request")
        RETENTION = "retention", _("Retention period ended")

    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    kind = models.CharField(
        _("kind of record"), max_length=100, help_text=_("The model whose records were removed or cleared.")
    )
    count = models.PositiveIntegerField(_("how many"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the service removed the data itself, at the end of its retention period."),
    )
    # Kept as text as well, so the record still names the coordinator after their account is gone.
    actor_name = models.CharField(_("by (name)"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reason__in=["deleted", "erased", "retention"]),
                name="erasure_record_reason_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.kind_display}: {self.count}"

    @property
    def kind_display(self) -> str:
        """The kind's plural name in the active language, e.g. "event registrations"."""
        from django.apps import apps

        try:
            return str(apps.get_model(self.kind)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            return self.kind
