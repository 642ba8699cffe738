from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members.models import Appointment, Membership, Municipality, Organisation, Person, Region, WelfareRegion
from tervekunta.admin_a11y import LabelledTabularInline


class MembershipStatusFilter(admin.SimpleListFilter):
    title = _("membership status")
    parameter_name = "membership"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Current member")),
            ("former", _("Former member")),
            ("never", _("Never a member")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        current = Membership.objects.filter(organisation=OuterRef("pk")).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
        any_period = Membership.objects.filter(organisation=OuterRef("pk"))
        if self.value() == "current":
            return queryset.filter(Exists(current))
        if self.value() == "former":
            return queryset.filter(Exists(any_period)).exclude(Exists(current))
        if self.value() == "never":
            return queryset.exclude(Exists(any_period))
        return queryset


class WhoDesignatedFilter(admin.SimpleListFilter):
    title = _("WHO Healthy City")
    parameter_name = "who"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(who_designated_since__isnull=False)
        if self.value() == "no":
            return queryset.filter(who_designated_since__isnull=True)
        return queryset


class CurrentRoleFormSet(BaseInlineFormSet):
    """Catch two current holders of one role in the same form before the database does."""

    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.cleaned_data.get("end_date") is None and form.cleaned_data.get("role"):
                role = form.cleaned_data["role"]
                if role in seen:
                    raise ValidationError(
                        _("Only one current appointment per role: give the earlier one an end date."),
                        code="two_current",
                    )
                seen.add(role)


class MembershipInline(LabelledTabularInline):
    model = Membership
    extra = 0
    fields = ["start_date", "start_precision", "end_date", "end_reason", "source"]


class AppointmentInline(LabelledTabularInline):
    model = Appointment
    formset = CurrentRoleFormSet
    extra = 0
    fields = ["role", "person", "start_date", "end_date", "decision"]
    autocomplete_fields = ["person"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name_fi", "kind", "code_display", "region", "welfare_region", "who_designated_since"]
    list_filter = ["kind", MembershipStatusFilter, WhoDesignatedFilter, "region", "welfare_region"]
    list_select_related = ["municipality", "region", "welfare_region"]
    search_fields = ["name_fi", "name_sv", "municipality__code"]
    autocomplete_fields = ["municipality", "region", "welfare_region"]
    prepopulated_fields = {"slug": ["name_fi"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name_fi", "name_sv", "slug", "kind"]}),
        (_("Register"), {"fields": ["municipality", "region", "welfare_region"]}),
        (_("Network"), {"fields": ["who_designated_since", "website", "notes"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [MembershipInline, AppointmentInline]

    @admin.display(description=_("code"))
    def code_display(self, obj: Organisation) -> str:
        return obj.code or "—"


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "start_date", "start_precision", "known_from", "end_date", "end_reason"]
    list_filter = ["start_precision", "end_reason", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name_fi", "organisation__name_sv"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["known_from", "created_at", "updated_at"]
    date_hierarchy = "start_date"


class CurrentAppointmentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(end_date__isnull=True)
        if self.value() == "no":
            return queryset.filter(end_date__isnull=False)
        return queryset


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "organisation", "start_date", "end_date", "decision"]
    list_filter = ["role", CurrentAppointmentFilter, "organisation__kind"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__first_name", "person__last_name", "organisation__name_fi", "decision"]
    autocomplete_fields = ["organisation", "person"]
    readonly_fields = ["created_at", "updated_at"]


class PersonAppointmentInline(LabelledTabularInline):
    model = Appointment
    formset = CurrentRoleFormSet
    extra = 0
    fields = ["organisation", "role", "start_date", "end_date", "decision"]
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "title", "organisation", "email", "phone"]
    list_filter = ["language", "appointments__role"]
    list_select_related = ["organisation"]
    search_fields = ["first_name", "last_name", "email", "organisation__name_fi"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PersonAppointmentInline]


class RegisterAdmin(admin.ModelAdmin):
    """The register comes from Statistics Finland's files: read it here, load it with the command."""

    search_fields = ["code", "name_fi", "name_sv"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(RegisterAdmin):
    list_display = ["code", "name_fi", "name_sv"]


@admin.register(WelfareRegion)
class WelfareRegionAdmin(RegisterAdmin):
    list_display = ["code", "name_fi", "name_sv"]


@admin.register(Municipality)
class MunicipalityAdmin(RegisterAdmin):
    list_display = ["code", "name_fi", "name_sv", "region", "welfare_region"]
    list_filter = ["region", "welfare_region"]
    list_select_related = ["region", "welfare_region"]


# Contact upkeep rounds and announcements have their admin in a module of their own.
import members.outreach_admin  # noqa: E402, F401
