"""Importing a participant list (CSV or XLSX, e.g. the attendance report Teams gives) into a
day's attendance: read, match each person to a registration or a member organisation, show
the coordinator the result, and save only what they confirm.

Matching, in order: the e-mail of a confirmed registration of the day; the e-mail of a person
in the member register; the organisation column against the members' names; the e-mail's
domain, when the register's people of exactly one member use it. Anyone else is recorded as
a participant from outside the member organisations.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from meetings.attendance import walk_in_add
from meetings.choices import PlaceStatus
from meetings.models import EventDay, RegistrationDay, WalkIn
from members.models import Organisation, Person

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
SIGNING_SALT = "meetings.participant_list"

NAME_HEADINGS = {"name", "full name", "display name", "participant", "nimi", "koko nimi", "osallistuja", "namn"}
FIRST_NAME_HEADINGS = {"first name", "given name", "etunimi", "förnamn"}
LAST_NAME_HEADINGS = {"last name", "surname", "sukunimi", "efternamn"}
EMAIL_HEADINGS = {"email", "e-mail", "email address", "e-mail address", "sähköposti", "sähköpostiosoite", "e-post"}
UPN_HEADINGS = {"participant id (upn)", "upn", "user principal name"}
ORGANISATION_HEADINGS = {
    "organisation",
    "organization",
    "organisaatio",
    "company",
    "yritys",
    "municipality",
    "kunta",
    "organisation/company",
}
# Addresses of these domains say nothing about the organisation.
COMMON_DOMAINS = {"gmail.com", "hotmail.com", "outlook.com", "live.com", "yahoo.com", "icloud.com", "luukku.com"}

REGISTERED = "registered"
REGISTER = "register"
ORGANISATION_NAME = "organisation"
DOMAIN = "domain"
UNMATCHED = "unmatched"
MATCH_LABELS = {
    REGISTERED: gettext_lazy("registered for this day"),
    REGISTER: gettext_lazy("e-mail found in the member register"),
    ORGANISATION_NAME: gettext_lazy("organisation named in the list"),
    DOMAIN: gettext_lazy("e-mail domain of a member's people"),
    UNMATCHED: gettext_lazy("not from a member organisation"),
}


@dataclass(frozen=True)
class Participant:
    """One person as the list gives them."""

    name: str
    email: str
    organisation: str


@dataclass(frozen=True)
class Match:
    participant: Participant
    how: str
    place: RegistrationDay | None = None
    organisation: Organisation | None = None
    already: bool = False

    @property
    def label(self) -> str:
        return str(MATCH_LABELS[self.how])


def _normalise(heading) -> str:
    return re.sub(r"\s+", " ", str(heading or "").strip().strip("\ufeff").casefold())


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file could not be read as text."), code="unreadable")


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    sample = "\n".join(text.splitlines()[:50])
    delimiter = max(("\t", ";", ","), key=sample.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("The file could not be read as an Excel workbook."), code="unreadable") from error
    rows = [
        ["" if value is None else str(value) for value in row] for row in book.worksheets[0].iter_rows(values_only=True)
    ]
    book.close()
    return rows


def _columns(header: list[str]) -> dict[str, int] | None:
    """Where the name, e-mail and organisation are, or None if this row is not a heading row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        heading = _normalise(cell)
        for key, names in (
            ("name", NAME_HEADINGS),
            ("first", FIRST_NAME_HEADINGS),
            ("last", LAST_NAME_HEADINGS),
            ("email", EMAIL_HEADINGS),
            ("upn", UPN_HEADINGS),
            ("organisation", ORGANISATION_HEADINGS),
        ):
            if heading in names and key not in found:
                found[key] = index
    has_name = "name" in found or ("first" in found and "last" in found)
    has_identity = "email" in found or "upn" in found or "organisation" in found
    return found if has_name and has_identity else None


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return row[index].strip() if index is not None and index < len(row) and row[index] else ""


def _email(value: str) -> str:
    value = value.strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def read_participant_list(upload: UploadedFile) -> list[Participant]:
    """The people of a CSV or XLSX participant list. The first row naming a name column and an
    e-mail or organisation column is the heading; the list ends at the first empty row after it,
    as in a Teams attendance report, whose later sections repeat the people."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("The file is too large: at most 2 MB."), code="too_large")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is too large: at most 2 MB."), code="too_large")
    is_xlsx = data[:2] == b"PK" or upload.name.lower().endswith(".xlsx")
    rows = _xlsx_rows(data) if is_xlsx else _csv_rows(data)
    columns = None
    people: list[Participant] = []
    seen: set[str] = set()
    for row in rows:
        if columns is None:
            columns = _columns(row)
            continue
        if not any(cell.strip() for cell in row):
            if people:
                break
            continue
        name = _cell(row, columns, "name") or " ".join(
            part for part in (_cell(row, columns, "first"), _cell(row, columns, "last")) if part
        )
        email = _email(_cell(row, columns, "email")) or _email(_cell(row, columns, "upn"))
        if not name:
            continue
        key = email or name.casefold()
        if key in seen:
            continue  # a person who joined twice is listed twice
        seen.add(key)
        people.append(Participant(name=name[:200], email=email, organisation=_cell(row, columns, "organisation")[:200]))
        if len(people) > MAX_ROWS:
            raise ValidationError(_("The list is too long: at most 2000 people."), code="too_long")
    if columns is None:
        raise ValidationError(
            _("No heading row was found: the list needs a column for the name and one for the e-mail or organisation."),
            code="no_heading",
        )
    if not people:
        raise ValidationError(_("The list names nobody."), code="empty")
    return people


def sign(people: list[Participant]) -> str:
    """The read list, carried from the preview to the confirmation without keeping it on the server."""
    return signing.dumps([[p.name, p.email, p.organisation] for p in people], salt=SIGNING_SALT, compress=True)


def unsign(value: str) -> list[Participant]:
    try:
        rows = signing.loads(value, salt=SIGNING_SALT, max_age=60 * 60 * 6)
    except signing.BadSignature as error:
        raise ValidationError(_("The preview has expired; read the file again."), code="expired") from error
    return [Participant(name=str(n), email=str(e), organisation=str(o)) for n, e, o in rows]


def match_participants(day: EventDay, people: list[Participant]) -> list[Match]:
    """Match each person to a registration or a member organisation. Five queries."""
    on = timezone.localdate(day.starts_at)
    places = {
        place.registration.email.lower(): place
        for place in RegistrationDay.objects.filter(day=day, status=PlaceStatus.CONFIRMED).select_related(
            "registration__organisation"
        )
    }
    recorded: set[str] = set()
    for address, name in WalkIn.objects.filter(day=day).values_list("email", "name"):
        # Without an address, the same name on the same day is taken to be the same person.
        recorded.add(address or f"name:{name.casefold()}")
    members = {o.pk: o for o in Organisation.objects.members_on(on)}
    by_name: dict[str, Organisation] = {}
    for organisation in members.values():
        for name in (organisation.name_fi, organisation.name_sv, organisation.slug):
            if name:
                by_name.setdefault(name.casefold(), organisation)
    by_email: dict[str, Organisation] = {}
    domains: dict[str, set[int]] = {}
    register = Person.objects.filter(organisation_id__in=members).exclude(email="").values_list("email", "organisation")
    for address, organisation_id in register:
        address = address.lower()
        by_email.setdefault(address, members[organisation_id])
        domains.setdefault(address.rpartition("@")[2], set()).add(organisation_id)
    matches = []
    for person in people:
        email = person.email
        domain = email.rpartition("@")[2]
        known = (email or f"name:{person.name.casefold()}") in recorded
        if email and email in places:
            place = places[email]
            matches.append(
                Match(
                    person,
                    REGISTERED,
                    place=place,
                    organisation=place.registration.organisation,
                    already=place.attended,
                )
            )
        elif email and email in by_email:
            matches.append(Match(person, REGISTER, organisation=by_email[email], already=known))
        elif person.organisation and person.organisation.casefold() in by_name:
            matches.append(
                Match(person, ORGANISATION_NAME, organisation=by_name[person.organisation.casefold()], already=known)
            )
        elif email and domain not in COMMON_DOMAINS and len(domains.get(domain, ())) == 1:
            (organisation_id,) = domains[domain]
            matches.append(Match(person, DOMAIN, organisation=members[organisation_id], already=known))
        else:
            matches.append(Match(person, UNMATCHED, already=known))
    return matches


@dataclass(frozen=True)
class Imported:
    registered: int
    added: int
    already: int


@transaction.atomic
def attendance_import(*, day: EventDay, matches: list[Match], actor: AbstractBaseUser | None = None) -> Imported:
    """Record the confirmed rows of a participant list: a registered person's place attended, anyone
    else as a participant without registration (of the matched member organisation, if any)."""
    registered = added = already = 0
    for match in matches:
        if match.already:
            already += 1
            continue
        person = match.participant
        result = walk_in_add(
            day=day,
            name=person.name,
            email=person.email,
            organisation=match.organisation if match.how != REGISTERED else None,
            organisation_other="" if match.organisation else person.organisation,
            source=WalkIn.Source.IMPORTED,
            actor=actor,
        )
        if isinstance(result, RegistrationDay):
            registered += 1
        else:
            added += 1
    return Imported(registered=registered, added=added, already=already)
