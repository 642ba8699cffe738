from __future__ import annotations

import csv
import datetime

import factory
from factory.django import DjangoModelFactory

from members.choices import EndReason, OrganisationKind, Role, StartPrecision
from members.models import (
    LAST_REAL_WELFARE_REGION_CODE,
    Appointment,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
    WelfareRegion,
)
from members.register import DATA_DIR


def _unused(width: int, used: set[str]) -> list[str]:
    """Codes of `width` digits outside Statistics Finland's register, 9… first. Every test database
    holds the register, so a factory row with a code of its own never turns into a real place."""
    codes = [f"{n:0{width}d}" for n in range(10**width)]
    return sorted((code for code in codes if code not in used), key=lambda code: (not code.startswith("9"), code))


with (DATA_DIR / "municipalities.csv").open(encoding="utf-8") as _file:
    _MUNICIPALITIES = list(csv.DictReader(_file))
MUNICIPALITY_CODES = _unused(3, {row["code"] for row in _MUNICIPALITIES})
REGION_CODES = _unused(2, {row["region_code"] for row in _MUNICIPALITIES})


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: REGION_CODES[n % len(REGION_CODES)])
    name_fi = factory.Sequence(lambda n: f"Maakunta {n}")
    name_sv = factory.Sequence(lambda n: f"Landskap {n}")


class WelfareRegionFactory(DjangoModelFactory):
    """One of the 21 welfare regions of the register: a code says whether a region is a real
    welfare region (see LAST_REAL_WELFARE_REGION_CODE), so the factory takes the register's own."""

    class Meta:
        model = WelfareRegion
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{n % LAST_REAL_WELFARE_REGION_CODE + 1:02d}")
    name_fi = factory.Sequence(lambda n: f"Hyvinvointialue {n}")
    name_sv = factory.Sequence(lambda n: f"Välfärdsområde {n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: MUNICIPALITY_CODES[n % len(MUNICIPALITY_CODES)])
    name_fi = factory.Sequence(lambda n: f"Kunta {n}")
    name_sv = factory.Sequence(lambda n: f"Kommun {n}")
    region = factory.SubFactory(RegionFactory)
    welfare_region = factory.SubFactory(WelfareRegionFactory)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name_fi = factory.Sequence(lambda n: f"Organisaatio {n}")
    name_sv = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisaatio-{n}")
    kind = OrganisationKind.OTHER

    class Params:
        municipal = factory.Trait(
            kind=OrganisationKind.MUNICIPALITY,
            municipality=factory.SubFactory(MunicipalityFactory),
        )
        who = factory.Trait(who_designated_since=1987)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    start_date = datetime.date(2020, 1, 15)
    start_precision = StartPrecision.DAY
    source = "Test"

    class Params:
        ended = factory.Trait(end_date=datetime.date(2022, 12, 31), end_reason=EndReason.RESIGNED)
        member_by = factory.Trait(start_date=datetime.date(2024, 6, 30), start_precision=StartPrecision.BY)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    title = "hyvinvointijohtaja"
    email = factory.LazyAttributeSequence(lambda o, n: f"person{n}@kunta.example")
    phone = factory.Sequence(lambda n: f"040 {1000000 + n}")


class AppointmentFactory(DjangoModelFactory):
    class Meta:
        model = Appointment

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    role = Role.CONTACT_PERSON
    start_date = datetime.date(2025, 8, 1)
    decision = "KH 1.8.2025 § 1"

    class Params:
        ended = factory.Trait(end_date=datetime.date(2025, 12, 31))
