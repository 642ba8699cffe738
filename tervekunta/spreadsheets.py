"""Spreadsheets that open ready for work in Excel: XLSX with real date and number cells, text
kept as text, a bold frozen header row with a filter, and columns wide enough to read; CSV in
UTF-8 with a byte order mark and semicolons, as Excel in a Finnish locale expects.

Every app's downloads are written here, so they all behave the same.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_DELIMITER = ";"  # Excel in a Finnish locale splits on semicolons
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d.m.yyyy"
TEXT_FORMAT = "@"
MIN_WIDTH, MAX_WIDTH = 8, 60
FORMULA_START = ("=", "+", "-", "@")


def csv_safe(value):
    """A CSV cell starting with = + - @ would be read as a formula by a spreadsheet: an
    apostrophe in front keeps it text. XLSX needs no such guard, its cells are typed."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H.%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return csv_safe(value)


def csv_response(filename: str, header: Sequence[str], rows: Sequence[Sequence]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(header)
    writer.writerows([[_csv_value(v) for v in row] for row in rows])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _shown_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def workbook(title: str, header: Sequence[str], rows: Sequence[Sequence]) -> Workbook:
    """One sheet: dates as date cells, strings always text (never a formula, no apostrophe)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_shown_length(h) for h in header]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, datetime.datetime):
                value = value.replace(tzinfo=None)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                # openpyxl would store "=..." as a formula; text stays text, shown as written.
                cell.data_type = TYPE_STRING
                cell.number_format = TEXT_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            widths[c - 1] = max(widths[c - 1], _shown_length(value))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(header)))}{max(1, len(rows) + 1)}"
    return book


def xlsx_response(filename: str, header: Sequence[str], rows: Sequence[Sequence]) -> HttpResponse:
    buffer = io.BytesIO()
    workbook(filename, header, rows).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt: str, filename: str, header: Sequence[str], rows: Sequence[Sequence]) -> HttpResponse:
    return xlsx_response(filename, header, rows) if fmt == "xlsx" else csv_response(filename, header, rows)
