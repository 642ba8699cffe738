"""Writes for events: registration, cancellation with waitlist promotion, attendance, hosting.

The public views, the coordinator pages and the admin call these, so capacity, the
members-only rule and the e-mails are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.attendance import mark_recorded
from meetings.choices import HOST_OF_THE_YEAR, HostingStatus, PlaceStatus
from meetings.models import Event, EventDay, Hosting, Registration, RegistrationDay
from members.models import Organisation


def _set_actor(obj, actor: AbstractBaseUser | None) -> None:
    if actor is not None and actor.is_authenticated:
        obj._history_user = actor


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error shown next to `field` of the form, keeping its code for callers and tests."""
    return ValidationError({field: ValidationError(message, code=code)})


def registration_url(registration: Registration) -> str:
    """The private, signed address where the person sees and cancels their registration."""
    with translation.override(registration.language):
        path = reverse("meetings:registration_detail", kwargs={"token": registration.token})
    return f"{settings.SITE_URL}{path}"


def _send(registration: Registration, template: str, subject: str, context: dict | None = None) -> None:
    with translation.override(registration.language):
        places = list(registration.places.select_related("day").order_by("day__starts_at"))
        body = render_to_string(
            f"meetings/email/{template}.txt",
            {
                "registration": registration,
                "event": registration.event,
                "places": places,
                "url": registration_url(registration),
                **(context or {}),
            },
        )
        send_mail(str(subject) % {"event": registration.event.title}, body, None, [registration.email])


def _is_member_on(organisation: Organisation | None, day: EventDay) -> bool:
    if organisation is None:
        return False
    local_date = timezone.localdate(day.starts_at)
    return Organisation.objects.members_on(local_date).filter(pk=organisation.pk).exists()


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
    language: str = "fi",
) -> Registration:
    """Register one person for chosen days; a full day puts them on its waiting list.

    The members-only day is refused to anyone whose organisation is not a current member,
    and one e-mail address registers once per event.
    """
    email = email.strip().lower()
    day_ids = sorted({day.pk for day in days})
    if not day_ids:
        raise _field_error("days", _("Choose at least one day."), "no_days")
    if not event.registration_open:
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    # Lock the chosen days in a fixed order: concurrent registrations queue here, so the
    # count of confirmed places below cannot be overtaken.
    locked = list(EventDay.objects.select_for_update().filter(pk__in=day_ids, event=event).order_by("pk"))
    if len(locked) != len(day_ids):
        raise _field_error("days", _("Choose days of this event."), "wrong_event")
    if any(day.ends_at < timezone.now() for day in locked):
        raise _field_error("days", _("A chosen day is already over."), "day_over")
    members_only = [day for day in locked if day.is_members_only]
    if members_only and not _is_member_on(organisation, members_only[0]):
        raise _field_error(
            "days",
            _(
                "The day for members is only for people from member organisations of the network. "
                "Choose your member organisation, or register for the open day only."
            ),
            "members_only",
        )
    if Registration.objects.active().filter(event=event, email=email).exists():
        raise _field_error(
            "email", _("This e-mail address is already registered for this event."), "already_registered"
        )
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email,
        organisation=organisation,
        organisation_other="" if organisation else organisation_other.strip(),
        mode=mode,
        diet=diet,
        accessibility_needs=accessibility_needs,
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
    for day in locked:
        taken = RegistrationDay.objects.filter(day=day).confirmed().count()
        full = day.capacity is not None and taken >= day.capacity
        RegistrationDay.objects.create(
            registration=registration, day=day, status=PlaceStatus.WAITLISTED if full else PlaceStatus.CONFIRMED
        )
    transaction.on_commit(
        lambda: _send(registration, "registration_confirmation", _("Registration received: %(event)s"))
    )
    return registration


def _promote_next(day: EventDay) -> RegistrationDay | None:
    """Move the first person waiting for `day` up if a place is free (the day row is locked)."""
    taken = RegistrationDay.objects.filter(day=day).confirmed().count()
    if day.capacity is not None and taken >= day.capacity:
        return None
    place = (
        RegistrationDay.objects.select_for_update()
        .filter(day=day, registration__cancelled_at__isnull=True)
        .waitlisted()
        .queue_order()
        .select_related("registration__event")
        .first()
    )
    if place is None:
        return None
    place.status = PlaceStatus.CONFIRMED
    place.promoted_at = timezone.now()
    place.save(update_fields=["status", "promoted_at"])
    registration = place.registration
    transaction.on_commit(
        lambda: _send(
            registration, "waitlist_promoted", _("A place became free: %(event)s"), {"promoted_day": place.day}
        )
    )
    return place


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: AbstractBaseUser | None = None) -> list[RegistrationDay]:
    """Cancel a registration and give each freed place to the next person on that day's waiting list."""
    day_ids = list(registration.places.values_list("day_id", flat=True))
    days = list(EventDay.objects.select_for_update().filter(pk__in=day_ids).order_by("pk"))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.cancelled_at is not None:
        raise ValidationError(_("This registration has already been cancelled."), code="already_cancelled")
    registration.cancelled_at = timezone.now()
    _set_actor(registration, actor)
    registration.save(update_fields=["cancelled_at"])
    registration.places.update(status=PlaceStatus.CANCELLED)
    promoted = [place for day in days if (place := _promote_next(day)) is not None]
    transaction.on_commit(lambda: _send(registration, "registration_cancelled", _("Registration cancelled: %(event)s")))
    return promoted


@transaction.atomic
def day_capacity_change(*, day: EventDay, capacity: int | None, actor: AbstractBaseUser | None = None) -> EventDay:
    """Change a day's capacity; added places go to the waiting list in order."""
    day = EventDay.objects.select_for_update().get(pk=day.pk)
    day.capacity = capacity
    day.full_clean()
    _set_actor(day, actor)
    day.save()
    while _promote_next(day) is not None:
        pass
    return day


@transaction.atomic
def attendance_record(
    *, event: Event, attended_ids: Iterable[int], actor: AbstractBaseUser | None = None
) -> tuple[int, int]:
    """Set who attended an event: the given confirmed places attended, every other one did not.

    Returns (attended, not attended).
    """
    attended_ids = set(attended_ids)
    places = RegistrationDay.objects.filter(day__event=event, status=PlaceStatus.CONFIRMED)
    unknown = attended_ids - set(places.filter(pk__in=attended_ids).values_list("pk", flat=True))
    if unknown:
        raise ValidationError(_("Only confirmed places of this event can be marked as attended."), code="not_confirmed")
    # Attendance is a fact about a day that has begun; later days keep theirs unrecorded.
    places = places.filter(day__starts_at__lte=timezone.now())
    if attended_ids - set(places.filter(pk__in=attended_ids).values_list("pk", flat=True)):
        raise ValidationError(_("Attendance can be recorded once the day has begun."), code="not_started")
    yes = places.filter(pk__in=attended_ids).update(attended=True)
    no = places.exclude(pk__in=attended_ids).update(attended=False)
    mark_recorded(EventDay.objects.filter(event=event), actor=actor)
    return yes, no


@transaction.atomic
def attendance_mark(
    *, places: Iterable[RegistrationDay], attended: bool = True, actor: AbstractBaseUser | None = None
) -> int:
    """Mark confirmed places of days that have begun attended (or not) in bulk, e.g. every
    registration of one organisation; returns how many were marked."""
    ids = [place.pk for place in places]
    marked = RegistrationDay.objects.filter(
        pk__in=ids, status=PlaceStatus.CONFIRMED, day__starts_at__lte=timezone.now()
    )
    mark_recorded(EventDay.objects.filter(pk__in=marked.values("day_id")), actor=actor)
    return marked.update(attended=attended)


@transaction.atomic
def hosting_set_status(*, hosting: Hosting, status: str, actor: AbstractBaseUser | None = None) -> Hosting:
    """Change a hosting's status along HOSTING_TRANSITIONS; a year has at most one confirmed or held host."""
    hosting = Hosting.objects.select_for_update().get(pk=hosting.pk)
    if not hosting.can_become(status):
        raise ValidationError(
            _("A hosting that is “%(old)s” cannot become “%(new)s”.")
            % {"old": hosting.get_status_display(), "new": HostingStatus(status).label},
            code="not_allowed",
        )
    if status in HOST_OF_THE_YEAR:
        clash = Hosting.objects.filter(year=hosting.year, status__in=HOST_OF_THE_YEAR).exclude(pk=hosting.pk)
        if clash.exists():
            raise ValidationError(
                _("%(year)s already has a confirmed host: %(host)s. Record co-hosts on that hosting.")
                % {"year": hosting.year, "host": clash.select_related("organisation").first().organisation},
                code="year_taken",
            )
    hosting.status = status
    hosting.full_clean()
    _set_actor(hosting, actor)
    hosting.save()
    return hosting


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
    _set_actor(hosting, actor)
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
