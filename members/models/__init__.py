"""The member register, and the contact upkeep rounds and announcements to the members' people,
importable from `members.models`."""

from members.models.outreach import Announcement, Delivery, UpkeepChange, UpkeepRequest, UpkeepRound
from members.models.register import (
    LAST_REAL_WELFARE_REGION_CODE,
    Appointment,
    LocalisedNameMixin,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
    WelfareRegion,
)

__all__ = [
    "LAST_REAL_WELFARE_REGION_CODE",
    "Announcement",
    "Appointment",
    "Delivery",
    "LocalisedNameMixin",
    "Membership",
    "Municipality",
    "Organisation",
    "Person",
    "Region",
    "UpkeepChange",
    "UpkeepRequest",
    "UpkeepRound",
    "WelfareRegion",
]
