"""The network's membership as of 6/2024, from THL's presentation of 19.8.2024.

Start dates are recorded only where public municipal sources give them; every other member
is recorded as "member by 6/2024", never with an invented date. Loading again on a register
loaded before corrects the loaded periods to what is known now, without adding periods.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from members.choices import OrganisationKind, StartPrecision
from members.models import Membership, Municipality, Organisation, Region, WelfareRegion
from members.services import membership_correct_start

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
    "Iisalmi": KnownStart(datetime.date(2019, 6, 17), StartPrecision.DAY, "Accepted on 17.6.2019 (municipal sources)."),
    # The city board's decision to join (15.6.2020) is not the day membership began, so only
    # the year is claimed.
    "Helsinki": KnownStart(
        datetime.date(2020, 1, 1),
        StartPrecision.YEAR,
        "City board decided to join on 15.6.2020 (HEL 2019-000275, § 358).",
    ),
    # Only the report of the acceptance is dated: a member by then, start unknown.
    "Tuusula": KnownStart(
        datetime.date(2021, 4, 27),
        StartPrecision.BY,
        "Acceptance reported to the municipal board on 27.4.2021; the welfare board proposed joining "
        "on 17.11.2020 (§ 46).",
    ),
    "Sotkamo": KnownStart(
        datetime.date(2023, 1, 1), StartPrecision.YEAR, "Joined in 2023; municipal board decision 18.4.2023."
    ),
    "Nousiainen": KnownStart(
        datetime.date(2023, 12, 1), StartPrecision.MONTH, "Joined in 12/2023 (municipal sources)."
    ),
}
# Sources this loader wrote in earlier versions: a period with one of them (or with the
# current known start's source, or the placeholder "member by 6/2024") was made by the loader
# and may be brought up to date; any other period was entered by hand and is left alone.
EARLIER_SOURCES = frozenset({"Joined on 17.6.2019 (municipal sources)."})
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


def _period_of_2024(organisation: Organisation) -> Membership | None:
    """The period that covers the member list of 6/2024, the one this loader describes."""
    return (
        organisation.memberships.filter(start_date__lte=MEMBER_BY)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=MEMBER_BY))
        .first()
    )


@transaction.atomic
def update_known_starts(*, actor: AbstractBaseUser | None = None) -> int:
    """Bring the periods this loader made up to the known starts, in place; returns how many changed.

    A period entered by hand (any other source) is left as it is, and no period is ever added
    here, so running the loader again never duplicates one.
    """
    updated = 0
    organisations = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, municipality__name_fi__in=KNOWN_STARTS
    ).select_related("municipality")
    for organisation in organisations:
        known = KNOWN_STARTS[organisation.municipality.name_fi]
        period = _period_of_2024(organisation)
        if period is None or period.source not in {MEMBER_BY_SOURCE, known.source, *EARLIER_SOURCES}:
            continue
        if (period.start_date, period.start_precision, period.source) == (known.date, known.precision, known.source):
            continue
        membership_correct_start(
            membership=period, start_date=known.date, precision=known.precision, source=known.source, actor=actor
        )
        updated += 1
    return updated
