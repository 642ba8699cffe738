"""Context for the public member pages, kept apart from the views so they stay thin."""

from __future__ import annotations

import datetime

from django.http import QueryDict
from django.templatetags.static import static
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.choices import OrganisationKind
from members.forms import PublicMemberFilterForm
from members.map import ATTRIBUTION, BASE_LAYER_STATIC, render_map
from members.models import Membership, Organisation
from members.public import group_by_kind, kind_counts_text
from members.selectors import current_members, member_counts_by_kind, welfare_region_municipality_codes
from members.statistics import members_over_time_chart
from tervekunta.collation import collated, collated_choices


def period_text(membership: Membership) -> str:
    if membership.end_date is None:
        return membership.since_text()
    return _("%(start)s, ended %(end)s (%(reason)s)") % {
        "start": membership.since_text(),
        "end": date_format(membership.end_date, "SHORT_DATE_FORMAT"),
        "reason": membership.get_end_reason_display().lower(),
    }


def _choices(members: list[Membership], attribute: str) -> list[tuple[str, str]]:
    areas = {getattr(m.organisation, attribute) for m in members} - {None}
    return collated_choices((area.code, area.name) for area in areas)


def _matches(membership: Membership, data: dict) -> bool:
    organisation = membership.organisation
    if data["region"] and (organisation.region is None or organisation.region.code != data["region"]):
        return False
    if data["welfare_region"] and (
        organisation.welfare_region is None or organisation.welfare_region.code != data["welfare_region"]
    ):
        return False
    needle = data["q"].casefold()
    return not needle or needle in organisation.name_fi.casefold() or needle in organisation.name_sv.casefold()


def _map(members: list[Membership]) -> str:
    in_welfare_regions = welfare_region_municipality_codes(members)
    by_region: dict[int, tuple[list[str], Organisation]] = {}
    for code, organisation in in_welfare_regions.items():
        by_region.setdefault(organisation.pk, ([], organisation))[0].append(code)
    # The links follow the list's alphabetical order, for the keyboard and screen readers.
    municipal = [
        (m.organisation.municipality.code, m.organisation.get_absolute_url(), m.organisation.name)
        for m in members
        if m.organisation.municipality_id
    ]
    regions = collated(
        ((codes, organisation.get_absolute_url(), organisation.name) for codes, organisation in by_region.values()),
        key=lambda region: region[2],
    )
    description = ngettext(
        "Map of Finland with %(count)s member municipality filled in",
        "Map of Finland with %(count)s member municipalities filled in",
        len(municipal),
    ) % {"count": len(municipal)}
    if regions:
        description += " " + ngettext(
            "and the area of %(count)s member welfare region hatched.",
            "and the areas of %(count)s member welfare regions hatched.",
            len(regions),
        ) % {"count": len(regions)}
    else:
        description += "."
    description += " " + _("Each highlighted area links to the page of that member; the list above names every member.")
    return render_map(
        members=municipal,
        welfare_regions=regions,
        title=_("Map of the members"),
        description=description,
        base_layer_url=static(BASE_LAYER_STATIC),
    )


def member_list_context(query: QueryDict, day: datetime.date) -> dict:
    """Everything the member list shows, by name in the reader's language and alphabet. Three
    queries however many members there are."""
    members = collated(current_members(day), key=lambda membership: membership.organisation.name)
    form = PublicMemberFilterForm(
        query or None,
        regions=_choices(members, "region"),
        welfare_regions=_choices(members, "welfare_region"),
    )
    data = form.cleaned_data if form.is_valid() else {"q": "", "region": "", "welfare_region": ""}
    shown = [m for m in members if _matches(m, data)] if form.is_bound else members
    counts: dict[str, int] = {}
    for membership in members:
        counts[membership.organisation.kind] = counts.get(membership.organisation.kind, 0) + 1
    return {
        "form": form,
        "filtered": form.is_bound and any(data.values()),
        "summary": kind_counts_text(counts),
        "shown_count": len(shown),
        "groups": group_by_kind(shown),
        "who_count": sum(1 for m in members if m.organisation.is_who_designated),
        "map_svg": _map(members),
        "members_chart": members_over_time_chart(today=day),
        "map_attribution": ATTRIBUTION,
        "day": day,
    }


def member_page_context(organisation: Organisation) -> dict:
    periods = sorted(organisation.memberships.all(), key=lambda m: m.start_date, reverse=True)
    current = next((m for m in periods if m.end_date is None), None)
    welfare_region = organisation.welfare_region
    return {
        "organisation": organisation,
        "current": current,
        "periods": [period_text(m) for m in periods],
        "is_welfare_region": organisation.kind == OrganisationKind.WELFARE_REGION,
        "welfare_region": welfare_region,
    }


def member_summary(day: datetime.date) -> str:
    """The summary line alone, for the home page. One query."""
    return kind_counts_text(member_counts_by_kind(day))
