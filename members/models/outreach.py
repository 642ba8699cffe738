"""Outreach to the members' people: contact upkeep rounds and announcements."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS

from members.choices import DeliveryStatus, Language, OrganisationKind, Role, UpkeepStatus
from members.models.register import Appointment, Organisation, Person, Region, WelfareRegion


def delivery_status(message) -> DeliveryStatus:
    """Where an e-mail stands in the outbox, which is the only record of it."""
    if message is None:
        return DeliveryStatus.GONE
    return {STATUS.sent: DeliveryStatus.SENT, STATUS.failed: DeliveryStatus.FAILED}.get(
        message.status, DeliveryStatus.WAITING
    )


def message_delivered_at(message):
    return message.last_updated if message is not None and message.status == STATUS.sent else None


class UpkeepRound(models.Model):
    """A round in which every member is asked to confirm or update its contacts; one open at a time."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateField(_("answer by"))
    reminder_days = models.PositiveSmallIntegerField(
        _("remind every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Those who have not answered are reminded automatically when this many days have passed since "
            "their last message. Empty: only when a coordinator sends the reminders."
        ),
    )
    is_open = models.BooleanField(_("open"), default=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact upkeep round")
        verbose_name_plural = _("contact upkeep rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["is_open"],
                condition=Q(is_open=True),
                name="one_open_upkeep_round",
                violation_error_message=_("A contact upkeep round is already open."),
            ),
        ]

    def __str__(self) -> str:
        return _("Contact upkeep round %(date)s") % {"date": formats.date_format(self.created_at, "SHORT_DATE_FORMAT")}


class UpkeepRequest(models.Model):
    """One member organisation's part of an upkeep round: whom it was sent to and the answer."""

    round = models.ForeignKey(UpkeepRound, on_delete=models.CASCADE, related_name="requests", verbose_name=_("round"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="upkeep_requests", verbose_name=_("organisation")
    )
    public_id = models.UUIDField(_("link identifier"), default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="upkeep_requests",
        verbose_name=_("contact person asked"),
    )
    email = models.EmailField(_("sent to"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FINNISH)
    status = models.CharField(_("status"), max_length=20, choices=UpkeepStatus.choices, default=UpkeepStatus.PENDING)
    message = models.ForeignKey(
        "post_office.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("request e-mail"),
    )
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last reminder sent by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, help_text=_("What the answer changed."))

    status_changes = GenericRelation("tervekunta.StatusChange", verbose_name=_("status changes"))

    class Meta:
        ordering = ["organisation__name_fi"]
        verbose_name = _("contact upkeep request")
        verbose_name_plural = _("contact upkeep requests")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"],
                name="one_upkeep_request_per_member_and_round",
                violation_error_message=_("This member has already been asked in this round."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()}"

    @property
    def sent_at(self):
        """When the request e-mail was delivered: a request counts as sent only then."""
        return message_delivered_at(self.message)

    @property
    def delivery(self) -> DeliveryStatus | None:
        return delivery_status(self.message) if self.email else None


class Announcement(models.Model):
    """An e-mail from the coordinator to the current contact persons and/or elected officials."""

    key = models.UUIDField(
        _("submission key"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Sent with the form, so that submitting it twice creates one announcement."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    to_contact_persons = models.BooleanField(_("to contact persons"), default=True)
    to_elected_officials = models.BooleanField(_("to elected officials"), default=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"))
    welfare_region = models.ForeignKey(
        WelfareRegion, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("welfare region")
    )
    kind = models.CharField(_("kind of member"), max_length=20, choices=OrganisationKind.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_contact_persons=True) | Q(to_elected_officials=True),
                name="announcement_has_recipients",
                violation_error_message=_("Choose at least one group of recipients."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One recipient of an announcement. Unique per address, so a retry never sends twice."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("announcement")
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=201, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries", verbose_name=_("person")
    )
    message = models.ForeignKey(
        "post_office.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("e-mail"),
    )

    class Meta:
        ordering = ["announcement", "email"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "email"],
                name="one_delivery_per_address",
                violation_error_message=_("This address already receives the announcement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.status.label}"

    @property
    def status(self) -> DeliveryStatus:
        return delivery_status(self.message)

    @property
    def sent_at(self):
        return message_delivered_at(self.message)


class UpkeepChange(models.Model):
    """A change an upkeep answer proposes for one role, waiting for the coordinator's review.

    The register changes only when the coordinator accepts it. Personal data: coordinators only.
    """

    class Kind(models.TextChoices):
        DETAILS = "details", _("The same person, new details")
        REPLACED = "replaced", _("Replaced by someone else")

    class Review(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    request = models.ForeignKey(
        UpkeepRequest, on_delete=models.CASCADE, related_name="changes", verbose_name=_("upkeep request")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointment when answered"),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposed contact change")
        verbose_name_plural = _("proposed contact changes")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "role"],
                condition=Q(review="pending"),
                name="one_pending_upkeep_change_per_role",
                violation_error_message=_("This role already has a change waiting for review."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.organisation}: {self.get_role_display()} ({self.get_kind_display()})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
