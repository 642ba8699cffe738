from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from meetings import services
from meetings.choices import HostingStatus, PlaceStatus
from meetings.models import Event, EventDay, Hosting, Registration, RegistrationDay
from tervekunta.admin import StatusChangeInline
from tervekunta.admin_a11y import LabelledTabularInline
from tervekunta.confirmation import ConfirmationForm, action_confirmation, is_confirmed
from tervekunta.deletion import PersonalDataAdminMixin


class EventDayInline(LabelledTabularInline):
    model = EventDay
    extra = 1
    fields = ["starts_at", "ends_at", "audience", "capacity", "remote_capacity", "programme"]


@admin.register(Event)
class EventAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "first_day",
        "town",
        "language",
        "published",
        "registration_open",
        "registration_deadline",
        "registrations",
    ]
    list_filter = ["kind", "language", "published", "registration_open"]
    search_fields = ["title", "title_sv", "title_en", "description", "venue", "street_address", "town"]
    autocomplete_fields = ["host"]
    list_select_related = ["host"]
    inlines = [EventDayInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "language", "description", "host"]}),
        (
            _("In Swedish and English"),
            {
                "fields": ["title_sv", "description_sv", "title_en", "description_en"],
                "description": _("Empty fields show the Finnish text."),
            },
        ),
        (_("Place"), {"fields": ["venue", "street_address", "town", "remote_url"]}),
        (_("Publication and registration"), {"fields": ["published", "registration_open", "registration_deadline"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    readonly_fields = ["created_at", "updated_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "registration_deadline":
            # The split date and time inputs have no <label> of their own: each gets a name.
            date_input, time_input = field.widget.widgets
            date_input.attrs["aria-label"] = _("Registration deadline: date")
            time_input.attrs["aria-label"] = _("Registration deadline: time")
        return field

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                first_start=Min("days__starts_at"),
                active_registrations=Count(
                    "registrations", filter=Q(registrations__cancelled_at__isnull=True), distinct=True
                ),
            )
        )

    @admin.display(description=_("first day"), ordering="first_start")
    def first_day(self, obj: Event):
        return obj.first_start

    @admin.display(description=_("registrations"), ordering="active_registrations")
    def registrations(self, obj: Event) -> int:
        return obj.active_registrations


class RegistrationDayInline(LabelledTabularInline):
    model = RegistrationDay
    extra = 0
    fields = ["day", "status", "attended", "created_at", "queued_at", "promoted_at"]
    readonly_fields = ["day", "status", "created_at", "queued_at", "promoted_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "email", "organisation_display", "event", "mode", "created_at", "cancelled_at"]
    list_filter = ["event", "mode", ("cancelled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["event", "organisation"]
    search_fields = ["name", "email", "organisation__name_fi", "organisation_other", "event__title"]
    autocomplete_fields = ["organisation"]
    inlines = [RegistrationDayInline]
    # Participation changes through the registrant's private link, which applies the place rules.
    readonly_fields = ["event", "mode", "needs_consent_at", "created_at", "cancelled_at"]
    fieldsets = [
        (None, {"fields": ["event", "name", "email", "organisation", "organisation_other", "language"]}),
        (_("Participation"), {"fields": ["mode"]}),
        (
            _("Dietary and accessibility needs"),
            {
                "fields": ["diet", "accessibility_needs", "needs_consent_at"],
                "description": _("Special-category data: kept only with the person's consent, for this event."),
            },
        ),
        (_("Record"), {"fields": ["created_at", "cancelled_at"]}),
    ]
    actions = ["cancel_registrations"]

    def has_add_permission(self, request) -> bool:
        # Registrations go through the form, which applies capacity and the members-only rule.
        return False

    @admin.display(description=_("organisation"), ordering="organisation__name_fi")
    def organisation_display(self, obj: Registration) -> str:
        return obj.organisation_name

    @admin.action(description=_("Cancel the selected registrations (moves the waiting list up)"))
    def cancel_registrations(self, request, queryset):
        active = queryset.filter(cancelled_at__isnull=True).select_related("event")
        if not is_confirmed(request):
            return action_confirmation(
                request,
                self,
                active,
                action="cancel_registrations",
                title=_("Cancel registrations"),
                intro=_(
                    "Cancel these registrations? Each person is told by e-mail, and the first person waiting "
                    "for each freed day moves up."
                ),
                confirm_label=_("Yes, cancel them"),
            )
        done = 0
        for registration in active:
            try:
                services.registration_cancel(registration=registration, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(n)s registration cancelled.", "%(n)s registrations cancelled.", done) % {"n": done},
            messages.SUCCESS,
        )
        return None


@admin.register(RegistrationDay)
class RegistrationDayAdmin(SimpleHistoryAdmin):
    """Attendance in bulk: filter by event and organisation, select, and mark."""

    list_display = ["registration", "organisation_display", "day", "status", "attended"]
    list_filter = ["day__event", "status", "attended", "registration__organisation"]
    list_select_related = ["registration__organisation", "registration__event", "day__event"]
    search_fields = ["registration__name", "registration__email", "registration__organisation__name_fi"]
    readonly_fields = ["registration", "day", "status", "created_at", "queued_at", "promoted_at"]
    fields = ["registration", "day", "status", "attended", "created_at", "queued_at", "promoted_at"]
    actions = ["mark_attended", "mark_not_attended"]
    inlines = [StatusChangeInline]

    def get_readonly_fields(self, request, obj=None):
        # Only a confirmed place can be attended; the service refuses the others.
        if obj is not None and obj.status != PlaceStatus.CONFIRMED:
            return [*self.readonly_fields, "attended"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        # Attendance is the one thing written here; it goes through the service that records the actor.
        services.attendance_mark(places=[obj], attended=form.cleaned_data["attended"], actor=request.user)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("organisation"), ordering="registration__organisation__name_fi")
    def organisation_display(self, obj: RegistrationDay) -> str:
        return obj.registration.organisation_name

    @admin.action(description=_("Mark the selected confirmed places as attended"))
    def mark_attended(self, request, queryset) -> None:
        n = services.attendance_mark(places=queryset, attended=True, actor=request.user)
        self.message_user(request, ngettext("%(n)s place marked.", "%(n)s places marked.", n) % {"n": n})

    @admin.action(description=_("Mark the selected places as not attended"))
    def mark_not_attended(self, request, queryset) -> None:
        n = services.attendance_mark(places=queryset, attended=False, actor=request.user)
        self.message_user(request, ngettext("%(n)s place marked.", "%(n)s places marked.", n) % {"n": n})


class HostingNoteForm(ConfirmationForm):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept with the status change, e.g. why the offer was declined."),
    )


def _hosting_action(status: str, description: str):
    """A change-list action that moves the selected hostings to `status` after the confirmation page."""

    def action(model_admin: HostingAdmin, request, queryset):
        return model_admin.set_status(request, queryset, status, action=f"set_{status}")

    action.__name__ = f"set_{status}"
    return admin.action(description=description)(action)


@admin.register(Hosting)
class HostingAdmin(SimpleHistoryAdmin):
    """A hosting is recorded here as offered; its status changes only through the actions."""

    list_display = ["year", "organisation", "co_host_names", "status", "event"]
    list_filter = ["status", "year"]
    list_select_related = ["organisation", "event"]
    search_fields = ["organisation__name_fi", "organisation__name_sv", "co_hosts__name_fi", "cost_sharing", "notes"]
    autocomplete_fields = ["organisation", "co_hosts", "event"]
    fieldsets = [
        (None, {"fields": ["year", "organisation", "co_hosts", "status", "offered_on", "event"]}),
        (_("Costs and notes"), {"fields": ["cost_sharing", "source", "notes"]}),
    ]
    readonly_fields = ["status"]
    inlines = [StatusChangeInline]
    actions = [
        _hosting_action(HostingStatus.OFFERED, _("Mark the selected hostings offered")),
        _hosting_action(HostingStatus.PROPOSED, _("Mark the selected hostings proposed")),
        _hosting_action(HostingStatus.CONFIRMED, _("Mark the selected hostings confirmed")),
        _hosting_action(HostingStatus.HELD, _("Mark the selected hostings held")),
        _hosting_action(HostingStatus.DECLINED, _("Mark the selected hostings declined")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("co_hosts")

    def get_inlines(self, request, obj):
        # A hosting being added has no status changes, and its add form needs no empty formset for them.
        return self.inlines if obj is not None else []

    @admin.display(description=_("co-hosts"))
    def co_host_names(self, obj: Hosting) -> str:
        return ", ".join(str(o) for o in obj.co_hosts.all())

    def set_status(self, request, queryset, status: str, *, action: str):
        form = HostingNoteForm(request.POST if is_confirmed(request) else None)
        if not (is_confirmed(request) and form.is_valid()):
            return action_confirmation(
                request,
                self,
                queryset.select_related("organisation"),
                action=action,
                title=_("Change the status of hostings"),
                intro=_("These hostings become “%(status)s”. A hosting whose status cannot change so is left as it is.")
                % {"status": HostingStatus(status).label},
                form=form,
                confirm_label=_("Change the status"),
            )
        for hosting in queryset:
            try:
                services.hosting_set_status(
                    hosting=hosting, status=status, actor=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                self.message_user(request, f"{hosting}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(hosting)s updated.") % {"hosting": hosting}, messages.SUCCESS)
        return None
