from __future__ import annotations

import csv
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import strip_spaces_between_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from members import upkeep
from members.choices import Role, UpkeepStatus
from members.forms import RolePersonForm
from members.models import UpkeepRequest
from members.pages import member_list_context, member_page_context
from members.selectors import members_on, public_member
from tervekunta import links
from tervekunta.http import keep_in_cache, versioned_page

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


@require_safe
@versioned_page("register", personal=False)
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
    return keep_in_cache(response, set(request.GET) <= {"on"})


@require_safe
@versioned_page("register", personal=False)
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
    return keep_in_cache(response, set(request.GET) <= {"on"})


FILTERS = {"q", "region", "welfare_region"}


def _worth_keeping(request: HttpRequest, form) -> bool:
    """Keep the plain list and its valid filters; not searches or odd query strings, which
    are unbounded and would only fill the cache."""
    if not form.is_bound:
        return True
    known = set(request.GET) <= FILTERS and all(len(request.GET.getlist(name)) == 1 for name in request.GET)
    return known and form.is_valid() and not form.cleaned_data["q"]


@require_safe
@versioned_page("register")
def member_list(request: HttpRequest) -> HttpResponse:
    """The current members. A change in the register is visible at once, and an unchanged
    one costs a single query."""
    context = member_list_context(request.GET, timezone.localdate())
    response = render(request, "members/organisation_list.html", context)
    # Whitespace between tags is a tenth of the page; the kept copy is served many times.
    response.content = strip_spaces_between_tags(response.content.decode())
    return keep_in_cache(response, _worth_keeping(request, context["form"]))


@require_safe
@versioned_page("register", "events")  # the page lists the network days the member hosted
def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = public_member(slug)
    if organisation is None:
        raise Http404("No such member")
    return render(request, "members/organisation_detail.html", member_page_context(organisation))


def upkeep_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The contact person's private page: only this organisation's people, never cached."""
    try:
        upkeep_request = upkeep.request_for_token(token)
    except links.LinkError as error:
        response = render(request, "members/upkeep_link.html", {"expired": error.expired}, status=404)
    else:
        response = _upkeep_answer(request, upkeep_request, token)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _upkeep_answer(request: HttpRequest, upkeep_request: UpkeepRequest, token: str) -> HttpResponse:
    current = upkeep.current_people(upkeep_request.organisation)
    data = request.POST if request.method == "POST" else None
    forms = [RolePersonForm(data, role=role, current=current.get(role)) for role in Role.values]
    closed = not upkeep_request.round.is_open
    if data is not None and not closed and all(form.is_valid() for form in forms):
        changes = {form.role: form.new_person() for form in forms if form.new_person()}
        try:
            upkeep.upkeep_answer(request=upkeep_request, changes=changes)
        except ValidationError as error:
            forms[0].add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your answer has been saved."))
            return redirect("members:upkeep_answer", token=token)
    return render(
        request,
        "members/upkeep_answer.html",
        {
            "upkeep_request": upkeep_request,
            "organisation": upkeep_request.organisation,
            "forms": forms,
            "closed": closed,
            "answered": upkeep_request.status in (UpkeepStatus.CONFIRMED, UpkeepStatus.CHANGED),
        },
    )
