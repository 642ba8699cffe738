"""Proposes hosts of the network days for the coming years, and says why.

The rule, in order (each later rule only decides among candidates the earlier ones leave equal):
1. Members who have offered to host that year come first.
2. Members who have never hosted (as host or co-host of a confirmed or held hosting) come next.
3. Then the member whose last hosting is longest ago.
4. Then a member from a region that has not hosted in the three years before.
5. Members equal on all of these are a tie, and the plan says so: it names them and proposes
   none, leaving the choice to the coordinator (an offer settles it) rather than to the alphabet.

A year that already has a confirmed or held host keeps it. A member that declined a year is
not proposed for it, nor is one that joined the network during the year before or later
(it has not yet had a full year as a member); nobody is proposed twice in the plan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.choices import HOST_OF_THE_YEAR, HostingStatus
from meetings.models import Hosting
from members.models import Organisation
from tervekunta.collation import sort_key

REGION_MEMORY = 3


def finnish_sort_key(name: str) -> tuple:
    """Sort key in Finnish alphabetical order, whatever the page's language: the plan's ties are
    broken the same way for every reader."""
    return sort_key(name, "fi")


@dataclass(frozen=True)
class Candidate:
    pk: int
    name: str
    region: str
    member_since: datetime.date | None = None

    def may_host(self, year: int) -> bool:
        """Joined before the year preceding `year`: a new member gets a full year first."""
        return self.member_since is None or self.member_since < datetime.date(year - 1, 1, 1)


@dataclass(frozen=True)
class PastHosting:
    """A recorded hosting: host and co-hosts, and the regions they lie in."""

    year: int
    host_id: int
    status: str
    co_host_ids: frozenset[int] = frozenset()
    regions: frozenset[str] = frozenset()
    offered_on: datetime.date | None = None

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset({self.host_id, *self.co_host_ids})

    @property
    def is_host_of_the_year(self) -> bool:
        return self.status in HOST_OF_THE_YEAR


@dataclass
class Proposal:
    year: int
    candidate: Candidate | None
    confirmed: bool = False
    host_name: str = ""
    reasons: list[str] = field(default_factory=list)
    tied: list[str] = field(default_factory=list)

    @property
    def is_tie(self) -> bool:
        return bool(self.tied)


def _last_hosted(candidate: Candidate, history: list[PastHosting], before: int) -> int | None:
    years = [
        h.year for h in history if h.is_host_of_the_year and h.year < before and candidate.pk in h.organisation_ids
    ]
    return max(years) if years else None


def plan(
    *,
    candidates: list[Candidate],
    history: list[PastHosting],
    start_year: int,
    years: int = 3,
    names: dict[int, str] | None = None,
) -> list[Proposal]:
    """Pure planning over plain data (see the module docstring for the rule)."""
    names = names or {}
    by_pk = {c.pk: c for c in candidates}
    region_by_year: dict[int, set[str]] = {}
    for past in history:
        if past.is_host_of_the_year:
            region_by_year[past.year] = set(past.regions) - {""}
    used: set[int] = set()
    proposals: list[Proposal] = []
    for year in range(start_year, start_year + years):
        fixed = next((h for h in history if h.year == year and h.is_host_of_the_year), None)
        if fixed is not None:
            used.update(fixed.organisation_ids)
            host = by_pk.get(fixed.host_id)
            proposals.append(
                Proposal(
                    year=year,
                    candidate=host,
                    confirmed=True,
                    host_name=host.name if host else names.get(fixed.host_id, ""),
                    reasons=[_("The host is already confirmed.")],
                )
            )
            continue
        this_year = [h for h in history if h.year == year]
        offered = {h.host_id: h.offered_on for h in this_year if h.status == HostingStatus.OFFERED}
        declined = {h.host_id for h in this_year if h.status == HostingStatus.DECLINED}
        recent_regions = set().union(*(region_by_year.get(y, set()) for y in range(year - REGION_MEMORY, year)))

        def key(c: Candidate, year=year, offered=offered, recent_regions=recent_regions) -> tuple:
            last = _last_hosted(c, history, year)
            return (
                c.pk not in offered,
                last is not None,
                last or 0,
                bool(c.region) and c.region in recent_regions,
                finnish_sort_key(c.name),
                c.pk,
            )

        pool = sorted(
            (c for c in candidates if c.pk not in used and c.pk not in declined and c.may_host(year)), key=key
        )
        if not pool:
            proposals.append(Proposal(year=year, candidate=None, reasons=[_("No member is available.")]))
            continue
        tied = [c for c in pool if key(c)[:4] == key(pool[0])[:4]]
        if len(tied) > 1:
            proposals.append(_tie(year, tied, history, offered, recent_regions))
            continue
        chosen = pool[0]
        used.add(chosen.pk)
        region_by_year[year] = {chosen.region} - {""}
        reasons = _reasons(chosen, pool, key, history, year, offered, recent_regions)
        proposals.append(Proposal(year=year, candidate=chosen, host_name=chosen.name, reasons=reasons))
    return proposals


def _offer_reason(year: int, offered_on: datetime.date | None) -> str:
    if offered_on is None:
        return _("Offered to host the network days in %(year)s.") % {"year": year}
    return _("Offered on %(day)s to host the network days in %(year)s.") % {
        "day": f"{offered_on.day}.{offered_on.month}.{offered_on.year}",
        "year": year,
    }


def _tie(year, tied, history, offered, recent_regions) -> Proposal:
    """A year whose best candidates are equal on every rule: name them, propose none."""
    names = [c.name for c in tied]
    first = tied[0]
    reasons = [
        ngettext(
            "A tie: %(n)s member is equal on every rule.",
            "A tie: %(n)s members are equal on every rule.",
            len(tied),
        )
        % {"n": len(tied)}
    ]
    if first.pk in offered:
        reasons.append(_("Each of them offered to host the network days in %(year)s.") % {"year": year})
    last = _last_hosted(first, history, year)
    if last is None:
        reasons.append(_("None of them has hosted the network days."))
    else:
        reasons.append(_("Each last hosted in %(last)s.") % {"last": last})
    if not (first.region and first.region in recent_regions):
        reasons.append(
            _("None of them lies in a region that hosted in the previous %(n)s years.") % {"n": REGION_MEMORY}
        )
    reasons.append(_("Ask them for offers, or choose one: the plan does not pick by name."))
    return Proposal(year=year, candidate=None, reasons=reasons, tied=names)


def _reasons(chosen, pool, key, history, year, offered, recent_regions) -> list[str]:
    reasons = []
    if chosen.pk in offered:
        reasons.append(_offer_reason(year, offered[chosen.pk]))
    last = _last_hosted(chosen, history, year)
    if last is None:
        reasons.append(_("Has never hosted the network days."))
    else:
        reasons.append(_("Last hosted in %(last)s, %(ago)s years before.") % {"last": last, "ago": year - last})
    if chosen.region and chosen.region not in recent_regions:
        reasons.append(
            _("No host from %(region)s in the previous %(n)s years.") % {"region": chosen.region, "n": REGION_MEMORY}
        )
    elif chosen.region:
        reasons.append(
            _("%(region)s hosted in the previous %(n)s years, but no better candidate was left.")
            % {"region": chosen.region, "n": REGION_MEMORY}
        )
    return reasons


def _region_name(organisation: Organisation) -> str:
    return organisation.region.name_fi if organisation.region_id else ""


def plan_hosts(
    *, start_year: int | None = None, years: int = 3, members: list[Organisation] | None = None
) -> list[Proposal]:
    """Proposals for today's members (or `members`, with their regions, already read) from the
    recorded hostings: three queries, two when the members are given."""
    start_year = start_year or timezone.localdate().year + 1
    candidates, history, names = _read(members)
    return plan(candidates=candidates, history=history, start_year=start_year, years=years, names=names)


@dataclass
class Standing:
    """Where a member stands for a year under the rule, with the facts the rule reads."""

    candidate: Candidate
    offered: bool
    offered_on: datetime.date | None
    last_hosted: int | None
    region_hosted_recently: bool
    may_host: bool


def host_standings(*, year: int) -> list[Standing]:
    """Every current member in the order the rule ranks them for `year`. Three queries."""
    candidates, history, _names = _read(None)
    offers = {h.host_id: h.offered_on for h in history if h.year == year and h.status == HostingStatus.OFFERED}
    recent = set()
    for past in history:
        if past.is_host_of_the_year and year - REGION_MEMORY <= past.year < year:
            recent |= set(past.regions) - {""}
    standings = [
        Standing(
            candidate=c,
            offered=c.pk in offers,
            offered_on=offers.get(c.pk),
            last_hosted=_last_hosted(c, history, year),
            region_hosted_recently=bool(c.region) and c.region in recent,
            may_host=c.may_host(year),
        )
        for c in candidates
    ]
    return sorted(
        standings,
        key=lambda s: (
            not s.may_host,
            not s.offered,
            s.last_hosted is not None,
            s.last_hosted or 0,
            s.region_hosted_recently,
            finnish_sort_key(s.candidate.name),
        ),
    )


def _read(members: list[Organisation] | None) -> tuple[list[Candidate], list[PastHosting], dict[int, str]]:
    today = timezone.localdate()
    if members is None:
        members = (
            Organisation.objects.members_on(today)
            .select_related("region")
            .annotate(member_since=Min("memberships__known_from", filter=Q(memberships__end_date__isnull=True)))
        )
    candidates = [
        Candidate(pk=o.pk, name=o.name_fi, region=_region_name(o), member_since=getattr(o, "member_since", None))
        for o in members
    ]
    history = []
    names = {}
    for hosting in Hosting.objects.select_related("organisation__region").prefetch_related("co_hosts__region"):
        co_hosts = list(hosting.co_hosts.all())
        names[hosting.organisation_id] = hosting.organisation.name_fi
        history.append(
            PastHosting(
                year=hosting.year,
                host_id=hosting.organisation_id,
                status=hosting.status,
                co_host_ids=frozenset(o.pk for o in co_hosts),
                regions=frozenset(_region_name(o) for o in [hosting.organisation, *co_hosts]),
                offered_on=hosting.offered_on,
            )
        )
    return candidates, history, names
