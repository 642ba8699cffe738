"""The coordinator's pages: the overview, members and contacts with their exports, contact
upkeep, announcements and a person's data. Each view reads a form and calls one service of the
app that owns the data."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from meetings.reports import DEFAULT_THRESHOLD
from members import announcements, upkeep
from members import upkeep_review as upkeep_review_services
from members.choices import UpkeepStatus
from members.models import Announcement, Organisation, Person, UpkeepChange, UpkeepRound
from members.people import likely_duplicates, person_merge
from members.statistics import members_by_region_chart, members_over_time_chart
from tervekunta.collation import collated
from tervekunta.permissions import coordinator_required
from tervekunta.spreadsheets import export_response
from workspace import exports, rights
from workspace.dashboard import build_dashboard
from workspace.forms import (
    AnnouncementForm,
    ContactFilterForm,
    CoordinatorMemberFilterForm,
    ThresholdForm,
    UpkeepStartForm,
)
from workspace.member_page import member_page

EXPORT_FORMATS = ("csv", "xlsx")


@coordinator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = ThresholdForm(request.GET if "threshold" in request.GET else None)
    threshold = form.cleaned_data["threshold"] if form.is_valid() else DEFAULT_THRESHOLD
    if not form.is_bound:
        form = ThresholdForm(initial={"threshold": DEFAULT_THRESHOLD})
    return render(
        request,
        "workspace/dashboard.html",
        {
            "form": form,
            "board": build_dashboard(threshold=threshold, show=request.GET.get("show", "")),
            "threshold_query": f"threshold={threshold}&" if threshold != DEFAULT_THRESHOLD else "",
            "coordinator_section": "overview",
        },
    )


def _filters(form) -> dict:
    # Invalid filters show their errors and the list stays unfiltered rather than empty.
    return form.cleaned_data if form.is_valid() else {}


@coordinator_required
def member_list(request: HttpRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET or None)
    data = _filters(form)
    members = exports.member_people(data)
    today = timezone.localdate()
    return render(
        request,
        "workspace/member_list.html",
        {
            "form": form,
            "members_chart": members_over_time_chart(today=today),
            "regions_chart": members_by_region_chart(
                list(Organisation.objects.members_on(today).select_related("region"))
            ),
            "members": members,
            "organisations": [member.organisation for member in members],
            "query": request.GET.urlencode(),
            "coordinator_section": "members",
        },
    )


def _member_context(pk: int) -> dict:
    organisation = get_object_or_404(Organisation.objects.with_register(), pk=pk)
    return {"organisation": organisation, "page": member_page(organisation), "coordinator_section": "members"}


@coordinator_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "workspace/member_detail.html", _member_context(pk))


@coordinator_required
def member_print(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "workspace/member_print.html", {**_member_context(pk), "print_view": True})


@coordinator_required
def member_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    data = _filters(CoordinatorMemberFilterForm(request.GET or None))
    rows = exports.member_rows(exports.current_members(data))
    return export_response(fmt, "jasenet", exports.MEMBER_COLUMNS, rows)


@coordinator_required
def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    data = _filters(ContactFilterForm(request.GET or None))
    rows = exports.contact_rows(exports.member_people(data))
    return export_response(fmt, "yhteystiedot", exports.CONTACT_COLUMNS, rows)


# --- contact upkeep --------------------------------------------------------------------------


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@coordinator_required
def upkeep_overview(request: HttpRequest) -> HttpResponse:
    form = UpkeepStartForm(request.POST or None)
    current = upkeep.open_round()
    if request.method == "POST" and form.is_valid():
        try:
            upkeep.upkeep_round_start(
                deadline=form.cleaned_data["deadline"],
                reminder_days=form.cleaned_data["reminder_days"],
                actor=request.user,
            )
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
    context = {
        "form": form,
        "round": current,
        "rounds": rounds,
        "waiting_count": upkeep_review_services.waiting().count(),
        "coordinator_section": "upkeep",
    }
    if current is not None:
        context["progress"] = upkeep.round_progress(current)
        requests = current.requests.select_related("organisation", "contact", "message").order_by("status", "pk")
        # By status, and within it by name in the reader's alphabetical order (the sort is stable).
        context["requests"] = sorted(collated(requests, key=lambda r: r.organisation.name), key=lambda r: r.status)
    return render(request, "workspace/upkeep_overview.html", context)


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
            else _(
                "Nobody is due a reminder: each one without an answer has had a message within the last day, "
                "or their request has not been delivered yet."
            ),
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


UNANSWERED_COLUMNS = ["Organisaatio", "Yhteyshenkilö", "Sähköposti", "Lähetetty", "Muistutuksia", "Viimeisin muistutus"]


@coordinator_required
def upkeep_unanswered_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    upkeep_round = get_object_or_404(UpkeepRound, pk=pk)
    requests = (
        upkeep_round.requests.filter(status=UpkeepStatus.PENDING)
        .select_related("organisation", "contact", "message")
        .order_by("organisation__name_fi", "pk")
    )
    rows = [
        [
            r.organisation.name_fi,
            r.contact.full_name if r.contact else "",
            r.email,
            timezone.localtime(r.sent_at) if r.sent_at else None,
            r.reminders,
            timezone.localtime(r.reminded_at) if r.reminded_at else None,
        ]
        for r in collated(requests, key=lambda r: r.organisation.name_fi, language="fi")
    ]
    return export_response(fmt, f"vastaamatta-{upkeep_round.created_at:%Y-%m-%d}", UNANSWERED_COLUMNS, rows)


@coordinator_required
def upkeep_review(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        change = get_object_or_404(UpkeepChange, pk=request.POST.get("change"))
        accept = request.POST.get("action") == "accept"
        try:
            if accept:
                upkeep_review_services.upkeep_change_accept(change=change, actor=request.user)
            else:
                upkeep_review_services.upkeep_change_reject(change=change, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                (
                    _("The change of %(organisation)s is recorded in the register.")
                    if accept
                    else _("The change of %(organisation)s was rejected.")
                )
                % {"organisation": change.request.organisation},
            )
        return redirect("workspace:upkeep_review")
    return render(
        request,
        "workspace/upkeep_review.html",
        {"changes": upkeep_review_services.waiting(), "coordinator_section": "upkeep"},
    )


# --- announcements ---------------------------------------------------------------------------


@coordinator_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
    else:
        form = AnnouncementForm(initial={"key": uuid.uuid4()})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "send":
            try:
                announcement, created = announcements.announcement_create(
                    key=data["key"],
                    subject=data["subject"],
                    body=data["body"],
                    to_contact_persons=data["to_contact_persons"],
                    to_elected_officials=data["to_elected_officials"],
                    filters=form.filters(),
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    messages.success(request, _("The announcement is being sent."))
                else:
                    messages.info(request, _("This announcement was already sent; it was not sent again."))
                return redirect("workspace:announcement_detail", pk=announcement.pk)
        roles = announcements.recipient_roles(
            to_contact_persons=data["to_contact_persons"], to_elected_officials=data["to_elected_officials"]
        )
        preview = collated(
            announcements.recipients(roles=roles, filters=form.filters()), key=lambda a: a.organisation.name
        )
    history = Announcement.objects.select_related("created_by")[:20]
    return render(
        request,
        "workspace/announcement_list.html",
        {"form": form, "preview": preview, "announcements": history, "coordinator_section": "announcements"},
    )


@coordinator_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(
        Announcement.objects.select_related("created_by", "region", "welfare_region"), pk=pk
    )
    counts = announcements.progress(announcement)
    return render(
        request,
        "workspace/announcement_detail.html",
        {
            "announcement": announcement,
            "progress": counts,
            "working": counts["waiting"],
            "deliveries": announcement.deliveries.select_related("organisation", "message").order_by(
                "message__status", "email"
            ),
            "coordinator_section": "announcements",
        },
    )


# --- a person's data rights ------------------------------------------------------------------


@coordinator_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    people = Person.objects.none()
    if query:
        people = (
            Person.objects.filter(
                Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(email__icontains=query)
            )
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")[:50]
        )
    return render(
        request, "workspace/person_list.html", {"query": query, "people": people, "coordinator_section": "people"}
    )


@coordinator_required
@require_GET
def person_data(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    return render(
        request,
        "workspace/person_data.html",
        {
            "person": person,
            "appointments": person.appointments.select_related("organisation").order_by("-start_date"),
            "coordinator_section": "people",
        },
    )


@coordinator_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page: what erasing will delete, what stays, what prevents it; erases on confirming."""
    person = get_object_or_404(Person, pk=pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            error = _("Tick the box to confirm the erasure.")
        else:
            try:
                rights.person_erase(person=person, actor=request.user)
            except ValidationError as refusal:
                messages.error(request, _error_text(refusal))
            else:
                messages.success(request, _("The person's personal data has been erased."))
                return redirect("workspace:person_data", pk=pk)
    return render(
        request,
        "workspace/person_erase.html",
        {
            "person": person,
            "plan": rights.erasure_plan(person=person),
            "error": error,
            "coordinator_section": "people",
        },
        status=400 if error else 200,
    )


@coordinator_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    response = JsonResponse(rights.person_export(person=person), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="henkilo-{person.pk}.json"'
    return response


@coordinator_required
def person_export_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The same export as the JSON, for people: printable, in the coordinator's language."""
    person = get_object_or_404(Person, pk=pk)
    return render(
        request,
        "workspace/person_export.html",
        {"person": person, "sections": rights.readable_export(rights.person_export(person=person))},
    )


@coordinator_required
def person_duplicates(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = {int(pk) for pk in request.POST.getlist("group") if pk.isdigit()}
        keep = get_object_or_404(Person, pk=request.POST.get("keep"), pk__in=ids)
        others = list(Person.objects.filter(pk__in=ids - {keep.pk}))
        try:
            for duplicate in others:
                person_merge(keep=keep, duplicate=duplicate, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s entry was merged into %(name)s.", "%(n)s entries were merged into %(name)s.", len(others)
                )
                % {"n": len(others), "name": keep.full_name},
            )
        return redirect("workspace:person_duplicates")
    return render(
        request,
        "workspace/person_duplicates.html",
        {"groups": likely_duplicates(), "coordinator_section": "people"},
    )
