from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from meetings import selectors, services
from meetings.choices import PlaceStatus
from meetings.feed import build_feed
from meetings.forms import AttendanceForm, ParticipationForm, RegistrationForm, RegistrationLinkForm
from meetings.models import PRIVATE_LINK, Event, Registration, RegistrationDay
from meetings.planner import plan_hosts
from meetings.reports import DEFAULT_THRESHOLD, participation_report
from tervekunta import links
from tervekunta.antispam import protect_public_form
from tervekunta.http import versioned_page
from tervekunta.permissions import coordinator_required


@require_safe
@versioned_page("events")
def calendar(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/event_list.html", {"events": selectors.upcoming_public_events()})


@require_safe
@versioned_page("events")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.published_events(), pk=pk)
    if not event.open_days:
        # An event with members-only days alone is not public.
        raise Http404
    return render(request, "meetings/event_detail.html", {"event": event})


@protect_public_form(key="registration")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.filter(published=True), pk=pk)
    if not event.registration_open:
        messages.info(request, _("Registration for this event is closed."))
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
    return render(
        request,
        "meetings/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "places": places,
            "has_place": has_place,
            "awaiting": awaiting,
            "token": token,
            "private_link": services.registration_url(registration),
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


@require_POST
@private
def registration_cancel(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("meetings:registration_detail", token=token)


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


@coordinator_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    places = selectors.attendance_places(event)
    form = AttendanceForm(
        request.POST or None, places=places, initial={"attended": [p.pk for p in places if p.attended]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            yes, no = services.attendance_record(
                event=event, attended_ids=form.cleaned_data["attended"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attendance saved: %(yes)s attended, %(no)s did not.") % {"yes": yes, "no": no})
            return redirect("meetings:attendance", pk=event.pk)
    checked = {str(v) for v in (form["attended"].value() or [])}
    groups: dict[str, list] = {}
    for place in places:
        groups.setdefault(place.registration.organisation_name or _("No organisation"), []).append(
            (place, str(place.pk) in checked)
        )
    return render(
        request,
        "meetings/attendance_form.html",
        {"event": event, "form": form, "groups": groups, "coordinator_section": "events"},
    )


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
    this_year = timezone.localdate().year
    defaults = {"first_year": this_year - 2, "last_year": this_year, "threshold": DEFAULT_THRESHOLD}
    form = ParticipationForm(request.GET if request.GET else defaults)
    held, rows = {}, []
    if form.is_valid():
        held, rows = participation_report(**form.cleaned_data)
    return render(
        request,
        "meetings/participation_report.html",
        {"form": form, "held": held, "rows": rows, "coordinator_section": "participation"},
    )


@coordinator_required
def hosting_plan(request: HttpRequest) -> HttpResponse:
    start = timezone.localdate().year + 1
    if request.method == "POST":
        recorded = services.hosting_plan_record(start_year=start, actor=request.user)
        messages.success(
            request,
            ngettext("%(n)s proposal recorded as a hosting.", "%(n)s proposals recorded as hostings.", len(recorded))
            % {"n": len(recorded)},
        )
        return redirect("meetings:hosting_plan")
    proposals = plan_hosts(start_year=start)
    return render(
        request,
        "meetings/hosting_plan.html",
        {"proposals": proposals, "start": start, "coordinator_section": "hosting_plan"},
    )
