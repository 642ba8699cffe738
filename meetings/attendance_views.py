"""The coordinator's attendance page of an event, one day at a time: tick the people and member
organisations present, add someone who came without registering, import a participant list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings import attendance as services
from meetings import participant_lists
from meetings.attendance_forms import DayAttendanceForm, ParticipantConfirmForm, ParticipantListForm, WalkInForm
from meetings.models import Event, EventDay, WalkIn
from tervekunta.permissions import coordinator_required


def _chosen_day(request: HttpRequest, days: list[EventDay]) -> EventDay | None:
    """The day asked for, else the latest day that has begun, else the first day."""
    wanted = request.POST.get("day") or request.GET.get("day")
    for day in days:
        if str(day.pk) == wanted:
            return day
    begun = [day for day in days if services.has_begun(day)]
    return begun[-1] if begun else (days[0] if days else None)


def _back(event: Event, day: EventDay, anchor: str = "") -> HttpResponse:
    url = f"{reverse('meetings:attendance', kwargs={'pk': event.pk})}?day={day.pk}"
    return redirect(f"{url}#{anchor}" if anchor else url)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@coordinator_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    days = list(event.days.order_by("starts_at", "pk"))
    day = _chosen_day(request, days)
    context = {"event": event, "days": days, "day": day, "coordinator_section": "events"}
    if day is None or not services.has_begun(day):
        return render(request, "meetings/attendance_form.html", context)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "walk_in_remove":
        walk_in = get_object_or_404(WalkIn, pk=request.POST.get("walk_in"), day=day)
        services.walk_in_remove(walk_in=walk_in, actor=request.user)
        messages.success(request, _("%(name)s was removed from the participants.") % {"name": walk_in.name})
        return _back(event, day, "walk-ins-heading")
    if action == "all":
        try:
            marked = services.attendance_mark_all(day=day, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                ngettext("%(n)s registered person marked present.", "%(n)s registered people marked present.", marked)
                % {"n": marked},
            )
        return _back(event, day)
    day_data = services.day_attendance(day)
    members = [choice.organisation for choice in day_data.members]
    initial = {
        "attended": [p.pk for p in day_data.places if p.attended],
        "present": [m.organisation.pk for m in day_data.members if m.ticked],
    }
    form = DayAttendanceForm(request.POST if action == "save" else None, attendance=day_data, initial=initial)
    walk_in_form = WalkInForm(request.POST if action == "walk_in" else None, members=members)
    list_form = ParticipantListForm(
        request.POST if action == "preview" else None, request.FILES if action == "preview" else None
    )
    preview = confirm_form = None
    if action == "save" and form.is_valid():
        try:
            saved = services.attendance_save(
                day=day,
                place_ids=form.cleaned_data["attended"],
                organisation_ids=form.cleaned_data["present"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Attendance saved: %(yes)s attended, %(no)s did not.")
                % {"yes": saved.attended, "no": saved.not_attended},
            )
            return _back(event, day)
    if action == "walk_in" and walk_in_form.is_valid():
        data = walk_in_form.cleaned_data
        try:
            services.walk_in_add(
                day=day,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                organisation_other=data["organisation_other"],
                actor=request.user,
            )
        except ValidationError as error:
            walk_in_form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is recorded as present.") % {"name": data["name"]})
            return _back(event, day, "walk-ins-heading")
    if action == "preview" and list_form.is_valid():
        try:
            people = participant_lists.read_participant_list(list_form.cleaned_data["participants"])
        except ValidationError as error:
            list_form.add_error("participants", error)
        else:
            preview = participant_lists.match_participants(day, people)
            confirm_form = ParticipantConfirmForm(
                initial={
                    "rows": participant_lists.sign(people),
                    "include": [n for n, match in enumerate(preview) if not match.already],
                },
                count=len(people),
            )
    if action == "import":
        try:
            people = participant_lists.unsign(request.POST.get("rows", ""))
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return _back(event, day, "import-heading")
        confirm = ParticipantConfirmForm(request.POST, count=len(people))
        if confirm.is_valid():
            chosen = [people[n] for n in sorted(set(confirm.cleaned_data["include"]))]
            try:
                result = participant_lists.attendance_import(
                    day=day, matches=participant_lists.match_participants(day, chosen), actor=request.user
                )
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(
                    request,
                    _(
                        "Participant list saved: %(registered)s registered people marked present, %(added)s "
                        "people without registration added, %(already)s already recorded."
                    )
                    % {"registered": result.registered, "added": result.added, "already": result.already},
                )
            return _back(event, day)
    context.update(
        {
            "attendance": day_data,
            "form": form,
            "checked_places": {str(v) for v in (form["attended"].value() or [])},
            "checked_members": {str(v) for v in (form["present"].value() or [])},
            "walk_in_form": walk_in_form,
            "list_form": list_form,
            "preview": preview,
            "confirm_form": confirm_form,
        }
    )
    return render(request, "meetings/attendance_form.html", context)
