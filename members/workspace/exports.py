"""Contact lists and the member list as CSV (for Excel: UTF-8 with BOM, `;` between fields)
and XLSX, with Finnish column headings whatever the language of the page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Font

from members.models import Appointment, Organisation

MEMBER_COLUMNS = ["Organisaatio", "Laji", "Kuntakoodi", "Maakunta", "Hyvinvointialue", "WHO-kaupunki vuodesta"]
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
CSV_DELIMITER = ";"  # Excel in a Finnish locale splits on semicolons


def filter_members(queryset: QuerySet, data: dict) -> QuerySet:
    """Apply the cleaned values of CoordinatorMemberFilterForm."""
    if data.get("region"):
        queryset = queryset.filter(region=data["region"])
    if data.get("welfare_region"):
        queryset = queryset.filter(welfare_region=data["welfare_region"])
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("q"):
        q = data["q"]
        queryset = queryset.filter(
            Q(name_fi__icontains=q) | Q(name_sv__icontains=q) | Q(municipality__code=q) | Q(slug__icontains=q)
        )
    return queryset


def current_members(data: dict) -> QuerySet:
    today = timezone.localdate()
    return filter_members(Organisation.objects.members_on(today).with_register(), data).order_by("name_fi", "pk")


def current_contacts(data: dict) -> QuerySet:
    """Current appointments of today's members, filtered by the members' filters and the role."""
    organisations = current_members(data)
    appointments = Appointment.objects.current().filter(organisation__in=organisations.values("pk"))
    if data.get("role"):
        appointments = appointments.filter(role=data["role"])
    return appointments.select_related(
        "person", "organisation__municipality", "organisation__region", "organisation__welfare_region"
    ).order_by("organisation__name_fi", "role", "pk")


def _code(organisation: Organisation) -> str:
    return organisation.code or ""


def member_rows(organisations: Iterable[Organisation]) -> list[list]:
    with translation.override("fi"):
        return [
            [
                o.name_fi,
                o.get_kind_display(),
                _code(o),
                o.region.name_fi if o.region_id else "",
                o.welfare_region.name_fi if o.welfare_region_id else "",
                o.who_designated_since or "",
            ]
            for o in organisations
        ]


def contact_rows(appointments: Iterable[Appointment]) -> list[list]:
    with translation.override("fi"):
        rows = []
        for a in appointments:
            o, p = a.organisation, a.person
            rows.append(
                [
                    o.name_fi,
                    _code(o),
                    o.region.name_fi if o.region_id else "",
                    o.welfare_region.name_fi if o.welfare_region_id else "",
                    a.get_role_display(),
                    p.full_name,
                    p.title,
                    p.email,
                    p.phone,
                    p.language,
                    a.start_date.strftime("%d.%m.%Y") if a.start_date else "",
                ]
            )
        return rows


def _safe_cell(value):
    # A cell starting with = + - @ would be read as a formula by a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(header)
    writer.writerows([[_safe_cell(v) for v in row] for row in rows])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = filename[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt: str, filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    return xlsx_response(filename, header, rows) if fmt == "xlsx" else csv_response(filename, header, rows)
