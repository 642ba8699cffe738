"""Read-only queries of the member register: what the public pages and the open data
read. Chainable filters stay in querysets.py; these return what a page needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from members.choices import OrganisationKind
from members.models import Membership, Municipality, Organisation
from tervekunta.collation import collated

# --- the public pages ----------------------------------------------------------------------------


def current_members(day: datetime.date) -> list[Membership]:
    """The membership periods certainly running on `day`, with their organisations. One query."""
    return list(
        Membership.objects.active_on(day)
        .select_related("organisation__municipality", "organisation__region", "organisation__welfare_region")
        .order_by("organisation__name_fi")
    )


def member_counts_by_kind(day: datetime.date) -> dict[str, int]:
    """How many members of each kind there are on `day`. One query."""
    counts: dict[str, int] = {}
    for kind in Membership.objects.active_on(day).values_list("organisation__kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def public_member(slug: str) -> Organisation | None:
    """The organisation of a public member page, with its register areas and periods."""
    return Organisation.objects.public().with_register().filter(slug=slug).first()


def welfare_region_municipality_codes(members: list[Membership]) -> dict[str, Organisation]:
    """Municipality code -> the member welfare region it lies in. One query, none without such members."""
    regions = {
        m.organisation.welfare_region_id: m.organisation
        for m in members
        if m.organisation.kind == OrganisationKind.WELFARE_REGION and m.organisation.welfare_region_id
    }
    if not regions:
        return {}
    rows = Municipality.objects.filter(welfare_region_id__in=regions).values_list("code", "welfare_region_id")
    return {code: regions[region_id] for code, region_id in rows}


# --- the open data -------------------------------------------------------------------------------


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
    # The open data is the same in every language: by the Finnish name, in Finnish order.
    members = collated((_row(m) for m in active), key=lambda row: row["name_fi"], language="fi")
    # An organisation certainly a member through one period is not uncertain through another.
    uncertain = collated(
        (_row(m) for m in maybe if m.organisation_id not in member_ids), key=lambda row: row["name_fi"], language="fi"
    )
    return MembersOnDay(day=day, members=members, uncertain=uncertain)
