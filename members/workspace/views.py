"""The coordinator workspace: the dashboard, the member list and its exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings.reports import DEFAULT_THRESHOLD
from members.choices import Role, UpkeepStatus
from members.models import UpkeepRound
from members.workspace import exports, upkeep
from members.workspace.access import coordinator_required
from members.workspace.dashboard import build_dashboard
from members.workspace.forms import (
    ContactFilterForm,
    MemberFilterForm,
    RolePersonForm,
    ThresholdForm,
    UpkeepStartForm,
)

EXPORT_FORMATS = ("csv", "xlsx")


@coordinator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = ThresholdForm(request.GET or None)
    threshold = form.cleaned_data["threshold"] if form.is_valid() else DEFAULT_THRESHOLD
    if not form.is_bound:
        form = ThresholdForm(initial={"threshold": DEFAULT_THRESHOLD})
    return render(
        request, "members/workspace/dashboard.html", {"form": form, "board": build_dashboard(threshold=threshold)}
    )


def _filters(form) -> dict:
    # Invalid filters show their errors and the list stays unfiltered rather than empty.
    return form.cleaned_data if form.is_valid() else {}


@coordinator_required
def member_list(request: HttpRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET or None)
    data = _filters(form)
    return render(
        request,
        "members/workspace/member_list.html",
        {
            "form": form,
            "organisations": exports.current_members(data),
            "query": request.GET.urlencode(),
        },
    )


@coordinator_required
def member_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    data = _filters(MemberFilterForm(request.GET or None))
    rows = exports.member_rows(exports.current_members(data))
    return exports.export_response(fmt, "jasenet", exports.MEMBER_COLUMNS, rows)


@coordinator_required
def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    data = _filters(ContactFilterForm(request.GET or None))
    rows = exports.contact_rows(exports.current_contacts(data))
    return exports.export_response(fmt, "yhteystiedot", exports.CONTACT_COLUMNS, rows)


# --- contact upkeep --------------------------------------------------------------------------


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@coordinator_required
def upkeep_overview(request: HttpRequest) -> HttpResponse:
    form = UpkeepStartForm(request.POST or None)
    current = upkeep.open_round()
    if request.method == "POST" and form.is_valid():
        try:
            upkeep.upkeep_round_start(deadline=form.cleaned_data["deadline"], actor=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The contact upkeep round has started and the e-mails are on their way."))
            return redirect("workspace:upkeep")
    rounds = UpkeepRound.objects.select_related("created_by")[:10]
    context = {"form": form, "round": current, "rounds": rounds}
    if current is not None:
        context["progress"] = upkeep.round_progress(current)
        context["requests"] = current.requests.select_related("organisation", "contact").order_by(
            "status", "organisation__name_fi"
        )
    return render(request, "members/workspace/upkeep_overview.html", context)


@coordinator_required
@require_POST
def upkeep_remind(request: HttpRequest, pk: int) -> HttpResponse:
    upkeep_round = get_object_or_404(UpkeepRound, pk=pk)
    try:
        count = upkeep.upkeep_remind(upkeep_round=upkeep_round, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", count) % {"n": count}
            if count
            else _("Nobody is due a reminder: each one without an answer has had a message within the last day."),
        )
    return redirect("workspace:upkeep")


@coordinator_required
@require_POST
def upkeep_close(request: HttpRequest, pk: int) -> HttpResponse:
    upkeep_round = get_object_or_404(UpkeepRound, pk=pk)
    try:
        upkeep.upkeep_round_close(upkeep_round=upkeep_round, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The round is closed."))
    return redirect("workspace:upkeep")


def upkeep_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The contact person's private page: only this organisation's people, never cached."""
    try:
        upkeep_request = upkeep.request_for_token(token)
    except upkeep.LinkError as error:
        response = render(request, "members/workspace/upkeep_link.html", {"expired": error.expired}, status=404)
    else:
        response = _upkeep_answer(request, upkeep_request)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _upkeep_answer(request: HttpRequest, upkeep_request) -> HttpResponse:
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
            return redirect("workspace:upkeep_answer", token=request.resolver_match.kwargs["token"])
    return render(
        request,
        "members/workspace/upkeep_answer.html",
        {
            "upkeep_request": upkeep_request,
            "organisation": upkeep_request.organisation,
            "forms": forms,
            "closed": closed,
            "answered": upkeep_request.status in (UpkeepStatus.CONFIRMED, UpkeepStatus.CHANGED),
        },
    )
