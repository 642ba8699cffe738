from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Model, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members import services
from members.choices import EndReason, Role, StartPrecision
from members.models import Appointment, Membership, Municipality, Organisation, Person, Region, WelfareRegion
from tervekunta.admin_a11y import LabelledTabularInline
from tervekunta.confirmation import ConfirmationForm, add_service_error, confirmation_page, is_confirmed
from tervekunta.deletion import PersonalDataAdminMixin


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


def _label(model: type[Model], name: str) -> str:
    # The register's own field names, so the forms read like the rest of the admin.
    return capfirst(model._meta.get_field(name).verbose_name)


def _help(model: type[Model], name: str) -> str:
    return model._meta.get_field(name).help_text


class MembershipStartForm(ConfirmationForm):
    start_date = forms.DateField(label=_label(Membership, "start_date"), widget=AdminDateWidget)
    start_precision = forms.ChoiceField(
        label=_label(Membership, "start_precision"), choices=StartPrecision.choices, initial=StartPrecision.DAY
    )
    source = forms.CharField(
        label=_label(Membership, "source"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_help(Membership, "source"),
    )


class MembershipEndForm(ConfirmationForm):
    end_date = forms.DateField(
        label=_label(Membership, "end_date"), widget=AdminDateWidget, help_text=_help(Membership, "end_date")
    )
    end_reason = forms.ChoiceField(label=_label(Membership, "end_reason"), choices=EndReason.choices)


class AppointmentReplaceForm(ConfirmationForm):
    role = forms.ChoiceField(label=_label(Appointment, "role"), choices=Role.choices)
    person = forms.ModelChoiceField(
        label=_label(Appointment, "person"),
        queryset=Person.objects.all(),
        widget=AutocompleteSelect(Appointment._meta.get_field("person"), admin.site),
        help_text=_("Someone not yet in the register is added under People first."),
    )
    start_date = forms.DateField(
        label=_label(Appointment, "start_date"),
        widget=AdminDateWidget,
        help_text=_("The current holder's appointment ends the day before."),
    )
    decision = forms.CharField(
        label=_label(Appointment, "decision"),
        required=False,
        max_length=200,
        help_text=_help(Appointment, "decision"),
    )


class AppointmentEndForm(ConfirmationForm):
    end_date = forms.DateField(
        label=_label(Appointment, "end_date"), widget=AdminDateWidget, help_text=_("The role is left empty.")
    )


class ReadOnlyInline(LabelledTabularInline):
    """Shown on the page, changed only through the actions that call members.services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _link(url: str, text: str) -> str:
    return format_html('<a href="{}">{}</a>', url, text)


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["start_date", "start_precision", "end_date", "end_reason", "source", "basis", "row_actions"]
    readonly_fields = fields

    @admin.display(description=_("actions"))
    def row_actions(self, obj: Membership) -> str:
        if obj.pk is None or obj.end_date is not None:
            return "—"
        url = reverse("admin:members_organisation_membership_end", args=[obj.organisation_id, obj.pk])
        return _link(url, _("End membership"))


class AppointmentInline(ReadOnlyInline):
    model = Appointment
    fields = ["role", "person", "start_date", "end_date", "decision", "row_actions"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    @admin.display(description=_("actions"))
    def row_actions(self, obj: Appointment) -> str:
        if obj.pk is None or obj.end_date is not None:
            return "—"
        replace = reverse("admin:members_organisation_appointment_replace", args=[obj.organisation_id])
        end = reverse("admin:members_organisation_appointment_end", args=[obj.organisation_id, obj.pk])
        return format_html(
            '<a href="{}?{}">{}</a> · <a href="{}">{}</a>',
            replace,
            urlencode({"role": obj.role}),
            _("Name a successor"),
            end,
            _("End appointment"),
        )


@admin.register(Organisation)
class OrganisationAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
    """Memberships and appointments are read here and changed only through the services, by
    the actions on this page, so the same rules and history apply as everywhere else."""

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

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/membership/start/",
                wrap(self.membership_start_view),
                name="members_organisation_membership_start",
            ),
            path(
                "<int:object_id>/membership/<int:membership_id>/end/",
                wrap(self.membership_end_view),
                name="members_organisation_membership_end",
            ),
            path(
                "<int:object_id>/appointment/replace/",
                wrap(self.appointment_replace_view),
                name="members_organisation_appointment_replace",
            ),
            path(
                "<int:object_id>/appointment/<int:appointment_id>/end/",
                wrap(self.appointment_end_view),
                name="members_organisation_appointment_end",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_start_membership": request.user.has_perm("members.add_membership"),
            "can_appoint": request.user.has_perm("members.add_appointment"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _confirmed_service(
        self,
        request: HttpRequest,
        organisation: Organisation,
        *,
        permission: str,
        form: forms.Form,
        run: Callable[[dict], object],
        done: str,
        **page: str,
    ) -> HttpResponse:
        """Ask with the shared confirmation page; call the service once confirmed with a valid form."""
        if not request.user.has_perm(permission):
            raise PermissionDenied
        change_url = reverse("admin:members_organisation_change", args=[organisation.pk])
        if is_confirmed(request) and form.is_valid():
            try:
                run(form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect(change_url)
        return confirmation_page(request, self, form=form, original=organisation, cancel_url=change_url, **page)

    def _organisation(self, request: HttpRequest, object_id: int) -> Organisation:
        organisation = self.get_object(request, str(object_id))
        if organisation is None:
            raise Http404
        if not self.has_view_permission(request, organisation):
            raise PermissionDenied
        return organisation

    def membership_start_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        organisation = self._organisation(request, object_id)
        return self._confirmed_service(
            request,
            organisation,
            permission="members.add_membership",
            form=MembershipStartForm(request.POST if is_confirmed(request) else None),
            run=lambda data: services.membership_start(
                organisation=organisation,
                start_date=data["start_date"],
                precision=data["start_precision"],
                source=data["source"],
                actor=request.user,
            ),
            done=_("The membership of %(name)s has started.") % {"name": organisation},
            title=_("Start a membership"),
            intro=_("%(name)s becomes a member from the day given. It appears on the public member pages.")
            % {"name": organisation},
            confirm_label=_("Start the membership"),
        )

    def membership_end_view(self, request: HttpRequest, object_id: int, membership_id: int) -> HttpResponse:
        organisation = self._organisation(request, object_id)
        membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
        return self._confirmed_service(
            request,
            organisation,
            permission="members.change_membership",
            form=MembershipEndForm(request.POST if is_confirmed(request) else None),
            run=lambda data: services.membership_end(
                membership=membership, end_date=data["end_date"], reason=data["end_reason"], actor=request.user
            ),
            done=_("The membership of %(name)s has ended.") % {"name": organisation},
            title=_("End a membership"),
            intro=_(
                "The membership period of %(name)s (%(since)s) ends on the day given; "
                "after it the organisation is a former member."
            )
            % {"name": organisation, "since": membership.since_text()},
            confirm_label=_("End the membership"),
        )

    def appointment_replace_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        organisation = self._organisation(request, object_id)
        role = request.GET.get("role")
        form = AppointmentReplaceForm(
            request.POST if is_confirmed(request) else None,
            initial={"role": role} if role in Role.values else None,
        )
        return self._confirmed_service(
            request,
            organisation,
            permission="members.add_appointment",
            form=form,
            run=lambda data: services.appointment_replace(
                organisation=organisation,
                role=data["role"],
                person=data["person"],
                start_date=data["start_date"],
                decision=data["decision"],
                actor=request.user,
            ),
            done=_("The appointment at %(name)s is saved.") % {"name": organisation},
            title=_("Appoint a person"),
            intro=_(
                "The person is named to the role at %(name)s from the day given. Whoever holds the role now "
                "leaves it the day before."
            )
            % {"name": organisation},
            confirm_label=_("Appoint"),
        )

    def appointment_end_view(self, request: HttpRequest, object_id: int, appointment_id: int) -> HttpResponse:
        organisation = self._organisation(request, object_id)
        appointment = get_object_or_404(
            Appointment.objects.select_related("person"), pk=appointment_id, organisation=organisation
        )
        return self._confirmed_service(
            request,
            organisation,
            permission="members.change_appointment",
            form=AppointmentEndForm(request.POST if is_confirmed(request) else None),
            run=lambda data: services.appointment_end(
                appointment=appointment, end_date=data["end_date"], actor=request.user
            ),
            done=_("The appointment has ended."),
            title=_("End an appointment"),
            intro=_("%(person)s leaves the role “%(role)s” at %(name)s on the day given; the role is left empty.")
            % {"person": appointment.person, "role": appointment.get_role_display(), "name": organisation},
            confirm_label=_("End the appointment"),
        )


def _organisation_link(obj: Membership | Appointment) -> str:
    url = reverse("admin:members_organisation_change", args=[obj.organisation_id])
    return _link(url, _("Start, end and replace on the organisation's page"))


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    """Periods are started and ended on the organisation's page, through members.services."""

    list_display = ["organisation", "start_date", "start_precision", "known_from", "end_date", "end_reason"]
    list_filter = ["start_precision", "end_reason", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name_fi", "organisation__name_sv"]
    fields = [
        "organisation",
        "manage",
        "start_date",
        "start_precision",
        "known_from",
        "end_date",
        "end_reason",
        "source",
        "basis",
        "basis_date",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [field for field in fields if field != "source"]
    date_hierarchy = "start_date"

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("changes"))
    def manage(self, obj: Membership) -> str:
        return _organisation_link(obj)


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
    """Appointments are made and ended on the organisation's page, through members.services."""

    list_display = ["person", "role", "organisation", "start_date", "end_date", "decision"]
    list_filter = ["role", CurrentAppointmentFilter, "organisation__kind"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__first_name", "person__last_name", "organisation__name_fi", "decision"]
    fields = [
        "organisation",
        "manage",
        "person",
        "role",
        "start_date",
        "end_date",
        "decision",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [field for field in fields if field != "decision"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("changes"))
    def manage(self, obj: Appointment) -> str:
        return _organisation_link(obj)


class PersonAppointmentInline(ReadOnlyInline):
    model = Appointment
    fields = ["organisation", "role", "start_date", "end_date", "decision"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Person)
class PersonAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
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
