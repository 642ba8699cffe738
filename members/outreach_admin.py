"""Upkeep rounds and announcements in the admin: read to follow them; the coordinator's
workspace pages start and send them."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.models import Announcement, Delivery, UpkeepRequest, UpkeepRound
from tervekunta.admin import StatusChangeInline
from tervekunta.admin_a11y import LabelledTabularInline
from tervekunta.deletion import PersonalDataAdminMixin


class OutboxLinks:
    """Where each message stands in the outbox, linked to the outbox page with its attempts."""

    @admin.display(description=_("e-mail"))
    def delivery_state(self, obj) -> str:
        state = obj.status if isinstance(obj, Delivery) else obj.delivery
        if state is None:
            return "-"
        if obj.message_id is None:
            return state.label
        url = reverse("admin:tervekunta_outboxmessage_change", args=[obj.message_id])
        return format_html('<a href="{}">{}</a>', url, state.label)

    @admin.display(description=_("delivered"))
    def delivered_at(self, obj):
        return obj.sent_at


class UpkeepRequestInline(OutboxLinks, LabelledTabularInline):
    model = UpkeepRequest
    extra = 0
    can_delete = False
    fields = ["organisation", "contact", "email", "status", "delivery_state", "reminders", "answered_at", "answer"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(UpkeepRound)
class UpkeepRoundAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "created_by", "deadline", "is_open", "closed_at"]
    list_filter = ["is_open"]
    list_select_related = ["created_by"]
    search_fields = ["created_by__username"]
    readonly_fields = ["created_by", "created_at", "deadline", "is_open", "closed_at", "closed_by"]
    inlines = [UpkeepRequestInline]

    def has_add_permission(self, request) -> bool:
        return False  # a round is started on the workspace page, which sends the e-mails


@admin.register(UpkeepRequest)
class UpkeepRequestAdmin(PersonalDataAdminMixin, OutboxLinks, admin.ModelAdmin):
    list_display = ["organisation", "round", "status", "email", "delivery_state", "reminders", "answered_at"]
    list_filter = ["status", "round"]
    list_select_related = ["organisation", "round", "message"]
    search_fields = ["organisation__name_fi", "organisation__name_sv", "email"]
    readonly_fields = [
        "round",
        "organisation",
        "contact",
        "email",
        "language",
        "status",
        "delivery_state",
        "delivered_at",
        "reminders",
        "reminded_at",
        "reminded_by",
        "answered_at",
        "answer",
    ]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request) -> bool:
        return False


class DeliveryInline(OutboxLinks, LabelledTabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["email", "name", "organisation", "delivery_state", "delivered_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Announcement)
class AnnouncementAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
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
class DeliveryAdmin(PersonalDataAdminMixin, OutboxLinks, admin.ModelAdmin):
    list_display = ["email", "announcement", "organisation", "delivery_state", "delivered_at"]
    list_select_related = ["announcement", "organisation", "message"]
    search_fields = ["email", "name", "announcement__subject"]
    readonly_fields = ["announcement", "email", "name", "organisation", "person", "delivery_state", "delivered_at"]

    def has_add_permission(self, request) -> bool:
        return False
