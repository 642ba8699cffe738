from __future__ import annotations

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from meetings.choices import (
    HOST_OF_THE_YEAR,
    HOSTING_TRANSITIONS,
    AttendanceMode,
    Audience,
    EventKind,
    HostingStatus,
    PlaceStatus,
)
from meetings.querysets import (
    EventDayQuerySet,
    EventQuerySet,
    HostingQuerySet,
    RegistrationDayQuerySet,
    RegistrationQuerySet,
)
from members.choices import Language
from members.models import Organisation
from tervekunta import links
from tervekunta.statuses import can_change

# A registrant keeps the private link for this long after the event's last day.
REGISTRATION_LINK_AFTER_EVENT = datetime.timedelta(days=30)


class Event(models.Model):
    """A network meeting, open seminar, network days or peer-learning meeting."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(pgettext_lazy("event", "title"), max_length=200, help_text=_("In Finnish."))
    title_sv = models.CharField(
        _("title in Swedish"), max_length=200, blank=True, help_text=_("Empty: the Finnish title is shown.")
    )
    title_en = models.CharField(
        _("title in English"), max_length=200, blank=True, help_text=_("Empty: the Finnish title is shown.")
    )
    description = models.TextField(_("description"), blank=True, help_text=_("In Finnish."))
    description_sv = models.TextField(
        _("description in Swedish"), blank=True, help_text=_("Empty: the Finnish description is shown.")
    )
    description_en = models.TextField(
        _("description in English"), blank=True, help_text=_("Empty: the Finnish description is shown.")
    )
    language = models.CharField(
        _("language of the event"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    venue = models.CharField(
        _("venue"),
        max_length=300,
        blank=True,
        help_text=_("The building or room, e.g. City Hall; empty if remote only."),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    host = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("hosting member"),
        help_text=_("Network days take their host from the hosting record linked to them, when there is one."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("After this moment the registration form is closed; empty means until the event begins."),
    )
    remote_url = models.URLField(
        _("remote link"),
        blank=True,
        help_text=_("Shown only to registered participants and coordinators, never on public pages."),
    )
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Open days of a published event appear in the public calendar.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("event history"))
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.translated_title

    def _translated(self, field: str) -> str:
        """The field in the active language, Finnish when that is empty."""
        language = (translation.get_language() or Language.FINNISH)[:2]
        if language != Language.FINNISH:
            value = getattr(self, f"{field}_{language}", "")
            if value:
                return value
        return getattr(self, field)

    @property
    def translated_title(self) -> str:
        return self._translated("title")

    @property
    def translated_description(self) -> str:
        return self._translated("description")

    @property
    def location(self) -> str:
        """Venue, street address and town as one line, e.g. City Hall, Hallituskatu 9, Pori."""
        return ", ".join(part for part in (self.venue, self.street_address, self.town) if part)

    def deadline_passed(self, now: datetime.datetime | None = None) -> bool:
        return self.registration_deadline is not None and (now or timezone.now()) > self.registration_deadline

    def last_day(self) -> datetime.date | None:
        """The local date the event's last day ends on; None for an event without days."""
        ends = self.days.aggregate(last=Max("ends_at"))["last"]
        return timezone.localdate(ends) if ends else None


class EventDay(models.Model):
    """One day of an event: its own time, audience and capacity, so places are counted per day."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days", verbose_name=_("event"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.OPEN)
    capacity = models.PositiveIntegerField(
        _("on-site places"), null=True, blank=True, help_text=_("Seats on site for this day; empty means no limit.")
    )
    remote_capacity = models.PositiveIntegerField(
        _("remote places"),
        null=True,
        blank=True,
        help_text=_("Places for remote participants; empty means no limit. Remote participants never take seats."),
    )
    programme = models.TextField(_("programme"), blank=True)
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When attendance was last recorded; the participation report counts only such days."),
    )

    history = HistoricalRecords(verbose_name=_("event day history"))
    objects = EventDayQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event day")
        verbose_name_plural = _("event days")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_day_ends_after_start",
                violation_error_message=_("A day must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_day_capacity_positive",
                violation_error_message=_("The capacity must be at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(remote_capacity__isnull=True) | Q(remote_capacity__gte=1),
                name="event_day_remote_capacity_positive",
                violation_error_message=_("The capacity must be at least one place."),
            ),
        ]

    def __str__(self) -> str:
        from django.utils import formats, timezone

        start = timezone.localtime(self.starts_at)
        return f"{self.event}: {formats.date_format(start, 'SHORT_DATE_FORMAT')}"

    @property
    def is_members_only(self) -> bool:
        return self.audience == Audience.MEMBERS

    @property
    def places_left(self) -> int | None:
        """On-site places still free; None without a limit. Needs `with_taken()`'s annotation."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.taken_on_site, 0)

    @property
    def remote_places_left(self) -> int | None:
        """Remote places still free; None without a limit. Needs `with_taken()`'s annotation."""
        if self.remote_capacity is None:
            return None
        return max(self.remote_capacity - self.taken_remote, 0)

    def capacity_for(self, mode: str) -> int | None:
        """The places of `mode` on this day; None is no limit."""
        return self.remote_capacity if mode == AttendanceMode.REMOTE else self.capacity


class Registration(models.Model):
    """One person's registration for an event. Personal data: coordinators and the person only."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("member organisation"),
    )
    organisation_other = models.CharField(_("other organisation"), max_length=200, blank=True)
    mode = models.CharField(
        _("participation"), max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    diet = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    needs_consent_at = models.DateTimeField(
        _("consent to dietary and accessibility needs"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the person consented to the use of the needs they gave; empty when they gave none."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FINNISH)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("registration history"))
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # E-mails are stored lower-cased by the service, so this also catches case variants.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(cancelled_at__isnull=True),
                name="one_active_registration_per_email_and_event",
                violation_error_message=_("This e-mail address is already registered for this event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"

    @property
    def organisation_name(self) -> str:
        return str(self.organisation) if self.organisation_id else self.organisation_other

    def link_expires_at(self) -> datetime.datetime | None:
        """The private link works until the end of the 30th day after the event's last day."""
        last_day = self.event.last_day()
        if last_day is None:
            return None
        first_day_without = last_day + REGISTRATION_LINK_AFTER_EVENT + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(first_day_without, datetime.time.min))


# Links e-mailed before they carried a timestamp keep working: their lifetime comes from the event.
PRIVATE_LINK = links.register(
    "registration",
    model=Registration,
    salt="meetings.registration",
    max_age=Registration.link_expires_at,
    field="pk",
    accepts_unstamped=True,
)


class RegistrationDay(models.Model):
    """A registration's place on one day: confirmed, waitlisted or cancelled, and attendance."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="places", verbose_name=_("registration")
    )
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="places", verbose_name=_("day"))
    status = models.CharField(_("status"), max_length=12, choices=PlaceStatus.choices, default=PlaceStatus.CONFIRMED)
    attended = models.BooleanField(_("attended"), default=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    queued_at = models.DateTimeField(
        _("in the queue since"),
        default=timezone.now,
        editable=False,
        help_text=_("The place's turn on the waiting list; a change of days or participation starts a new turn."),
    )
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    reminded_at = models.DateTimeField(
        _("reminder sent"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the registrant was reminded of this day; each day is reminded once."),
    )

    status_changes = GenericRelation("tervekunta.StatusChange", verbose_name=_("status changes"))
    history = HistoricalRecords(verbose_name=_("registered day history"))
    objects = RegistrationDayQuerySet.as_manager()

    class Meta:
        ordering = ["day__starts_at", "created_at", "pk"]
        verbose_name = _("registered day")
        verbose_name_plural = _("registered days")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"],
                name="one_place_per_registration_and_day",
                violation_error_message=_("This registration already has this day."),
            ),
        ]
        indexes = [models.Index(fields=["day", "status", "queued_at"], name="meetings_place_queue_idx")]

    def __str__(self) -> str:
        return f"{self.registration.name}: {self.day} ({self.get_status_display()})"


class Hosting(models.Model):
    """A member's hosting of the network days in a year, from an offer to the days held."""

    year = models.PositiveSmallIntegerField(_("year"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hostings", verbose_name=_("host")
    )
    co_hosts = models.ManyToManyField(Organisation, blank=True, related_name="co_hostings", verbose_name=_("co-hosts"))
    status = models.CharField(_("status"), max_length=10, choices=HostingStatus.choices, default=HostingStatus.OFFERED)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hostings",
        verbose_name=_("network days"),
        limit_choices_to={"kind": EventKind.NETWORK_DAYS},
    )
    cost_sharing = models.TextField(_("cost-sharing notes"), blank=True)
    offered_on = models.DateField(
        _("offered on"), null=True, blank=True, help_text=_("The day the member offered to host, if it did.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    status_changes = GenericRelation("tervekunta.StatusChange", verbose_name=_("status changes"))
    history = HistoricalRecords(verbose_name=_("hosting history"), m2m_fields=[co_hosts])
    objects = HostingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organisation__name_fi"]
        verbose_name = _("hosting of the network days")
        verbose_name_plural = _("hostings of the network days")
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status__in=HOST_OF_THE_YEAR),
                name="one_confirmed_host_per_year",
                violation_error_message=_(
                    "This year already has a confirmed or held hosting; record co-hosts on that one."
                ),
            ),
            models.UniqueConstraint(
                fields=["year", "organisation"],
                name="one_hosting_per_organisation_and_year",
                violation_error_message=_("This organisation already has a hosting record for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1996) & Q(year__lte=2200),
                name="hosting_year_plausible",
                violation_error_message=_("The year must be 1996 or later."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.organisation} ({self.get_status_display()})"

    def can_become(self, status: str) -> bool:
        return can_change(self, status, transitions=HOSTING_TRANSITIONS)

    @property
    def can_confirm(self) -> bool:
        return self.can_become(HostingStatus.CONFIRMED)

    @property
    def can_hold(self) -> bool:
        return self.can_become(HostingStatus.HELD)

    @property
    def can_decline(self) -> bool:
        return self.can_become(HostingStatus.DECLINED)


class OrganisationPresence(models.Model):
    """A member organisation present on an event day, ticked by the coordinator whoever came."""

    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="presences", verbose_name=_("day"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="presences", verbose_name=_("organisation")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("organisation present history"))

    class Meta:
        ordering = ["day__starts_at", "organisation__name_fi"]
        verbose_name = _("organisation present")
        verbose_name_plural = _("organisations present")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "organisation"],
                name="one_presence_per_organisation_and_day",
                violation_error_message=_("This organisation is already recorded as present on this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.day}"


class WalkIn(models.Model):
    """A person who attended a day without registering. Personal data: coordinators only."""

    class Source(models.TextChoices):
        ADDED = "added", _("Added by the coordinator")
        IMPORTED = "imported", _("Imported from a participant list")

    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="walk_ins", verbose_name=_("day"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="walk_ins",
        verbose_name=_("member organisation"),
    )
    organisation_other = models.CharField(_("other organisation"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ADDED)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("participant without registration history"))

    class Meta:
        ordering = ["day__starts_at", "name", "pk"]
        verbose_name = _("participant without registration")
        verbose_name_plural = _("participants without registration")
        constraints = [
            # Stored lower-cased by the service, so a case variant is the same person.
            models.UniqueConstraint(
                fields=["day", "email"],
                condition=~Q(email=""),
                name="one_walk_in_per_email_and_day",
                violation_error_message=_("This e-mail address is already recorded as present on this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.day})"

    @property
    def organisation_name(self) -> str:
        return str(self.organisation) if self.organisation_id else self.organisation_other
