"""The network's membership as of 6/2024, from THL's presentation of 19.8.2024.

Start dates are recorded only where public municipal sources give them; every other member
is recorded as "member by 6/2024", never with an invented date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from members.choices import OrganisationKind, StartPrecision
from members.models import Membership, Municipality, Organisation, Region, WelfareRegion

MEMBER_BY = datetime.date(2024, 6, 30)
MEMBER_BY_SOURCE = "THL: Terve Kunta -verkosto, esitys 19.8.2024 (jäsenet 6/2024)."


@dataclass(frozen=True)
class KnownStart:
    date: datetime.date
    precision: str
    source: str


KNOWN_STARTS = {
    "Pori": KnownStart(datetime.date(1996, 1, 1), StartPrecision.YEAR, "Founding member of the network (1996)."),
    "Kuopio": KnownStart(datetime.date(2000, 1, 1), StartPrecision.YEAR, "Joined in 2000 (municipal sources)."),
    "Haapavesi": KnownStart(datetime.date(2008, 1, 1), StartPrecision.YEAR, "Joined in 2008 (municipal sources)."),
    "Iisalmi": KnownStart(datetime.date(2019, 6, 17), StartPrecision.DAY, "Joined on 17.6.2019 (municipal sources)."),
    "Sotkamo": KnownStart(
        datetime.date(2023, 1, 1), StartPrecision.YEAR, "Joined in 2023; municipal board decision 18.4.2023."
    ),
    "Nousiainen": KnownStart(
        datetime.date(2023, 12, 1), StartPrecision.MONTH, "Joined in 12/2023 (municipal sources)."
    ),
}
NOTES = {
    "Virrat": "Applied in 6/2023: welfare committee decision HYVLTK 13.06.2023 § 26, 257/05.00.00/2023.",
}
WHO_DESIGNATED = {"Turku": 1987, "Kuopio": 2005, "Helsinki": 2020}
MUNICIPALITIES = [
    "Helsinki", "Kuopio", "Turku",
    "Espoo", "Eurajoki", "Haapavesi", "Hollola", "Iisalmi", "Jyväskylä", "Järvenpää", "Kajaani",
    "Kauniainen", "Kerava", "Keuruu", "Kittilä", "Kokemäki", "Konnevesi", "Kotka", "Kouvola",
    "Kuhmo", "Lappajärvi", "Liminka", "Masku", "Merikarvia", "Nivala", "Nousiainen", "Nurmijärvi",
    "Orimattila", "Oulu", "Outokumpu", "Paltamo", "Pomarkku", "Pori", "Pyhäntä", "Rauma", "Rusko",
    "Seinäjoki", "Siikalatva", "Siilinjärvi", "Simo", "Sotkamo", "Suomussalmi", "Tampere",
    "Tuusula", "Ulvila", "Utajärvi", "Vaala", "Vantaa", "Vihti", "Virrat",
]  # fmt: skip
WELFARE_REGIONS = ["Pohjois-Savon hyvinvointialue", "Kainuun hyvinvointialue"]


def organisation_for_municipality(municipality: Municipality) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        municipality=municipality,
        defaults={
            "name_fi": municipality.name_fi,
            "name_sv": municipality.name_sv,
            "slug": slugify(municipality.name_fi),
            "kind": OrganisationKind.MUNICIPALITY,
        },
    )
    return organisation


def organisation_for_welfare_region(welfare_region: WelfareRegion) -> Organisation:
    # A welfare region lies in one region, except in Uusimaa, where several do.
    region_ids = set(Municipality.objects.filter(welfare_region=welfare_region).values_list("region_id", flat=True))
    organisation, _created = Organisation.objects.get_or_create(
        kind=OrganisationKind.WELFARE_REGION,
        welfare_region=welfare_region,
        defaults={
            "name_fi": welfare_region.name_fi,
            "name_sv": welfare_region.name_sv,
            "slug": slugify(welfare_region.name_fi),
            "region": Region.objects.get(pk=region_ids.pop()) if len(region_ids) == 1 else None,
        },
    )
    return organisation


@transaction.atomic
def load_network() -> int:
    """Create the 52 members of 6/2024 where they are missing; returns how many were added."""
    added = 0
    municipalities = {m.name_fi: m for m in Municipality.objects.filter(name_fi__in=MUNICIPALITIES)}
    missing = set(MUNICIPALITIES) - set(municipalities)
    if missing:
        raise LookupError(f"Not in the register (run load_register first): {', '.join(sorted(missing))}")
    organisations = [organisation_for_municipality(municipalities[name]) for name in MUNICIPALITIES]
    organisations += [
        organisation_for_welfare_region(WelfareRegion.objects.get(name_fi=name)) for name in WELFARE_REGIONS
    ]
    for organisation in organisations:
        name = organisation.name_fi
        if name in WHO_DESIGNATED and organisation.who_designated_since is None:
            organisation.who_designated_since = WHO_DESIGNATED[name]
            organisation.save(update_fields=["who_designated_since"])
        if name in NOTES and not organisation.notes:
            organisation.notes = NOTES[name]
            organisation.save(update_fields=["notes"])
        if organisation.memberships.exists():
            continue
        known = KNOWN_STARTS.get(name, KnownStart(MEMBER_BY, StartPrecision.BY, MEMBER_BY_SOURCE))
        membership = Membership(
            organisation=organisation, start_date=known.date, start_precision=known.precision, source=known.source
        )
        membership.full_clean()
        membership.save()
        added += 1
    return added
