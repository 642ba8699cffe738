"""The contact upkeep round: each member's contact person confirms or updates the
organisation's contact person, elected official and welfare coordinator through a private link.

An answer's changes wait in the coordinator's review queue (`members.upkeep_review`); an
accepted one goes through members.services.appointment_replace, so the same rules and the
same history apply as in the admin.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from post_office.models import STATUS, Email

from members.choices import UPKEEP_TRANSITIONS, Role, UpkeepStatus
from members.models import Appointment, Organisation, UpkeepChange, UpkeepRequest, UpkeepRound
from tervekunta import links
from tervekunta.history import acting_user
from tervekunta.mail import queue_mail
from tervekunta.statuses import change_status

REMINDER_GAP = datetime.timedelta(days=1)

ANSWER_LINK = links.register(
    "upkeep", model=UpkeepRequest, salt="members.upkeep-link", max_age=datetime.timedelta(days=60)
)


# --- the private link ------------------------------------------------------------------------


def request_for_token(token: str) -> UpkeepRequest:
    """The request a contact person's link opens; raises links.LinkError."""
    return links.resolve(ANSWER_LINK, token, UpkeepRequest.objects.select_related("organisation", "round"))


def answer_url(request: UpkeepRequest) -> str:
    return links.absolute_url("members:upkeep_answer", ANSWER_LINK, request, language=request.language)


def _queue(request: UpkeepRequest, template: str) -> Email:
    """Queue the message in the person's language, in the caller's transaction."""
    return queue_mail(
        to=request.email,
        template=f"members/email/{template}",
        language=request.language,
        context={"request": request, "organisation": request.organisation, "url": answer_url(request)},
    )


# --- reading ---------------------------------------------------------------------------------


def open_round() -> UpkeepRound | None:
    return UpkeepRound.objects.filter(is_open=True).select_related("created_by").first()


def round_progress(upkeep_round: UpkeepRound) -> dict[str, int]:
    """Answers by status, and the request e-mails by where they stand in the outbox."""
    counts = upkeep_round.requests.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in UpkeepStatus.values},
        total=Count("pk"),
        delivered=Count("pk", filter=Q(message__status=STATUS.sent)),
        undelivered=Count("pk", filter=Q(message__status=STATUS.failed)),
        waiting=Count("pk", filter=Q(message__status__in=[STATUS.queued, STATUS.requeued])),
    )
    return counts


def current_people(organisation: Organisation) -> dict[str, Appointment]:
    """The organisation's current appointment in each role."""
    return {a.role: a for a in Appointment.objects.current().filter(organisation=organisation).select_related("person")}


# --- services --------------------------------------------------------------------------------


@transaction.atomic
def upkeep_round_start(
    *,
    deadline: datetime.date,
    actor: AbstractBaseUser,
    reminder_days: int | None = None,
    now: datetime.datetime | None = None,
) -> UpkeepRound:
    """Open a round and ask every current member's contact person; only one round is open at a time.

    A request counts as sent when its e-mail has left the outbox, not when the round starts.
    """
    now = now or timezone.now()
    if deadline < timezone.localdate(now):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")}, code="deadline_past")
    # Lock the open rounds (if any) so that two coordinators cannot both start one.
    if UpkeepRound.objects.select_for_update().filter(is_open=True).exists():
        raise ValidationError(_("A contact upkeep round is already open."), code="round_open")
    upkeep_round = UpkeepRound(created_by=actor, deadline=deadline, reminder_days=reminder_days)
    upkeep_round.full_clean()
    upkeep_round.save()
    today = timezone.localdate(now)
    contacts = {
        a.organisation_id: a.person
        for a in Appointment.objects.current()
        .filter(role=Role.CONTACT_PERSON, organisation__in=Organisation.objects.members_on(today))
        .select_related("person")
    }
    requests = []
    for organisation in Organisation.objects.members_on(today).order_by("name_fi", "pk"):
        person = contacts.get(organisation.pk)
        email = person.email if person else ""
        requests.append(
            UpkeepRequest(
                round=upkeep_round,
                organisation=organisation,
                contact=person,
                email=email,
                language=person.language if person else settings.LANGUAGE_CODE,
                status=UpkeepStatus.PENDING if email else UpkeepStatus.UNREACHABLE,
            )
        )
    UpkeepRequest.objects.bulk_create(requests)
    asked = [request for request in requests if request.email]
    for request in asked:
        request.message = _queue(request, "upkeep_request")
    UpkeepRequest.objects.bulk_update(asked, ["message"])
    return upkeep_round


@transaction.atomic
def upkeep_round_close(*, upkeep_round: UpkeepRound, actor: AbstractBaseUser) -> UpkeepRound:
    """Close a round: its links stop accepting answers."""
    upkeep_round = UpkeepRound.objects.select_for_update().get(pk=upkeep_round.pk)
    if not upkeep_round.is_open:
        raise ValidationError(_("This round is already closed."), code="already_closed")
    upkeep_round.is_open = False
    upkeep_round.closed_at = timezone.now()
    upkeep_round.closed_by = acting_user(actor)
    upkeep_round.full_clean()
    upkeep_round.save()
    return upkeep_round


@transaction.atomic
def upkeep_remind(
    *,
    upkeep_round: UpkeepRound,
    actor: AbstractBaseUser | None,
    gap: datetime.timedelta = REMINDER_GAP,
    now: datetime.datetime | None = None,
) -> int:
    """Remind those who have not answered and whose request was delivered; nobody is reminded
    twice within `gap`. `actor` is None when the schedule reminds."""
    now = now or timezone.now()
    if not UpkeepRound.objects.filter(pk=upkeep_round.pk, is_open=True).exists():
        raise ValidationError(_("This round is closed."), code="round_closed")
    last_allowed = now - gap
    due = list(
        UpkeepRequest.objects.select_for_update(of=("self",))
        .filter(round=upkeep_round, status=UpkeepStatus.PENDING)
        .exclude(email="")
        .filter(message__status=STATUS.sent, message__last_updated__lte=last_allowed)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=last_allowed))
        .select_related("organisation")
    )
    for request in due:
        request.reminders += 1
        request.reminded_at = now
        request.reminded_by = acting_user(actor)
        _queue(request, "upkeep_reminder")
    UpkeepRequest.objects.bulk_update(due, ["reminders", "reminded_at", "reminded_by"])
    return len(due)


def upkeep_remind_due(*, now: datetime.datetime | None = None) -> int:
    """The scheduled reminders: each open round that asks for them reminds every `reminder_days`."""
    now = now or timezone.now()
    reminded = 0
    for upkeep_round in UpkeepRound.objects.filter(is_open=True, reminder_days__isnull=False):
        gap = datetime.timedelta(days=upkeep_round.reminder_days)
        reminded += upkeep_remind(upkeep_round=upkeep_round, actor=None, gap=gap, now=now)
    return reminded


@transaction.atomic
def upkeep_answer(*, request: UpkeepRequest, changes: dict[str, dict]) -> UpkeepRequest:
    """Record an answer. Each change waits for the coordinator's review and changes the register
    only when accepted (`members.upkeep_review`); a new answer replaces the earlier one's
    changes still waiting.

    `changes` maps a role to its change: `kind` "replaced" (the default) with the new person's
    values (first_name, last_name, title, email, phone, start_date, decision), or "details" with
    the current person's new details. An empty dict confirms everything as it is.
    """
    request = UpkeepRequest.objects.select_for_update().select_related("round", "organisation").get(pk=request.pk)
    if not request.round.is_open:
        raise ValidationError(_("This contact upkeep round has closed."), code="round_closed")
    request.changes.filter(review=UpkeepChange.Review.PENDING).delete()
    current = current_people(request.organisation)
    summary = []
    for role in Role.values:
        values = changes.get(role)
        if not values:
            continue
        kind = values.get("kind", UpkeepChange.Kind.REPLACED)
        if kind == UpkeepChange.Kind.REPLACED and not (
            values.get("first_name") and values.get("last_name") and values.get("start_date")
        ):
            raise ValidationError(_("A new person needs a name and a start date."), code="incomplete")
        change = UpkeepChange(
            request=request,
            role=role,
            kind=kind,
            appointment=current.get(role),
            **{field: values.get(field) or "" for field in ("first_name", "last_name", "title", "email", "phone")},
            start_date=values.get("start_date") or None,
            decision=values.get("decision", ""),
        )
        change.full_clean()
        change.save()
        with translation.override(settings.LANGUAGE_CODE):
            summary.append(f"{Role(role).label}: {change.get_kind_display().lower()} {change.full_name}".rstrip())
    now = timezone.now()
    answer = request.answer
    if summary:
        new_status = UpkeepStatus.CHANGED
        stamp = timezone.localtime(now).strftime("%d.%m.%Y %H.%M")
        answer = "\n".join(filter(None, [answer, f"{stamp} " + "; ".join(summary)]))
    else:
        # Confirming after a change keeps "changed": the change is what the round must know.
        new_status = UpkeepStatus.CONFIRMED if request.status != UpkeepStatus.CHANGED else UpkeepStatus.CHANGED
    if new_status == request.status:
        # The same outcome again is no status change, only a later answer.
        request.answer = answer
        request.answered_at = now
        request.full_clean()
        request.save(update_fields=["answer", "answered_at"])
        return request
    return change_status(
        request,
        new_status,
        transitions=UPKEEP_TRANSITIONS,
        actor=None,
        note="; ".join(summary),
        at=now,
        answer=answer,
        answered_at=now,
    )
