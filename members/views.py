from __future__ import annotations

import csv
import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.api import members_on

CSV_COLUMNS = [
    "code",
    "name_fi",
    "name_sv",
    "kind",
    "region_fi",
    "welfare_region_fi",
    "who_designated",
    "member_since",
    "member_since_precision",
    "status",
]


class BadDate(ValueError):
    pass


def _day_from(request: HttpRequest) -> datetime.date:
    value = request.GET.get("on")
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadDate(value) from error


def _bad_date(value: str) -> JsonResponse:
    return JsonResponse(
        {"error": "invalid_date", "detail": f"'on' must be a date as YYYY-MM-DD, not {value!r}."}, status=400
    )


@require_GET
def members_json(request: HttpRequest) -> HttpResponse:
    try:
        day = _day_from(request)
    except BadDate as error:
        return _bad_date(str(error))
    result = members_on(day)
    response = JsonResponse(
        {"on": day.isoformat(), "count": len(result.members), "members": result.members, "uncertain": result.uncertain},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def members_csv(request: HttpRequest) -> HttpResponse:
    try:
        day = _day_from(request)
    except BadDate as error:
        return _bad_date(str(error))
    result = members_on(day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tervekunta-members-{day.isoformat()}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for status, rows in (("member", result.members), ("uncertain", result.uncertain)):
        for row in rows:
            writer.writerow({**row, "status": status})
    return response
