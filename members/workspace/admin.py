"""The upkeep rounds in the admin: read to follow them; the workspace pages start and run them."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.choices import DeliveryStatus
from members.models import Announcement, Delivery, UpkeepRequest, UpkeepRound
from members.workspace.announcements import deliveries_retry
from tervekunta.admin import StatusChangeInline
from tervekunta.confirmation import action_confirmation, is_confirmed


class UpkeepRequestInline(admin.TabularInline):
    model = UpkeepRequest
    extra = 0
    can_delete = False
    fields = ["organisation", "contact", "email", "status", "sent_at", "reminders", "answered_at", "answer"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(UpkeepRound)
class UpkeepRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "deadline", "is_open", "closed_at"]
    list_filter = ["is_open"]
    list_select_related = ["created_by"]
    search_fields = ["created_by__username"]
    readonly_fields = ["created_by", "created_at", "deadline", "is_open", "closed_at", "closed_by"]
    inlines = [UpkeepRequestInline]

    def has_add_permission(self, request) -> bool:
        return False  # a round is started on the workspace page, which sends the e-mails


@admin.register(UpkeepRequest)
class UpkeepRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "round", "status", "email", "reminders", "answered_at"]
    list_filter = ["status", "round"]
    list_select_related = ["organisation", "round"]
    search_fields = ["organisation__name_fi", "organisation__name_sv", "email"]
    readonly_fields = [
        "round",
        "organisation",
        "contact",
        "email",
        "language",
        "status",
        "sent_at",
        "reminders",
        "reminded_at",
        "reminded_by",
        "answered_at",
        "answer",
    ]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request) -> bool:
        return False


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["email", "name", "organisation", "status", "sent_at", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["subject", "created_by", "created_at", "to_contact_persons", "to_elected_officials"]
    list_filter = ["to_contact_persons", "to_elected_officials", "region", "welfare_region", "kind"]
    list_select_related = ["created_by"]
    search_fields = ["subject", "body"]
    readonly_fields = [
        "subject",
        "body",
        "to_contact_persons",
        "to_elected_officials",
        "region",
        "welfare_region",
        "kind",
        "created_by",
        "created_at",
    ]
    inlines = [DeliveryInline]

    def has_add_permission(self, request) -> bool:
        return False  # written and sent on the workspace page


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["email", "announcement", "organisation", "status", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["announcement", "organisation"]
    search_fields = ["email", "name", "announcement__subject"]
    readonly_fields = ["announcement", "email", "name", "organisation", "person", "status", "sent_at", "error"]
    exclude = ["claim", "claimed_at"]
    inlines = [StatusChangeInline]
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send the selected failed deliveries again"), permissions=["change"])
    def send_again(self, request, queryset):
        failed = queryset.filter(status=DeliveryStatus.FAILED).select_related("announcement")
        if not is_confirmed(request):
            return action_confirmation(
                request,
                self,
                failed,
                action="send_again",
                title=_("Send failed deliveries again"),
                intro=_(
                    "These failed deliveries go back to the queue and the sender tries them once more. "
                    "Deliveries already sent are never sent twice."
                ),
                confirm_label=_("Send again"),
            )
        queued = deliveries_retry(deliveries=failed, actor=request.user)
        self.message_user(
            request,
            ngettext("%(n)s delivery queued again.", "%(n)s deliveries queued again.", queued) % {"n": queued},
            messages.SUCCESS,
        )
        return None
