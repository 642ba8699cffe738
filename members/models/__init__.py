"""The member register and the coordinator workspace's records, importable from `members.models`."""

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
from members.models.workspace import Announcement, Delivery, UpkeepRequest, UpkeepRound

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
    "UpkeepRequest",
    "UpkeepRound",
    "WelfareRegion",
]
