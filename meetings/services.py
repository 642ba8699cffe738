"""Writes for events: registration, change and cancellation with waitlist promotion, attendance, hosting.

The public views, the coordinator pages and the admin call these, so capacity, the
members-only rule and the e-mails are the same everywhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import Email
from simple_history.utils import bulk_update_with_history

from meetings import selectors
from meetings.attendance import mark_recorded
from meetings.choices import (
    ACTIVE_PLACE,
    HOST_OF_THE_YEAR,
    HOSTING_TRANSITIONS,
    PLACE_TRANSITIONS,
    AttendanceMode,
    HostingStatus,
    PlaceStatus,
)
from meetings.models import PRIVATE_LINK, Event, EventDay, Hosting, Registration, RegistrationDay
from members.models import Appointment, Organisation
from tervekunta import links
from tervekunta.history import acting_user, record_actor
from tervekunta.mail import queue_mail
from tervekunta.statuses import change_status, lock_for_change


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error shown next to `field` of the form, keeping its code for callers and tests."""
    return ValidationError({field: ValidationError(message, code=code)})


def registration_url(registration: Registration) -> str:
    """The private, signed address where the person sees and cancels their registration."""
    return links.absolute_url(
        "meetings:registration_detail", PRIVATE_LINK, registration, language=registration.language
    )


def _queue(registration: Registration, template: str, context: dict | None = None) -> Email:
    """Queue `meetings/email/<template>` to the registrant in their language, in this transaction."""
    places = selectors.registration_places(registration)
    return queue_mail(
        to=registration.email,
        template=f"meetings/email/{template}",
        language=registration.language,
        context={
            "registration": registration,
            "event": registration.event,
            "places": places,
            "awaiting": any(place.status == PlaceStatus.AWAITING for place in places),
            "url": registration_url(registration),
            **(context or {}),
        },
    )


def _is_member_on(organisation: Organisation | None, day: EventDay) -> bool:
    if organisation is None:
        return False
    local_date = timezone.localdate(day.starts_at)
    return Organisation.objects.members_on(local_date).filter(pk=organisation.pk).exists()


def _is_known_address(organisation: Organisation, email: str) -> bool:
    """The register knows `email` for the organisation: a person in one of its current appointments."""
    return Appointment.objects.current().filter(organisation=organisation, person__email__iexact=email).exists()


def _check_needs_consent(*, diet: str, accessibility_needs: str, needs_consent: bool) -> None:
    """Dietary and accessibility needs may tell of health: kept only with the person's explicit consent."""
    if (diet.strip() or accessibility_needs.strip()) and not needs_consent:
        raise _field_error(
            "needs_consent",
            _(
                "You wrote dietary or accessibility needs: tick the consent box so that we may use them, "
                "or empty those fields."
            ),
            "needs_consent",
        )


def _check_registration_open(event: Event, now: datetime.datetime) -> None:
    if not event.registration_open:
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    if event.deadline_passed(now):
        raise ValidationError(_("The registration deadline has passed."), code="deadline")


def _check_members_only(days: list[EventDay], organisation: Organisation | None) -> None:
    members_only = [day for day in days if day.is_members_only]
    if members_only and not _is_member_on(organisation, members_only[0]):
        raise _field_error(
            "days",
            _(
                "The day for members is only for people from member organisations of the network. "
                "Choose your member organisation, or register for the open day only."
            ),
            "members_only",
        )


def _new_place_status(day: EventDay, mode: str, *, known_member: bool) -> str:
    """Where a new request for `day` goes: a place, the waiting list of its mode, or the coordinator."""
    if day.is_members_only and not known_member:
        return PlaceStatus.AWAITING
    return PlaceStatus.WAITLISTED if _is_full(day, mode) else PlaceStatus.CONFIRMED


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    days: Iterable[EventDay],
    organisation: Organisation | None = None,
    organisation_other: str = "",
    mode: str,
    diet: str = "",
    accessibility_needs: str = "",
    needs_consent: bool = False,
    language: str = "fi",
) -> Registration:
    """Register one person for chosen days; a day full for their mode puts them on its waiting list.

    On-site and remote places are counted apart, so a remote participant never waits for a
    seat. The members-only day is refused to anyone whose organisation is not a current member;
    its place is confirmed only for an address the register knows for that member, anyone else
    awaits a coordinator's confirmation. One e-mail address registers once per event, before
    the deadline, and dietary or accessibility needs are kept only with explicit consent.
    """
    email = email.strip().lower()
    now = timezone.now()
    day_ids = sorted({day.pk for day in days})
    if not day_ids:
        raise _field_error("days", _("Choose at least one day."), "no_days")
    _check_registration_open(event, now)
    _check_needs_consent(diet=diet, accessibility_needs=accessibility_needs, needs_consent=needs_consent)
    # Lock the chosen days in a fixed order: concurrent registrations queue here, so the
    # count of confirmed places below cannot be overtaken.
    locked = list(EventDay.objects.select_for_update().filter(pk__in=day_ids, event=event).order_by("pk"))
    if len(locked) != len(day_ids):
        raise _field_error("days", _("Choose days of this event."), "wrong_event")
    if any(day.ends_at < now for day in locked):
        raise _field_error("days", _("A chosen day is already over."), "day_over")
    _check_members_only(locked, organisation)
    if Registration.objects.active().filter(event=event, email=email).exists():
        raise _field_error(
            "email", _("This e-mail address is already registered for this event."), "already_registered"
        )
    has_needs = bool(diet.strip() or accessibility_needs.strip())
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email,
        organisation=organisation,
        organisation_other="" if organisation else organisation_other.strip(),
        mode=mode,
        diet=diet.strip(),
        accessibility_needs=accessibility_needs.strip(),
        needs_consent_at=now if has_needs else None,
        language=language,
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        # Two simultaneous requests with the same address: the database constraint decides.
        raise _field_error(
            "email", _("This e-mail address is already registered for this event."), "already_registered"
        ) from error
    # Anyone can pick a member from the list: the place waits unless the address is the member's own.
    known = any(day.is_members_only for day in locked) and _is_known_address(organisation, email)
    for day in locked:
        status = _new_place_status(day, mode, known_member=known)
        RegistrationDay.objects.create(registration=registration, day=day, status=status, queued_at=now)
    _queue(registration, "registration_confirmation")
    return registration


def _taken(day: EventDay, mode: str, *, exclude: Registration | None = None) -> int:
    """Confirmed places of `mode` on `day` (without `exclude`'s own)."""
    places = RegistrationDay.objects.filter(day=day, registration__mode=mode).confirmed()
    if exclude is not None:
        places = places.exclude(registration=exclude)
    return places.count()


def _is_full(day: EventDay, mode: str, *, exclude: Registration | None = None) -> bool:
    capacity = day.capacity_for(mode)
    return capacity is not None and _taken(day, mode, exclude=exclude) >= capacity


def _promote_next(day: EventDay, mode: str, actor: AbstractBaseUser | None) -> RegistrationDay | None:
    """Move the first person waiting for `day` in `mode` up if a place of that mode is free (the
    day row is locked); the other mode's waiting list is not touched."""
    if _is_full(day, mode):
        return None
    waiting = (
        RegistrationDay.objects.select_for_update()
        .filter(day=day, registration__cancelled_at__isnull=True, registration__mode=mode)
        .waitlisted()
        .queue_order()
        .select_related("registration__event")
        .first()
    )
    if waiting is None:
        return None
    now = timezone.now()
    place = change_status(
        waiting, PlaceStatus.CONFIRMED, transitions=PLACE_TRANSITIONS, actor=actor, at=now, promoted_at=now
    )
    _queue(waiting.registration, "waitlist_promoted", {"promoted_day": day})
    return place


def _promote_all(day: EventDay, mode: str, actor: AbstractBaseUser | None) -> list[RegistrationDay]:
    promoted = []
    while (place := _promote_next(day, mode, actor)) is not None:
        promoted.append(place)
    return promoted


def _lock_event_days(event: Event) -> dict[int, EventDay]:
    """Lock every day of the event in the order every service locks days (by primary key)."""
    return {day.pk: day for day in EventDay.objects.select_for_update().filter(event=event).order_by("pk")}


@transaction.atomic
def registration_cancel(
    *,
    registration: Registration,
    days: Iterable[EventDay] | None = None,
    actor: AbstractBaseUser | None = None,
) -> list[RegistrationDay]:
    """Cancel the chosen days of a registration (all of them without `days`) and give each freed
    place to the next person waiting for that day in the same mode; the other days keep their
    places and queues. Cancelling the last remaining day cancels the registration."""
    locked_days = _lock_event_days(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.cancelled_at is not None:
        raise ValidationError(_("This registration has already been cancelled."), code="already_cancelled")
    active = list(registration.places.filter(status__in=ACTIVE_PLACE).order_by("day__starts_at", "pk"))
    if days is not None:
        chosen = {day.pk for day in days}
        to_cancel = [place for place in active if place.day_id in chosen]
        if not to_cancel:
            raise _field_error("days", _("Choose at least one of your days to cancel."), "no_days")
    else:
        to_cancel = active
    now = timezone.now()
    for place in to_cancel:
        change_status(place, PlaceStatus.CANCELLED, transitions=PLACE_TRANSITIONS, actor=actor, at=now)
    whole = len(to_cancel) == len(active)
    if whole:
        registration.cancelled_at = now
        record_actor(registration, actor)
        registration.save(update_fields=["cancelled_at"])
    promoted = []
    for place in to_cancel:
        promoted += _promote_all(locked_days[place.day_id], registration.mode, actor)
    _queue(
        registration,
        "registration_cancelled",
        {"whole": whole, "cancelled_days": [locked_days[place.day_id] for place in to_cancel]},
    )
    return promoted


@transaction.atomic
def registration_change(
    *,
    registration: Registration,
    days: Iterable[EventDay],
    mode: str,
    diet: str = "",
    accessibility_needs: str = "",
    needs_consent: bool = False,
    actor: AbstractBaseUser | None = None,
) -> Registration:
    """Change a registration's days, mode of participation, diet and needs by the rules of a new
    registration: a day added or a mode changed takes a free place of that mode or joins the end
    of its waiting list; a day left out is cancelled and its place goes to the next in line.

    Days and mode change only while registration is open; diet and needs until the event is over.
    """
    now = timezone.now()
    locked_days = _lock_event_days(registration.event)
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    event = registration.event
    if registration.cancelled_at is not None:
        raise ValidationError(_("This registration has been cancelled."), code="cancelled")
    _check_needs_consent(diet=diet, accessibility_needs=accessibility_needs, needs_consent=needs_consent)
    places = {place.day_id: place for place in registration.places.all()}
    active_ids = {day_id for day_id, place in places.items() if place.status in ACTIVE_PLACE}
    chosen_ids = {day.pk for day in days}
    if not chosen_ids:
        raise _field_error("days", _("Choose at least one day."), "no_days")
    if chosen_ids - set(locked_days):
        raise _field_error("days", _("Choose days of this event."), "wrong_event")
    added = sorted(chosen_ids - active_ids)
    removed = sorted(active_ids - chosen_ids)
    old_mode = registration.mode
    if added or removed or mode != old_mode:
        _check_registration_open(event, now)
    if any(locked_days[day_id].ends_at < now for day_id in [*added, *removed]):
        raise _field_error("days", _("A chosen day is already over."), "day_over")
    if any(places[day_id].status == PlaceStatus.DECLINED for day_id in added if day_id in places):
        raise _field_error(
            "days", _("Your place on the day for members was declined; it cannot be chosen again."), "declined"
        )
    _check_members_only([locked_days[day_id] for day_id in added], registration.organisation)

    has_needs = bool(diet.strip() or accessibility_needs.strip())
    registration.mode = mode
    registration.diet = diet.strip()
    registration.accessibility_needs = accessibility_needs.strip()
    if not has_needs:
        registration.needs_consent_at = None
    elif registration.needs_consent_at is None:
        registration.needs_consent_at = now
    registration.full_clean(validate_constraints=False)
    record_actor(registration, actor)
    registration.save()

    # Days left out: cancelled, their places freed for the old mode's queue.
    for day_id in removed:
        change_status(places[day_id], PlaceStatus.CANCELLED, transitions=PLACE_TRANSITIONS, actor=actor, at=now)
    # Days kept, in a new mode: the place moves to the new mode's places or the end of its queue.
    if mode != old_mode:
        for day_id in sorted(active_ids & chosen_ids):
            place, day = places[day_id], locked_days[day_id]
            if place.status == PlaceStatus.AWAITING:
                continue
            full = _is_full(day, mode, exclude=registration)
            if place.status == PlaceStatus.CONFIRMED and full:
                change_status(
                    place, PlaceStatus.WAITLISTED, transitions=PLACE_TRANSITIONS, actor=actor, at=now, queued_at=now
                )
            elif place.status == PlaceStatus.WAITLISTED and not full:
                change_status(
                    place, PlaceStatus.CONFIRMED, transitions=PLACE_TRANSITIONS, actor=actor, at=now, queued_at=now
                )
            elif place.status == PlaceStatus.WAITLISTED:
                RegistrationDay.objects.filter(pk=place.pk).update(queued_at=now)
    # Days added: a new request in the chosen mode.
    known = any(locked_days[day_id].is_members_only for day_id in added) and _is_known_address(
        registration.organisation, registration.email
    )
    for day_id in added:
        day = locked_days[day_id]
        status = _new_place_status(day, mode, known_member=known)
        if day_id in places:
            change_status(places[day_id], status, transitions=PLACE_TRANSITIONS, actor=actor, at=now, queued_at=now)
        else:
            RegistrationDay.objects.create(registration=registration, day=day, status=status, queued_at=now)
    # Whatever the change freed goes to the next in line, per day and mode.
    for day_id in sorted({*removed, *(active_ids if mode != old_mode else ())}):
        _promote_all(locked_days[day_id], old_mode, actor)
    if added or removed or mode != old_mode:
        _queue(registration, "registration_changed")
    return registration


def _decide_membership(place: RegistrationDay, decision: str, actor: AbstractBaseUser) -> RegistrationDay:
    """A coordinator's decision on a place awaiting confirmation of membership (the day row is locked)."""
    day = EventDay.objects.select_for_update().get(pk=place.day_id)
    if Registration.objects.filter(pk=place.registration_id, cancelled_at__isnull=False).exists():
        raise ValidationError(_("This registration has been cancelled."), code="cancelled")
    place = change_status(
        place, decision, transitions=PLACE_TRANSITIONS, actor=actor, only_from=frozenset({PlaceStatus.AWAITING})
    )
    template = {
        PlaceStatus.CONFIRMED: "place_confirmed",
        PlaceStatus.WAITLISTED: "place_waitlisted",
        PlaceStatus.DECLINED: "place_declined",
    }[decision]
    _queue(place.registration, template, {"decided_day": day})
    return place


@transaction.atomic
def place_membership_confirm(*, place: RegistrationDay, actor: AbstractBaseUser) -> RegistrationDay:
    """A coordinator confirms the person is from the member organisation: the place is theirs, or
    they join the day's waiting list when it is full."""
    day = EventDay.objects.select_for_update().get(pk=place.day_id)
    mode = Registration.objects.values_list("mode", flat=True).get(pk=place.registration_id)
    full = _is_full(day, mode)
    return _decide_membership(place, PlaceStatus.WAITLISTED if full else PlaceStatus.CONFIRMED, actor)


@transaction.atomic
def place_membership_decline(*, place: RegistrationDay, actor: AbstractBaseUser) -> RegistrationDay:
    """A coordinator declines a members-only place: the person is not from the member organisation."""
    return _decide_membership(place, PlaceStatus.DECLINED, actor)


_UNCHANGED = object()


@transaction.atomic
def day_capacity_change(
    *,
    day: EventDay,
    capacity: int | object | None = _UNCHANGED,
    remote_capacity: int | object | None = _UNCHANGED,
    actor: AbstractBaseUser | None = None,
) -> EventDay:
    """Change a day's on-site or remote capacity; added places go to that mode's waiting list in order."""
    day = EventDay.objects.select_for_update().get(pk=day.pk)
    if capacity is not _UNCHANGED:
        day.capacity = capacity
    if remote_capacity is not _UNCHANGED:
        day.remote_capacity = remote_capacity
    day.full_clean()
    record_actor(day, actor)
    day.save()
    for mode in AttendanceMode.values:
        _promote_all(day, mode, actor)
    return day


def _set_attended(places: list[RegistrationDay], attended: bool, actor: AbstractBaseUser | None) -> None:
    # Only the places whose mark changes are written, each with a history row naming the actor.
    changed = [place for place in places if place.attended != attended]
    for place in changed:
        place.attended = attended
    if changed:
        bulk_update_with_history(changed, RegistrationDay, ["attended"], default_user=acting_user(actor))


@transaction.atomic
def attendance_record(
    *, event: Event, attended_ids: Iterable[int], actor: AbstractBaseUser | None = None
) -> tuple[int, int]:
    """Set who attended an event: the given confirmed places attended, every other one did not.

    Returns (attended, not attended).
    """
    attended_ids = set(attended_ids)
    places = list(
        RegistrationDay.objects.select_for_update(of=("self",))
        .select_related("day")
        .filter(day__event=event, status=PlaceStatus.CONFIRMED)
    )
    if attended_ids - {place.pk for place in places}:
        raise ValidationError(_("Only confirmed places of this event can be marked as attended."), code="not_confirmed")
    # Attendance is a fact about a day that has begun; later days keep theirs unrecorded.
    now = timezone.now()
    started = [place for place in places if place.day.starts_at <= now]
    if attended_ids - {place.pk for place in started}:
        raise ValidationError(_("Attendance can be recorded once the day has begun."), code="not_started")
    yes = [place for place in started if place.pk in attended_ids]
    no = [place for place in started if place.pk not in attended_ids]
    _set_attended(yes, True, actor)
    _set_attended(no, False, actor)
    mark_recorded(EventDay.objects.filter(event=event), actor=actor)
    return len(yes), len(no)


@transaction.atomic
def attendance_mark(
    *, places: Iterable[RegistrationDay], attended: bool = True, actor: AbstractBaseUser | None = None
) -> int:
    """Mark confirmed places of days that have begun attended (or not) in bulk, e.g. every
    registration of one organisation; returns how many were marked."""
    ids = [place.pk for place in places]
    locked = list(
        RegistrationDay.objects.select_for_update().filter(
            pk__in=ids, status=PlaceStatus.CONFIRMED, day__starts_at__lte=timezone.now()
        )
    )
    mark_recorded(EventDay.objects.filter(pk__in={place.day_id for place in locked}), actor=actor)
    _set_attended(locked, attended, actor)
    return len(locked)


@transaction.atomic
def hosting_set_status(
    *, hosting: Hosting, status: str, actor: AbstractBaseUser | None = None, note: str = ""
) -> Hosting:
    """Change a hosting's status along HOSTING_TRANSITIONS; a year has at most one confirmed or held host."""
    hosting = lock_for_change(hosting, status, transitions=HOSTING_TRANSITIONS)
    if status in HOST_OF_THE_YEAR:
        clash = Hosting.objects.filter(year=hosting.year, status__in=HOST_OF_THE_YEAR).exclude(pk=hosting.pk)
        if clash.exists():
            raise ValidationError(
                _("%(year)s already has a confirmed host: %(host)s. Record co-hosts on that hosting.")
                % {"year": hosting.year, "host": clash.select_related("organisation").first().organisation},
                code="year_taken",
            )
    return change_status(hosting, status, transitions=HOSTING_TRANSITIONS, actor=actor, note=note)


@transaction.atomic
def hosting_propose(
    *, year: int, organisation: Organisation, reasons: Iterable[str] = (), actor: AbstractBaseUser | None = None
) -> Hosting:
    """Record the planner's proposal for a year; an existing record of the organisation is kept as it is."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    existing = Hosting.objects.filter(year=year, organisation=organisation).first()
    if existing is not None:
        return existing
    hosting = Hosting(
        year=year, organisation=organisation, status=HostingStatus.PROPOSED, notes="\n".join(str(r) for r in reasons)
    )
    hosting.full_clean()
    record_actor(hosting, actor)
    hosting.save()
    return hosting


@transaction.atomic
def hosting_plan_record(*, start_year: int, actor: AbstractBaseUser | None = None) -> list[Hosting]:
    """Record the planner's current proposals for the coming years as “proposed” hostings."""
    from meetings.planner import plan_hosts

    recorded = []
    for proposal in plan_hosts(start_year=start_year):
        if proposal.confirmed or proposal.candidate is None:
            continue
        organisation = Organisation.objects.get(pk=proposal.candidate.pk)
        recorded.append(
            hosting_propose(year=proposal.year, organisation=organisation, reasons=proposal.reasons, actor=actor)
        )
    return recorded


# --- links asked for again, reminders --------------------------------------------------------


def registration_links_request(*, email: str) -> None:
    """Someone asks for their registration links again.

    The request only enqueues the search: whether or not the address is known, the page does
    the same work and answers in the same time.
    """
    from meetings.tasks import send_registration_links

    address = email.strip().lower()
    transaction.on_commit(lambda: send_registration_links.enqueue(address))


@transaction.atomic
def registration_send_links(*, email: str, now: datetime.datetime | None = None) -> int:
    """E-mail the private links of `email`'s registrations for events not yet over, one message
    per language; returns how many registrations it named."""
    now = now or timezone.now()
    registrations = list(
        Registration.objects.active()
        .filter(email=email.strip().lower(), places__day__ends_at__gte=now)
        .select_related("event")
        .distinct()
        .order_by("event__pk")
    )
    by_language: dict[str, list[Registration]] = {}
    for registration in registrations:
        by_language.setdefault(registration.language, []).append(registration)
    for language, group in by_language.items():
        queue_mail(
            to=group[0].email,
            template="meetings/email/registration_links",
            language=language,
            context={"name": group[0].name, "links": [(r.event, registration_url(r)) for r in group]},
        )
    return len(registrations)


REMINDER_BEFORE = datetime.timedelta(days=7)


@transaction.atomic
def registration_remind_upcoming(*, now: datetime.datetime | None = None) -> int:
    """Remind each registrant with a confirmed place of the days starting within REMINDER_BEFORE,
    once per place; returns how many messages it queued.

    Places taken within the last week before their day are not reminded: the confirmation is
    fresh. A place records its reminder in the transaction that queues it, so a second run sends
    nothing again.
    """
    now = now or timezone.now()
    places = RegistrationDay.objects.confirmed().filter(
        registration__cancelled_at__isnull=True,
        reminded_at__isnull=True,
        day__starts_at__gt=now,
        day__starts_at__lte=now + REMINDER_BEFORE,
        created_at__lt=F("day__starts_at") - REMINDER_BEFORE,
    )
    if connection.features.has_select_for_update_skip_locked:
        places = places.select_for_update(skip_locked=True, of=("self",))
    due = list(places.select_related("day", "registration__event").order_by("registration_id", "day__starts_at"))
    by_registration: dict[int, list[RegistrationDay]] = {}
    for place in due:
        by_registration.setdefault(place.registration_id, []).append(place)
    for group in by_registration.values():
        _queue(group[0].registration, "event_reminder", {"reminded": group})
    RegistrationDay.objects.filter(pk__in=[place.pk for place in due]).update(reminded_at=now)
    return len(by_registration)
