"""Records shared by every app: the audit trail of status changes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
