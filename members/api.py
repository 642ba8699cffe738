"""The open data view of the register: who were the members on a given day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from members.models import Membership


@dataclass(frozen=True)
class MembersOnDay:
    day: datetime.date
    members: list[dict]
    uncertain: list[dict]


def _row(membership: Membership) -> dict:
    organisation = membership.organisation
    return {
        "code": organisation.code,
        "name_fi": organisation.name_fi,
        "name_sv": organisation.name_sv,
        "kind": organisation.kind,
        "region_fi": organisation.region.name_fi if organisation.region_id else None,
        "welfare_region_fi": organisation.welfare_region.name_fi if organisation.welfare_region_id else None,
        "who_designated": organisation.is_who_designated,
        "member_since": membership.start_date.isoformat(),
        "member_since_precision": membership.start_precision,
    }


def members_on(day: datetime.date) -> MembersOnDay:
    """Members certainly in the network on `day`, and those that may have been. One query."""
    periods = list(
        (Membership.objects.active_on(day) | Membership.objects.uncertain_on(day))
        .select_related("organisation__municipality", "organisation__region", "organisation__welfare_region")
        .order_by("organisation__name_fi", "pk")
    )
    active = [m for m in periods if m.is_active_on(day)]
    maybe = [m for m in periods if not m.is_active_on(day)]
    member_ids = {m.organisation_id for m in active}
    members = [_row(m) for m in active]
    # An organisation certainly a member through one period is not uncertain through another.
    uncertain = [_row(m) for m in maybe if m.organisation_id not in member_ids]
    return MembersOnDay(day=day, members=members, uncertain=uncertain)
