"""Attendance as meetings happen: who was there, recorded by the coordinator on the day.

A member organisation is present on a day when the coordinator ticks it, when one of its
registered people is ticked, or when someone from it came without registering (added by hand
or imported from a participant list such as a Teams export). Every report reads presence
through `present_organisations`, so all three count the same way. Nothing is recorded for a
day that has not begun.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from meetings.choices import PlaceStatus
from meetings.models import EventDay, OrganisationPresence, RegistrationDay, WalkIn
from members.models import Organisation
from tervekunta.deletion import delete_personal_records
from tervekunta.history import record_actor
from tervekunta.models import ErasureRecord


def present_organisations(days: QuerySet, *, organisation: Organisation | None = None) -> set[tuple[int, int]]:
    """(organisation id, day id) for each member organisation present on one of `days` (or `organisation`'s days)."""
    places = RegistrationDay.objects.filter(
        day__in=days, attended=True, status=PlaceStatus.CONFIRMED, registration__organisation__isnull=False
    )
    presences = OrganisationPresence.objects.filter(day__in=days)
    walk_ins = WalkIn.objects.filter(day__in=days, organisation__isnull=False)
    if organisation is not None:
        places = places.filter(registration__organisation=organisation)
        presences = presences.filter(organisation=organisation)
        walk_ins = walk_ins.filter(organisation=organisation)
    pairs = set(places.values_list("registration__organisation", "day").distinct())
    pairs |= set(presences.values_list("organisation", "day"))
    pairs |= set(walk_ins.values_list("organisation", "day").distinct())
    return pairs


def mark_recorded(days: QuerySet, *, actor: AbstractBaseUser | None = None) -> None:
    """Note that attendance of the days that have begun is now recorded (the report counts them)."""
    now = timezone.now()
    for day in EventDay.objects.filter(pk__in=days.values("pk"), starts_at__lte=now):
        day.attendance_recorded_at = now
        record_actor(day, actor)
        day.save(update_fields=["attendance_recorded_at"])


def has_begun(day: EventDay) -> bool:
    return day.starts_at <= timezone.now()


def _lock_begun(day: EventDay) -> EventDay:
    day = EventDay.objects.select_for_update().select_related("event").get(pk=day.pk)
    if not has_begun(day):
        raise ValidationError(
            _("Attendance can be recorded once the day has begun (%(start)s).")
            % {"start": formats.date_format(timezone.localtime(day.starts_at), "SHORT_DATETIME_FORMAT")},
            code="not_started",
        )
    return day


# --- the day's attendance page ---------------------------------------------------------------


@dataclass
class MemberChoice:
    organisation: Organisation
    ticked: bool
    through_people: bool

    @property
    def locked(self) -> bool:
        """Present through its people without a tick of its own: shown ticked, not to be unticked here."""
        return self.through_people and not self.ticked


@dataclass
class DayAttendance:
    day: EventDay
    places: list[RegistrationDay]
    members: list[MemberChoice]
    walk_ins: list[WalkIn]
    groups: dict[str, list[RegistrationDay]] = field(default_factory=dict)

    @property
    def present_count(self) -> int:
        return sum(1 for m in self.members if m.ticked or m.through_people)


def day_attendance(day: EventDay) -> DayAttendance:
    """What the attendance page shows for one day. Four queries, however many members."""
    on = timezone.localdate(day.starts_at)
    places = list(
        RegistrationDay.objects.filter(day=day, status=PlaceStatus.CONFIRMED)
        .select_related("registration__organisation")
        .order_by("registration__organisation__name_fi", "registration__organisation_other", "registration__name")
    )
    walk_ins = list(WalkIn.objects.filter(day=day).select_related("organisation").order_by("name", "pk"))
    ticked = set(OrganisationPresence.objects.filter(day=day).values_list("organisation_id", flat=True))
    through_people = {p.registration.organisation_id for p in places if p.attended} | {
        w.organisation_id for w in walk_ins
    }
    members = Organisation.objects.members_on(on).order_by("name_fi", "pk")
    groups: dict[str, list[RegistrationDay]] = {}
    for place in places:
        groups.setdefault(place.registration.organisation_name or _("No organisation"), []).append(place)
    return DayAttendance(
        day=day,
        places=places,
        members=[MemberChoice(o, o.pk in ticked, o.pk in through_people) for o in members],
        walk_ins=walk_ins,
        groups=groups,
    )


@dataclass(frozen=True)
class Saved:
    attended: int
    not_attended: int
    organisations: int


@transaction.atomic
def attendance_save(
    *,
    day: EventDay,
    place_ids: Iterable[int],
    organisation_ids: Iterable[int],
    actor: AbstractBaseUser | None = None,
) -> Saved:
    """Set the day's attendance as ticked: these confirmed places attended, every other not; these
    organisations present by the coordinator's tick, no other."""
    day = _lock_begun(day)
    place_ids, organisation_ids = set(place_ids), set(organisation_ids)
    places = RegistrationDay.objects.filter(day=day, status=PlaceStatus.CONFIRMED)
    if place_ids - set(places.filter(pk__in=place_ids).values_list("pk", flat=True)):
        raise ValidationError(_("Only confirmed places of this day can be marked as attended."), code="not_confirmed")
    if Organisation.objects.filter(pk__in=organisation_ids).count() != len(organisation_ids):
        raise ValidationError(_("Choose organisations from the list."), code="unknown_organisation")
    attended = places.filter(pk__in=place_ids).update(attended=True)
    not_attended = places.exclude(pk__in=place_ids).update(attended=False)
    for presence in OrganisationPresence.objects.filter(day=day).exclude(organisation_id__in=organisation_ids):
        record_actor(presence, actor)
        presence.delete()
    existing = set(OrganisationPresence.objects.filter(day=day).values_list("organisation_id", flat=True))
    for organisation_id in sorted(organisation_ids - existing):
        presence = OrganisationPresence(day=day, organisation_id=organisation_id)
        record_actor(presence, actor)
        presence.save()
    mark_recorded(EventDay.objects.filter(pk=day.pk), actor=actor)
    return Saved(attended=attended, not_attended=not_attended, organisations=len(organisation_ids))


@transaction.atomic
def attendance_mark_all(*, day: EventDay, actor: AbstractBaseUser | None = None) -> int:
    """Mark every confirmed place of the day attended; returns how many."""
    day = _lock_begun(day)
    marked = RegistrationDay.objects.filter(day=day, status=PlaceStatus.CONFIRMED).update(attended=True)
    mark_recorded(EventDay.objects.filter(pk=day.pk), actor=actor)
    return marked


@transaction.atomic
def walk_in_add(
    *,
    day: EventDay,
    name: str,
    email: str = "",
    organisation: Organisation | None = None,
    organisation_other: str = "",
    source: str = WalkIn.Source.ADDED,
    actor: AbstractBaseUser | None = None,
) -> WalkIn | RegistrationDay:
    """Record someone who came. A registered person's place is marked attended instead, so
    nobody is counted twice; an address already recorded for the day is refused."""
    day = _lock_begun(day)
    email = email.strip().lower()
    if email:
        place = RegistrationDay.objects.filter(
            day=day, status=PlaceStatus.CONFIRMED, registration__email__iexact=email
        ).first()
        if place is not None:
            place.attended = True
            place.save(update_fields=["attended"])
            mark_recorded(EventDay.objects.filter(pk=day.pk), actor=actor)
            return place
        if WalkIn.objects.filter(day=day, email=email).exists():
            raise ValidationError(
                {"email": ValidationError(_("This person is already recorded as present."), code="already_present")}
            )
    walk_in = WalkIn(
        day=day,
        name=name.strip(),
        email=email,
        organisation=organisation,
        organisation_other="" if organisation else organisation_other.strip(),
        source=source,
    )
    walk_in.full_clean()
    record_actor(walk_in, actor)
    walk_in.save()
    mark_recorded(EventDay.objects.filter(pk=day.pk), actor=actor)
    return walk_in


@transaction.atomic
def walk_in_remove(*, walk_in: WalkIn, actor: AbstractBaseUser | None = None) -> None:
    """Take back a person recorded by mistake."""
    walk_in = WalkIn.objects.select_for_update().get(pk=walk_in.pk)
    # Nothing of the person stays behind, history included; the erasure is recorded.
    delete_personal_records([walk_in], reason=ErasureRecord.Reason.DELETED, actor=actor)
