"""Read-only queries of the member register: what the public pages, the open data and the
caches read. Chainable filters stay in querysets.py; these return what a page needs."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from functools import cache

from django.db import connection

from members.choices import OrganisationKind
from members.models import Membership, Municipality, Organisation

# --- the register's version, for caches --------------------------------------------------------


@cache
def _version_sql() -> str:
    parts = []
    for table in (Membership._meta.db_table, Organisation._meta.db_table):
        # Table names from the models, never from input.
        parts.append(f"(SELECT COUNT(*) AS n, MAX(updated_at) AS m FROM {connection.ops.quote_name(table)})")  # noqa: S608
    # One row of text: counting and timestamps are turned into text by the database, which is
    # cheaper than converting them into Python values.
    columns = "CAST(a.n AS TEXT) || '|' || COALESCE(CAST(a.m AS TEXT), '') || '|' || " + (
        "CAST(b.n AS TEXT) || '|' || COALESCE(CAST(b.m AS TEXT), '')"
    )
    return f"SELECT {columns} FROM {parts[0]} AS a, {parts[1]} AS b"  # noqa: S608


def register_version(day: datetime.date) -> str:
    """A short fingerprint of the register as the public sees it on `day`. One small query.

    Any added, changed or deleted membership period or changed organisation changes it, and
    so does the date, since membership is read for a day. Plain SQL: this runs on every
    public request, and the ORM's aggregate machinery costs more than the query itself.
    """
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        (state,) = cursor.fetchone()
    raw = f"{day.isoformat()}|{state}"
    return hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()


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
    """Members certainly in the network on `day`, and those that may have been. Two queries."""
    related = (
        "organisation__municipality",
        "organisation__region",
        "organisation__welfare_region",
    )
    active = Membership.objects.active_on(day).select_related(*related).order_by("organisation__name_fi")
    active = list(active)
    member_ids = {m.organisation_id for m in active}
    maybe = Membership.objects.uncertain_on(day).select_related(*related).order_by("organisation__name_fi")
    members = [_row(m) for m in active]
    # An organisation certainly a member through one period is not uncertain through another.
    uncertain = [_row(m) for m in maybe if m.organisation_id not in member_ids]
    return MembersOnDay(day=day, members=members, uncertain=uncertain)
