"""The project's records in the admin: the audit trail of status changes (read only, shown on
each record's page), and the outbox: every message by status and recipient, each attempt's error,
and sending again. post_office's own admin pages are replaced: they send from the web request
("resend") and their requeue leaves a message's spent attempts as they were."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.models import STATUS, Attachment, Email, EmailTemplate, Log

from tervekunta import outbox
from tervekunta.models import ErasureRecord, JobRun, OutboxMessage, OutboxStatus, StatusChange


class StatusChangeInline(GenericTabularInline):
    """The record's status changes, oldest first; written only by the services. An admin that
    can add records leaves it off the add page (see `get_inlines`), where there is no history."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "old_display", "new_display", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = _("status changes")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("from"))
    def old_display(self, obj: StatusChange) -> str:
        return obj.get_old_status_display()

    @admin.display(description=_("to"))
    def new_display(self, obj: StatusChange) -> str:
        return obj.get_new_status_display()


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """Every status change of every record, to follow who changed what and when."""

    list_display = ["created_at", "content_type", "object_id", "old_display", "new_display", "actor", "note"]
    list_filter = ["content_type", "created_at"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["note", "actor__username", "actor__first_name", "actor__last_name"]
    date_hierarchy = "created_at"
    fields = ["created_at", "content_type", "record_display", "field", "old_display", "new_display", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("record"))
    def record_display(self, obj: StatusChange) -> str:
        return str(obj.record) if obj.record is not None else f"#{obj.object_id}"

    @admin.display(description=_("from"))
    def old_display(self, obj: StatusChange) -> str:
        return obj.get_old_status_display()

    @admin.display(description=_("to"))
    def new_display(self, obj: StatusChange) -> str:
        return obj.get_new_status_display()


for model in (Email, Log, EmailTemplate, Attachment):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class OutboxStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Waiting")),
            ("sent", _("Delivered")),
            ("failed", _("Could not be delivered")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "waiting":
            return queryset.filter(status__in=outbox.WAITING)
        if value == "sent":
            return queryset.filter(status=STATUS.sent)
        if value == "failed":
            return queryset.filter(status=STATUS.failed)
        return queryset


class AttemptInline(admin.TabularInline):
    model = Log
    fk_name = "email"
    extra = 0
    can_delete = False
    ordering = ["date"]
    verbose_name = _("attempt")
    verbose_name_plural = _("attempts")
    fields = ["tried_at", "outcome", "error"]
    readonly_fields = fields

    @admin.display(description=_("tried at"))
    def tried_at(self, obj: Log):
        return obj.date

    @admin.display(description=_("outcome"))
    def outcome(self, obj: Log) -> str:
        return str(_("Delivered")) if obj.status == STATUS.sent else str(_("Failed"))

    @admin.display(description=_("error"))
    def error(self, obj: Log) -> str:
        return f"{obj.exception_type}: {obj.message}" if obj.exception_type else obj.message

    # Whoever may read a message may read its attempts; post_office's own Log permissions are not used.
    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("tervekunta.view_outboxmessage")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description=_("Send again"), permissions=["change"])
def send_again(modeladmin, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
    count = outbox.requeue(queryset.exclude(status=STATUS.sent))
    modeladmin.message_user(
        request,
        ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["recipients", "subject", "state", "created", "attempts", "next_attempt", "last_updated"]
    list_filter = [OutboxStatusFilter, "created"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created"
    ordering = ["-created", "-pk"]
    actions = [send_again]
    inlines = [AttemptInline]
    fields = ["recipients", "subject", "state", "created", "attempts", "next_attempt", "last_updated", "body"]
    readonly_fields = fields

    @admin.display(description=_("recipients"), ordering="to")
    def recipients(self, obj: OutboxMessage) -> str:
        return ", ".join(obj.to)

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj: OutboxMessage) -> str:
        return OutboxStatus(obj.status).label if obj.status is not None else ""

    @admin.display(description=_("failed attempts"), ordering="number_of_retries")
    def attempts(self, obj: OutboxMessage) -> int:
        return obj.number_of_retries or 0

    @admin.display(description=_("next attempt"), ordering="scheduled_time")
    def next_attempt(self, obj: OutboxMessage):
        return obj.scheduled_time if obj.status in outbox.WAITING else None

    @admin.display(description=_("message"))
    def body(self, obj: OutboxMessage):
        return format_html_join("\n", "<pre>{}</pre>", [(obj.message,)])

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["job", "started_at", "finished_at", "succeeded", "summary"]
    list_filter = ["job", "succeeded"]
    date_hierarchy = "started_at"
    readonly_fields = ["job", "started_at", "finished_at", "succeeded", "summary"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reason", "kind_display", "count", "actor_name"]
    list_filter = ["reason", "kind"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "reason", "kind", "count", "actor_name"]
    fields = readonly_fields

    @admin.display(description=_("kind of record"), ordering="kind")
    def kind_display(self, record: ErasureRecord) -> str:
        return record.kind_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
