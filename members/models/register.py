from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.choices import EndReason, Language, OrganisationKind, Role, StartPrecision
from members.querysets import AppointmentQuerySet, MembershipQuerySet, OrganisationQuerySet

# Statistics Finland gives Helsinki (90) and Åland (91) codes in the welfare region
# classification although neither is a welfare region.
LAST_REAL_WELFARE_REGION_CODE = 21


class LocalisedNameMixin:
    """`name` in the active language: Swedish where there is one, Finnish otherwise."""

    @property
    def name(self) -> str:
        if translation.get_language() == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi

    def __str__(self) -> str:
        return self.name


class Region(LocalisedNameMixin, models.Model):
    """A region (maakunta) of Statistics Finland's classification."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class WelfareRegion(LocalisedNameMixin, models.Model):
    """A code of Statistics Finland's welfare region classification (including 90 and 91)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("welfare region")
        verbose_name_plural = _("welfare regions")

    @property
    def is_welfare_region(self) -> bool:
        return int(self.code) <= LAST_REAL_WELFARE_REGION_CODE


class Municipality(LocalisedNameMixin, models.Model):
    """A municipality of Statistics Finland's 2026 classification."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    welfare_region = models.ForeignKey(WelfareRegion, on_delete=models.PROTECT, verbose_name=_("welfare region"))

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class Organisation(LocalisedNameMixin, models.Model):
    """An organisation that is, was or may become a member of the network."""

    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality in the register"),
        help_text=_("For a municipality: its entry in Statistics Finland's register."),
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"))
    welfare_region = models.ForeignKey(
        WelfareRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("welfare region"),
        help_text=_("For a welfare region: the region itself; otherwise the one it lies in."),
    )
    who_designated_since = models.PositiveSmallIntegerField(
        _("WHO Healthy City since"),
        null=True,
        blank=True,
        help_text=_("The year the WHO designated the city a European Healthy City."),
    )
    website = models.URLField(
        _("health and welfare promotion web page"),
        blank=True,
        help_text=_("Where the organisation reports its health and welfare promotion work."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("organisation history"))
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["welfare_region"],
                condition=Q(kind=OrganisationKind.WELFARE_REGION),
                name="one_organisation_per_welfare_region",
                violation_error_message=_("This welfare region already has an organisation."),
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=True) | Q(kind=OrganisationKind.MUNICIPALITY),
                name="register_municipality_only_for_municipalities",
                violation_error_message=_("Only a municipality can be linked to a register municipality."),
            ),
        ]

    def save(self, *args, **kwargs) -> None:
        # A register municipality decides the region and welfare region: copy them so that
        # every kind of organisation filters the same way.
        if self.municipality_id:
            self.region_id = self.municipality.region_id
            self.welfare_region_id = self.municipality.welfare_region_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.municipality_id:
            if self.region_id and self.region_id != self.municipality.region_id:
                raise ValidationError({"region": _("The region must be the municipality's region.")})
            if self.welfare_region_id and self.welfare_region_id != self.municipality.welfare_region_id:
                raise ValidationError(
                    {"welfare_region": _("The welfare region must be the municipality's welfare region.")}
                )

    @property
    def code(self) -> str | None:
        """The organisation's code in Statistics Finland's register, if it is in it."""
        if self.municipality_id:
            return self.municipality.code
        if self.kind == OrganisationKind.WELFARE_REGION and self.welfare_region_id:
            return self.welfare_region.code
        return None

    @property
    def is_who_designated(self) -> bool:
        return self.who_designated_since is not None


def _last_day_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class Membership(models.Model):
    """One period of membership of an organisation in the network.

    The start may be known to the day, the month or the year, or only as "joined by some date
    at the latest". `known_from` is the first day on which membership is certain.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    start_date = models.DateField(
        _("start"),
        help_text=_(
            "For month or year precision, any day of that month or year. For “joined by this date "
            "at the latest”, the date by which the organisation is known to be a member."
        ),
    )
    start_precision = models.CharField(
        _("precision of the start"), max_length=5, choices=StartPrecision.choices, default=StartPrecision.DAY
    )
    known_from = models.DateField(_("certainly a member from"), editable=False)
    end_date = models.DateField(_("end"), null=True, blank=True, help_text=_("The last day of membership."))
    end_reason = models.CharField(_("reason for ending"), max_length=20, choices=EndReason.choices, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where the dates come from, e.g. a board decision."))
    basis = models.CharField(
        _("decision it rests on"),
        max_length=300,
        blank=True,
        help_text=_("The organisation's own decision to join, e.g. “Kaupunginhallitus 4.9.2023 § 212”."),
    )
    basis_date = models.DateField(_("date of the decision it rests on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("membership history"))
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name_fi", "start_date"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_organisation",
                violation_error_message=_("This organisation already has an open membership period."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(end_reason=""),
                name="membership_end_has_reason",
                violation_error_message=_("Give the reason why the membership ended."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.since_text()}"

    def save(self, *args, **kwargs) -> None:
        self.normalise_start()
        super().save(*args, **kwargs)

    def normalise_start(self) -> None:
        """Set `start_date` to the first day of its precision and derive `known_from`."""
        if self.start_date is None:
            return
        if self.start_precision == StartPrecision.MONTH:
            self.start_date = self.start_date.replace(day=1)
            self.known_from = _last_day_of_month(self.start_date)
        elif self.start_precision == StartPrecision.YEAR:
            self.start_date = self.start_date.replace(month=1, day=1)
            self.known_from = self.start_date.replace(month=12, day=31)
        else:
            self.known_from = self.start_date

    def clean(self) -> None:
        self.normalise_start()
        if self.end_date and not self.end_reason:
            raise ValidationError({"end_reason": _("Give the reason why the membership ended.")})
        if self.end_reason and not self.end_date:
            raise ValidationError({"end_date": _("A reason for ending needs an end date.")})
        if self.organisation_id and self.start_date:
            others = Membership.objects.filter(organisation_id=self.organisation_id).exclude(pk=self.pk)
            overlapping = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            if self.end_date:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            if overlapping.exists():
                raise ValidationError(_("This period overlaps another membership period of the organisation."))

    def is_active_on(self, day: datetime.date) -> bool:
        return self.known_from <= day and (self.end_date is None or self.end_date >= day)

    def since_text(self) -> str:
        """The "member since …" text in the reader's language, never more exact than the start is known."""
        start = self.start_date
        if self.start_precision == StartPrecision.YEAR:
            return _("member since %(year)s") % {"year": start.year}
        if self.start_precision == StartPrecision.MONTH:
            return _("member since %(month)s") % {"month": f"{start.month}/{start.year}"}
        if self.start_precision == StartPrecision.BY:
            known = self.known_from
            # Not "member by …", which can be read as "member until …".
            return _("joined by %(month)s at the latest") % {"month": f"{known.month}/{known.year}"}
        return _("member since %(date)s") % {"date": formats.date_format(start, "SHORT_DATE_FORMAT")}


class Person(models.Model):
    """A person the network keeps in touch with. Personal data: coordinators only."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FINNISH)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
        help_text=_("The organisation the person works for or represents."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("person history"))

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Appointment(models.Model):
    """A person's role for an organisation in the network, from the decision that named them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("organisation")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=200,
        blank=True,
        help_text=_("The decision that named the person, e.g. “KH 18.4.2023 § 85”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("appointment history"))
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name_fi", "role", "-start_date"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role"],
                condition=Q(end_date__isnull=True),
                name="one_current_appointment_per_role",
                violation_error_message=_(
                    "The organisation already has a current person in this role. End that appointment first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="appointment_ends_after_start",
                violation_error_message=_("An appointment cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person} ({self.organisation})"

    @property
    def is_current(self) -> bool:
        return self.end_date is None
