"""How the public pages tell the members: the summary line and the groups by kind, and what of
the register tells the caches of the public pages when anything they show may have changed."""

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
