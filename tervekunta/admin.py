"""The audit trail of status changes in the admin: read only, shown on each record's page."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from tervekunta.models import StatusChange


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
