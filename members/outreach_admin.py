"""Upkeep rounds and announcements in the admin: read to follow them; the coordinator's
workspace pages start and send them."""

from __future__ import annotations

from django.contrib import admin

from members.models import Announcement, Delivery, UpkeepRequest, UpkeepRound
from tervekunta.admin_a11y import LabelledTabularInline


class UpkeepRequestInline(LabelledTabularInline):
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
    readonly_fields = ["created_by", "created_at", "deadline", "is_open", "closed_at"]
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
        "answered_at",
        "answer",
    ]

    def has_add_permission(self, request) -> bool:
        return False


class DeliveryInline(LabelledTabularInline):
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

    def has_add_permission(self, request) -> bool:
        return False
