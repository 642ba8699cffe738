from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    OPEN_SEMINAR = "open_seminar", _("Open seminar")
    NETWORK_DAYS = "network_days", _("Network days")
    PEER_LEARNING = "peer_learning", _("Peer-learning meeting")


class Audience(models.TextChoices):
    OPEN = "open", _("Open to all")
    MEMBERS = "members", _("Members only")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remotely")


class PlaceStatus(models.TextChoices):
    """The state of one registration for one day."""

    CONFIRMED = "confirmed", _("Place confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    AWAITING = "awaiting", _("Awaiting confirmation of membership")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined: not from a member organisation")


# Which place status may follow which (tervekunta.statuses). A waiting place moves up when a
# place becomes free; a confirmed place goes to the waiting list when its registrant changes to
# a full mode of participation. A cancelled place is taken again when its registrant chooses the
# day again through the change form (registering anew makes a new registration). A place on a
# members-only day for an address the register does not know for the chosen member awaits a
# coordinator: confirmed (or queued, when the day is full) or declined.
PLACE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PlaceStatus.CONFIRMED: (PlaceStatus.WAITLISTED, PlaceStatus.CANCELLED),
    PlaceStatus.WAITLISTED: (PlaceStatus.CONFIRMED, PlaceStatus.CANCELLED),
    PlaceStatus.AWAITING: (PlaceStatus.CONFIRMED, PlaceStatus.WAITLISTED, PlaceStatus.DECLINED, PlaceStatus.CANCELLED),
    PlaceStatus.CANCELLED: (PlaceStatus.CONFIRMED, PlaceStatus.WAITLISTED, PlaceStatus.AWAITING),
    PlaceStatus.DECLINED: (),
}

# A place in one of these still holds or waits for its day; the others have ended.
ACTIVE_PLACE = (PlaceStatus.CONFIRMED, PlaceStatus.WAITLISTED, PlaceStatus.AWAITING)


class HostingStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    DECLINED = "declined", _("Declined")


# A held hosting was confirmed first; both name "the" host of the year, so at most one of
# either may exist per year (co-hosts are recorded on that one hosting).
HOST_OF_THE_YEAR = (HostingStatus.CONFIRMED, HostingStatus.HELD)

# Which hosting status may follow which (tervekunta.statuses). A held hosting is history and stays as it is; a
# declined offer may be renewed.
HOSTING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    HostingStatus.OFFERED: (HostingStatus.PROPOSED, HostingStatus.CONFIRMED, HostingStatus.DECLINED),
    HostingStatus.PROPOSED: (HostingStatus.OFFERED, HostingStatus.CONFIRMED, HostingStatus.DECLINED),
    HostingStatus.CONFIRMED: (HostingStatus.HELD, HostingStatus.DECLINED),
    HostingStatus.HELD: (),
    HostingStatus.DECLINED: (HostingStatus.OFFERED, HostingStatus.PROPOSED),
}
