"""What the public pages read from the register: current members, their summary, and what
of the register tells caches when anything they show may have changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.choices import OrganisationKind
from members.models import Membership, Municipality, Organisation, Region, WelfareRegion
from tervekunta.http import Part

KIND_ORDER = [
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.WELFARE_REGION,
    OrganisationKind.JOINT_AUTHORITY,
    OrganisationKind.OTHER,
]


# What the public member pages, the open data and the application form show.
REGISTER_MODELS = (Membership, Organisation, Municipality, Region, WelfareRegion)


def register_moments(now: datetime.datetime) -> list[Part]:
    """Membership is read for a day: the register as the public sees it changes with the date."""
    return [Part("%s", (timezone.localdate(now).isoformat(),))]


def current_members(day: datetime.date) -> list[Membership]:
    """The membership periods certainly running on `day`, with their organisations. One query."""
    return list(
        Membership.objects.active_on(day)
        .select_related("organisation__municipality", "organisation__region", "organisation__welfare_region")
        .order_by("organisation__name_fi")
    )


def kind_counts_text(counts: dict[str, int]) -> str:
    """'52 members: 50 municipalities and 2 welfare regions', with each language's plurals."""
    parts = []
    for kind in KIND_ORDER:
        number = counts.get(kind, 0)
        if not number:
            continue
        if kind == OrganisationKind.MUNICIPALITY:
            text = ngettext("%(count)s municipality", "%(count)s municipalities", number)
        elif kind == OrganisationKind.WELFARE_REGION:
            text = ngettext("%(count)s welfare region", "%(count)s welfare regions", number)
        elif kind == OrganisationKind.JOINT_AUTHORITY:
            text = ngettext("%(count)s joint municipal authority", "%(count)s joint municipal authorities", number)
        else:
            text = ngettext("%(count)s other organisation", "%(count)s other organisations", number)
        parts.append(text % {"count": number})
    total = sum(counts.values())
    if not parts:
        return _("The network has no members at the moment.")
    kinds = (
        parts[0]
        if len(parts) == 1
        else _("%(first)s and %(last)s")
        % {
            "first": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    )
    return ngettext("%(count)s member: %(kinds)s", "%(count)s members: %(kinds)s", total) % {
        "count": total,
        "kinds": kinds,
    }


@dataclass
class KindGroup:
    kind: str
    label: str
    members: list[Membership] = field(default_factory=list)


def group_by_kind(members: list[Membership]) -> list[KindGroup]:
    groups = {kind: KindGroup(kind=kind, label=OrganisationKind(kind).label) for kind in KIND_ORDER}
    for membership in members:
        groups[membership.organisation.kind].members.append(membership)
    return [group for group in groups.values() if group.members]


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
