from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from meetings import offers, selectors, services
from meetings.choices import ACTIVE_PLACE, Audience, PlaceStatus
from meetings.feed import build_feed
from meetings.forms import (
    HostingOfferForm,
    ParticipationForm,
    RegistrationCancelForm,
    RegistrationChangeForm,
    RegistrationForm,
    RegistrationLinkForm,
)
from meetings.models import PRIVATE_LINK, Event, EventDay, Registration, RegistrationDay
from meetings.planner import host_standings, plan_hosts
from meetings.reports import (
    DEFAULT_THRESHOLD,
    PARTICIPATION_COLUMNS,
    meetings_per_year,
    participation_export_rows,
    participation_report,
)
from tervekunta import links
from tervekunta.antispam import protect_public_form
from tervekunta.http import versioned_page
from tervekunta.permissions import coordinator_required
from tervekunta.spreadsheets import xlsx_response


@require_safe
@versioned_page("events", "places")
def calendar(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/event_list.html", {"events": selectors.upcoming_public_events()})


@require_safe
@versioned_page("events", "places")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    days = Prefetch("days", queryset=EventDay.objects.with_taken().order_by("starts_at"), to_attr="all_days")
    event = get_object_or_404(Event.objects.filter(published=True).select_related("host").prefetch_related(days), pk=pk)
    event.open_days = [day for day in event.all_days if day.audience == Audience.OPEN]
    if not event.open_days:
        # An event with members-only days alone is not public.
        raise Http404
    return render(
        request,
        "meetings/event_detail.html",
        {
            "event": event,
            "closed": selectors.registration_closed(event, event.all_days),
            "hosts": selectors.event_hosts(event),
        },
    )


def _closed_message(closed: str) -> str:
    return {
        selectors.CLOSED_OVER: _("Registration has closed: the event is over."),
        selectors.CLOSED_DEADLINE: _("Registration has closed: the deadline has passed."),
        selectors.CLOSED: _("Registration for this event is closed."),
    }[closed]


@protect_public_form(key="registration")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.filter(published=True), pk=pk)
    if closed := selectors.registration_closed(event):
        messages.info(request, _closed_message(closed))
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
                needs_consent=data["needs_consent"],
                language=translation.get_language() or "fi",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you for registering. A confirmation with a private link was sent to your e-mail; "
                    "the link is also on this page."
                ),
            )
            if registration.places.awaiting().exists():
                messages.info(
                    request,
                    _(
                        "Your place on the day for members awaits the coordinator’s confirmation that you are from "  # noqa: RUF001
                        "a member organisation. We will tell you by e-mail."
                    ),
                )
            return redirect("meetings:registration_detail", token=links.make_token(PRIVATE_LINK, registration))
    return render(request, "meetings/registration_form.html", {"event": event, "form": form})


def private(view):
    """Resolve the signed link: a bad one is not found, an expired one gets a page that says so."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        try:
            registration = links.resolve(
                PRIVATE_LINK, token, Registration.objects.select_related("event", "organisation")
            )
        except links.LinkError as error:
            if not error.expired:
                raise Http404 from error
            response = render(request, "meetings/registration_link_expired.html", status=410)
        else:
            response = view(request, registration, token)
        add_never_cache_headers(response)
        return response

    return wrapper


@private
def registration_detail(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    places = selectors.registration_places(registration)
    has_place = registration.cancelled_at is None and any(p.status == PlaceStatus.CONFIRMED for p in places)
    awaiting = registration.cancelled_at is None and any(p.status == PlaceStatus.AWAITING for p in places)
    now = timezone.now()
    coming = [p for p in places if p.status in ACTIVE_PLACE and p.day.ends_at >= now]
    return render(
        request,
        "meetings/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "places": places,
            "has_place": has_place,
            "awaiting": awaiting,
            "can_cancel": registration.cancelled_at is None and bool(coming),
            "can_change": registration.cancelled_at is None and bool(coming),
            "token": token,
            "private_link": services.registration_url(registration),
        },
    )


def _coming_places(registration: Registration) -> list[RegistrationDay]:
    now = timezone.now()
    return [
        place
        for place in selectors.registration_places(registration)
        if place.status in ACTIVE_PLACE and place.day.ends_at >= now
    ]


@private
def registration_cancel(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    """Cancelling asks first: which of the coming days (all of them unless the person unticks some)."""
    coming = _coming_places(registration)
    if registration.cancelled_at is not None or not coming:
        messages.info(request, _("There is nothing left to cancel in this registration."))
        return redirect("meetings:registration_detail", token=token)
    days = EventDay.objects.filter(pk__in=[place.day_id for place in coming]).with_taken().order_by("starts_at")
    form = RegistrationCancelForm(request.POST if request.method == "POST" else None, days=days)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["days"])
        whole = len(chosen) == len(coming)
        try:
            services.registration_cancel(registration=registration, days=None if whole else chosen, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if whole:
                messages.success(request, _("Your registration has been cancelled."))
            else:
                messages.success(request, _("The chosen days have been cancelled; your other days stay as they were."))
            return redirect("meetings:registration_detail", token=token)
    return render(
        request,
        "meetings/registration_cancel.html",
        {"registration": registration, "event": registration.event, "form": form, "token": token},
    )


@private
def registration_change(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    """The registrant changes days, participation, diet and needs by the same rules as registering."""
    if registration.cancelled_at is not None or not _coming_places(registration):
        messages.info(request, _("This registration can no longer be changed."))
        return redirect("meetings:registration_detail", token=token)
    places = selectors.registration_places(registration)
    active_ids = {place.day_id for place in places if place.status in ACTIVE_PLACE}
    now = timezone.now()
    past_ids = {place.day_id for place in places if place.day_id in active_ids and place.day.ends_at < now}
    form = RegistrationChangeForm(
        request.POST if request.method == "POST" else None, registration=registration, active_day_ids=active_ids
    )
    closed = selectors.registration_closed(registration.event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_change(
                registration=registration,
                # Days already over are not on the form; they stay as they were.
                days=[*data["days"], *EventDay.objects.filter(pk__in=past_ids)],
                mode=data["mode"],
                diet=data["diet"],
                accessibility_needs=data["accessibility_needs"],
                needs_consent=data["needs_consent"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your registration has been changed."))
            return redirect("meetings:registration_detail", token=token)
    return render(
        request,
        "meetings/registration_change.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
            "token": token,
            "closed_message": _closed_message(closed) if closed else "",
        },
    )


@protect_public_form(key="registration_link")
def registration_link(request: HttpRequest) -> HttpResponse:
    """A lost registration link is sent again to the address it was made with."""
    form = RegistrationLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.registration_links_request(email=form.cleaned_data["email"])
        # The same words whether or not the address matched: nobody learns who has registered.
        messages.success(
            request, _("If that address is registered for a coming event, the private links are on their way to it.")
        )
        return redirect("meetings:registration_link")
    return render(request, "meetings/registration_link.html", {"form": form})


@require_safe
@versioned_page("events", personal=False)
def feed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(build_feed(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tervekunta.ics"'
    return response


@coordinator_required
def coordinator_events(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/event_coordinator_list.html",
        {"events": selectors.coordinator_events(), "coordinator_section": "events"},
    )


def _participation_form(request: HttpRequest) -> ParticipationForm:
    this_year = timezone.localdate().year
    defaults = {"first_year": this_year - 2, "last_year": this_year, "threshold": DEFAULT_THRESHOLD}
    return ParticipationForm(request.GET if request.GET else defaults)


@coordinator_required
def membership_confirmations(request: HttpRequest, pk: int) -> HttpResponse:
    """Members-only places that wait for a coordinator: confirm the person's membership or decline."""
    event = get_object_or_404(Event, pk=pk)
    if request.method == "POST":
        place = get_object_or_404(RegistrationDay, pk=request.POST.get("place") or 0, day__event=event)
        decide = {"confirm": services.place_membership_confirm, "decline": services.place_membership_decline}
        if request.POST.get("decision") not in decide:
            raise Http404
        try:
            place = decide[request.POST["decision"]](place=place, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.") % {"name": place.registration.name, "status": place.get_status_display()},
            )
        return redirect("meetings:membership_confirmations", pk=event.pk)
    places = (
        RegistrationDay.objects.filter(day__event=event)
        .awaiting()
        .select_related("registration__organisation", "day")
        .queue_order()
    )
    return render(
        request,
        "meetings/membership_confirmations.html",
        {"event": event, "places": places, "coordinator_section": "events"},
    )


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
