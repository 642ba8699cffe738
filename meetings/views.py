from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from meetings import offers, services
from meetings.choices import HOST_OF_THE_YEAR, Audience, PlaceStatus
from meetings.feed import build_feed
from meetings.forms import HostingOfferForm, ParticipationForm, RegistrationForm
from meetings.models import Event, EventDay, Hosting, Registration
from meetings.planner import host_standings, plan_hosts
from meetings.reports import (
    DEFAULT_THRESHOLD,
    PARTICIPATION_COLUMNS,
    meetings_per_year,
    participation_export_rows,
    participation_report,
)
from tervekunta.antispam import protect_public_form
from tervekunta.permissions import coordinator_required
from tervekunta.spreadsheets import xlsx_response


def _open_days():
    return Prefetch("days", queryset=EventDay.objects.open().order_by("starts_at"), to_attr="open_days")


def calendar(request: HttpRequest) -> HttpResponse:
    events = Event.objects.with_upcoming_open_days().prefetch_related(_open_days())
    return render(request, "meetings/event_list.html", {"events": events})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    days = Prefetch("days", queryset=EventDay.objects.order_by("starts_at"), to_attr="all_days")
    event = get_object_or_404(Event.objects.filter(published=True).prefetch_related(days), pk=pk)
    event.open_days = [day for day in event.all_days if day.audience == Audience.OPEN]
    if not event.open_days:
        # An event with members-only days alone is not public.
        raise Http404
    hosts = Hosting.objects.filter(event=event, status__in=HOST_OF_THE_YEAR).select_related("organisation")
    is_over = all(day.ends_at < timezone.now() for day in event.all_days)
    return render(request, "meetings/event_detail.html", {"event": event, "is_over": is_over, "hosts": list(hosts)})


def _is_over(event: Event) -> bool:
    """Every day of the event has ended: nobody can register any more."""
    return not event.days.filter(ends_at__gte=timezone.now()).exists()


@protect_public_form(key="registration")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.filter(published=True), pk=pk)
    if not event.registration_open:
        messages.info(request, _("Registration for this event is closed."))
        return redirect("meetings:event_detail", pk=event.pk)
    if _is_over(event):
        messages.info(request, _("Registration has closed: the event is over."))
        return redirect("meetings:event_detail", pk=event.pk)
    form = RegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                event=event,
                name=data["name"],
                email=data["email"],
                days=data["days"],
                organisation=data["organisation"],
                organisation_other=data["organisation_other"],
                mode=data["mode"],
                diet=data["diet"],
                accessibility_needs=data["accessibility_needs"],
                language=translation.get_language() or "fi",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you for registering. A confirmation with a private link was sent to your e-mail.")
            )
            return redirect("meetings:registration_detail", token=registration.token)
    return render(request, "meetings/registration_form.html", {"event": event, "form": form})


def _registration_from_token(token: str) -> Registration:
    try:
        pk = Registration.pk_from_token(token)
    except (signing.BadSignature, ValueError) as error:
        raise Http404 from error
    return get_object_or_404(Registration.objects.select_related("event", "organisation"), pk=pk)


@never_cache
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    places = list(registration.places.select_related("day").order_by("day__starts_at"))
    has_place = registration.cancelled_at is None and any(p.status == PlaceStatus.CONFIRMED for p in places)
    return render(
        request,
        "meetings/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "places": places,
            "has_place": has_place,
            "token": token,
        },
    )


@require_POST
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("meetings:registration_detail", token=token)


def feed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(build_feed(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tervekunta.ics"'
    return response


@coordinator_required
def coordinator_events(request: HttpRequest) -> HttpResponse:
    events = Event.objects.prefetch_related(
        Prefetch("days", queryset=EventDay.objects.order_by("starts_at")),
        Prefetch("hostings", queryset=Hosting.objects.select_related("organisation").order_by("pk")),
    ).order_by("-pk")[:100]
    return render(request, "meetings/event_coordinator_list.html", {"events": events, "coordinator_section": "events"})


def _participation_form(request: HttpRequest) -> ParticipationForm:
    this_year = timezone.localdate().year
    defaults = {"first_year": this_year - 2, "last_year": this_year, "threshold": DEFAULT_THRESHOLD}
    return ParticipationForm(request.GET if request.GET else defaults)


@coordinator_required
def participation(request: HttpRequest) -> HttpResponse:
    form = _participation_form(request)
    held, rows, meetings = {}, [], {}
    if form.is_valid():
        data = form.cleaned_data
        held, rows = participation_report(**data)
        meetings = meetings_per_year(first_year=data["first_year"], last_year=data["last_year"])
    return render(
        request,
        "meetings/participation_report.html",
        {
            "form": form,
            "held": held,
            "meetings": meetings,
            "rows": rows,
            "query": request.GET.urlencode(),
            "coordinator_section": "participation",
        },
    )


@coordinator_required
def participation_export(request: HttpRequest) -> HttpResponse:
    form = _participation_form(request)
    if not form.is_valid():
        return redirect(f"{reverse('meetings:participation')}?{request.GET.urlencode()}")
    _held, rows = participation_report(**form.cleaned_data)
    filename = f"osallistuminen-{form.cleaned_data['first_year']}-{form.cleaned_data['last_year']}"
    return xlsx_response(filename, PARTICIPATION_COLUMNS, participation_export_rows(rows))


@coordinator_required
def hosting_plan(request: HttpRequest) -> HttpResponse:
    start = timezone.localdate().year + 1
    offer_form = HostingOfferForm(
        request.POST if request.POST.get("action") == "offer" else None,
        initial={"year": start, "offered_on": timezone.localdate()},
    )
    if offer_form.is_bound:
        if offer_form.is_valid():
            data = offer_form.cleaned_data
            try:
                offers.hosting_offer(
                    organisation=data["organisation"],
                    year=data["year"],
                    offered_on=data["offered_on"],
                    actor=request.user,
                )
            except ValidationError as error:
                offer_form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The offer of %(organisation)s to host %(year)s is recorded.")
                    % {"organisation": data["organisation"], "year": data["year"]},
                )
                return redirect("meetings:hosting_plan")
    elif request.method == "POST":
        recorded = services.hosting_plan_record(start_year=start, actor=request.user)
        messages.success(
            request,
            ngettext("%(n)s proposal recorded as a hosting.", "%(n)s proposals recorded as hostings.", len(recorded))
            % {"n": len(recorded)},
        )
        return redirect("meetings:hosting_plan")
    return render(
        request,
        "meetings/hosting_plan.html",
        {
            "proposals": plan_hosts(start_year=start),
            "standings": host_standings(year=start),
            "offer_form": offer_form,
            "start": start,
            "coordinator_section": "hosting_plan",
        },
    )
