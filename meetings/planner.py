"""Proposes hosts of the network days for the coming years, and says why.

The rule, in order (each later rule only decides among candidates the earlier ones leave equal):
1. Members who have offered to host that year come first.
2. Members who have never hosted (as host or co-host of a confirmed or held hosting) come next.
3. Then the member whose last hosting is longest ago.
4. Then a member from a region that has not hosted in the three years before.
5. A tie on all of these is broken by the Finnish name in alphabetical order, then the record id,
   so the same history always gives the same plan.

A year that already has a confirmed or held host keeps it. A member that declined a year is
not proposed for it; nobody is proposed twice in the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.choices import HOST_OF_THE_YEAR, HostingStatus
from meetings.models import Hosting
from members.models import Organisation

REGION_MEMORY = 3
ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"


def finnish_sort_key(name: str) -> tuple:
    """Sort key in Finnish alphabetical order (å, ä, ö after z; w with v is not needed here)."""
    return tuple(ALPHABET.index(c) if c in ALPHABET else 100 + ord(c) for c in name.casefold())


@dataclass(frozen=True)
class Candidate:
    pk: int
    name: str
    region: str


@dataclass(frozen=True)
class PastHosting:
    """A recorded hosting: host and co-hosts, and the regions they lie in."""

    year: int
    host_id: int
    status: str
    co_host_ids: frozenset[int] = frozenset()
    regions: frozenset[str] = frozenset()

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
        offered = {h.host_id for h in this_year if h.status == HostingStatus.OFFERED}
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

        pool = sorted((c for c in candidates if c.pk not in used and c.pk not in declined), key=key)
        if not pool:
            proposals.append(Proposal(year=year, candidate=None, reasons=[_("No member is available.")]))
            continue
        chosen = pool[0]
        used.add(chosen.pk)
        region_by_year[year] = {chosen.region} - {""}
        reasons = _reasons(chosen, pool, key, history, year, offered, recent_regions)
        proposals.append(Proposal(year=year, candidate=chosen, host_name=chosen.name, reasons=reasons))
    return proposals


def _reasons(chosen, pool, key, history, year, offered, recent_regions) -> list[str]:
    reasons = []
    if chosen.pk in offered:
        reasons.append(_("Offered to host the network days in %(year)s.") % {"year": year})
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
    tied = [c.name for c in pool[1:] if key(c)[:4] == key(chosen)[:4]]
    if tied:
        shown = ", ".join(tied[:5]) + ("…" if len(tied) > 5 else "")
        reasons.append(
            _("Equal on every rule with %(others)s; chosen by alphabetical order of name.") % {"others": shown}
        )
    return reasons


def _region_name(organisation: Organisation) -> str:
    return organisation.region.name_fi if organisation.region_id else ""


def plan_hosts(
    *, start_year: int | None = None, years: int = 3, members: list[Organisation] | None = None
) -> list[Proposal]:
    """Proposals for today's members (or `members`, with their regions, already read) from the
    recorded hostings: three queries, two when the members are given."""
    today = timezone.localdate()
    start_year = start_year or today.year + 1
    if members is None:
        members = Organisation.objects.members_on(today).select_related("region")
    candidates = [Candidate(pk=o.pk, name=o.name_fi, region=_region_name(o)) for o in members]
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
            )
        )
    return plan(candidates=candidates, history=history, start_year=start_year, years=years, names=names)
