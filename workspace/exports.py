"""Contact lists and the member list as XLSX and CSV, with Finnish column headings whatever the
language of the page. The files themselves are written by `tervekunta.spreadsheets`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.choices import Role
from members.models import Appointment, Membership, Organisation
from tervekunta.collation import by_name, collated

MEMBER_COLUMNS = [
    "Organisaatio",
    "Laji",
    "Kuntakoodi",
    "Maakunta",
    "Hyvinvointialue",
    "WHO-kaupunki vuodesta",
    "Jäsen alkaen",
    "Varmasti jäsen alkaen",
]
CONTACT_COLUMNS = [
    "Organisaatio",
    "Kuntakoodi",
    "Maakunta",
    "Hyvinvointialue",
    "Rooli",
    "Nimi",
    "Nimike",
    "Sähköposti",
    "Puhelin",
    "Kieli",
    "Alkaen",
]


def current_members(data: dict) -> QuerySet:
    """Today's members matching the filters, each with its current period as `periods`."""
    today = timezone.localdate()
    periods = Membership.objects.active_on(today).order_by("start_date")
    return (
        Organisation.objects.members_on(today)
        .with_register()
        .matching(data)
        .prefetch_related(Prefetch("memberships", queryset=periods, to_attr="periods"))
        .order_by("name_fi", "pk")
    )


@dataclass
class RoleHolder:
    """A member's role and its current holder; `appointment` is None when nobody holds it."""

    organisation: Organisation
    role: str
    appointment: Appointment | None

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass
class MemberPeople:
    organisation: Organisation
    holders: list[RoleHolder]


def member_people(data: dict) -> list[MemberPeople]:
    """Each member of the filters with the holder of each role (the chosen role only), missing ones included."""
    roles = [data["role"]] if data.get("role") else list(Role.values)
    organisations = current_members(data).prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.current().filter(role__in=roles).select_related("person").order_by("pk"),
            to_attr="current_appointments",
        )
    )
    result = []
    # The page shows the names in the reader's language, in that language's alphabetical order.
    for organisation in by_name(organisations):
        by_role = {a.role: a for a in organisation.current_appointments}
        holders = [RoleHolder(organisation, role, by_role.get(role)) for role in roles]
        result.append(MemberPeople(organisation=organisation, holders=holders))
    return result


def _code(organisation: Organisation) -> str:
    return organisation.code or ""


def _period(organisation: Organisation) -> Membership | None:
    periods = getattr(organisation, "periods", None)
    return periods[0] if periods else None


def member_rows(organisations: Iterable[Organisation]) -> list[list]:
    with translation.override("fi"):
        rows = []
        # The downloads name the members in Finnish, in Finnish alphabetical order.
        for o in collated(organisations, key=lambda o: o.name_fi, language="fi"):
            period = _period(o)
            rows.append(
                [
                    o.name_fi,
                    o.get_kind_display(),
                    _code(o),
                    o.region.name_fi if o.region_id else "",
                    o.welfare_region.name_fi if o.welfare_region_id else "",
                    o.who_designated_since,
                    str(period.since_text()) if period else "",
                    period.known_from if period else None,
                ]
            )
        return rows


def contact_rows(members: Iterable[MemberPeople]) -> list[list]:
    """One row per member and role; a role nobody holds gets a row that says so."""
    with translation.override("fi"):
        missing = _("No one named")
        rows = []
        for member in collated(members, key=lambda m: m.organisation.name_fi, language="fi"):
            o = member.organisation
            place = [
                o.name_fi,
                _code(o),
                o.region.name_fi if o.region_id else "",
                o.welfare_region.name_fi if o.welfare_region_id else "",
            ]
            for holder in member.holders:
                a = holder.appointment
                if a is None:
                    rows.append([*place, str(holder.role_label), f"({missing})", "", "", "", "", None])
                    continue
                p = a.person
                rows.append(
                    [*place, a.get_role_display(), p.full_name, p.title, p.email, p.phone, p.language, a.start_date]
                )
        return rows
