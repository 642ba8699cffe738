from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    WELFARE_REGION = "welfare_region", _("Welfare region")
    JOINT_AUTHORITY = "joint_authority", _("Joint municipal authority")
    OTHER = "other", _("Other organisation")


class StartPrecision(models.TextChoices):
    """How much is known of the day a membership began."""

    DAY = "day", _("Exact day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    BY = "by", _("Joined by this date at the latest (start unknown)")


class EndReason(models.TextChoices):
    RESIGNED = "resigned", _("Resigned")
    MERGED = "merged", _("Merged into another organisation")
    ORGANISATION_ENDED = "organisation_ended", _("Organisation ceased to exist")
    REPLACED = "replaced", _("Membership passed to another organisation")
    REMOVED = "removed", _("Removed from the network")
    OTHER = "other", _("Other reason")


class Role(models.TextChoices):
    CONTACT_PERSON = "contact_person", _("Contact person")
    ELECTED_OFFICIAL = "elected_official", _("Responsible elected official")
    WELFARE_COORDINATOR = "welfare_coordinator", _("Welfare coordinator")


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class UpkeepStatus(models.TextChoices):
    """Where a member's answer to a contact upkeep round stands."""

    PENDING = "pending", _("No answer yet")
    CONFIRMED = "confirmed", _("Confirmed as they are")
    CHANGED = "changed", _("Changed")
    UNREACHABLE = "unreachable", _("Cannot be reached")


# Which upkeep status may follow which (tervekunta.statuses). A confirmation may later turn
# into changes through the same link; a request without an address was never sent, so it stays
# unreachable; answering again with the same outcome is no status change.
UPKEEP_TRANSITIONS: dict[str, tuple[str, ...]] = {
    UpkeepStatus.PENDING: (UpkeepStatus.CONFIRMED, UpkeepStatus.CHANGED),
    UpkeepStatus.CONFIRMED: (UpkeepStatus.CHANGED,),
    UpkeepStatus.CHANGED: (),
    UpkeepStatus.UNREACHABLE: (),
}


class DeliveryStatus(models.TextChoices):
    """Where a message stands, read from its e-mail in the outbox (never stored on its own)."""

    WAITING = "waiting", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    GONE = "gone", _("No longer in the outbox")
