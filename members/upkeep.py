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
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.choices import Role, UpkeepStatus
from members.models import Appointment, Organisation, UpkeepChange, UpkeepRequest, UpkeepRound

SALT = "members.upkeep-link"
LINK_VALID_FOR = datetime.timedelta(days=60)
REMINDER_GAP = datetime.timedelta(days=1)


# --- the private link ------------------------------------------------------------------------


class LinkError(Exception):
    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_token(request: UpkeepRequest) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(request.public_id))


def request_for_token(token: str) -> UpkeepRequest:
    try:
        public_id = signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_VALID_FOR)
    except signing.SignatureExpired as error:
        raise LinkError(expired=True) from error
    except signing.BadSignature as error:
        raise LinkError() from error
    found = UpkeepRequest.objects.select_related("organisation", "round").filter(public_id=public_id).first()
    if found is None:
        raise LinkError()
    return found


def answer_url(request: UpkeepRequest) -> str:
    with translation.override(request.language):
        path = reverse("members:upkeep_answer", kwargs={"token": make_token(request)})
    return f"{settings.SITE_URL}{path}"


def _mail_on_commit(request: UpkeepRequest, template: str) -> None:
    # Render now in the person's language; send only when the transaction is kept.
    with translation.override(request.language):
        context = {"request": request, "organisation": request.organisation, "url": answer_url(request)}
        subject = " ".join(render_to_string(f"members/email/{template}_subject.txt", context).split())
        body = render_to_string(f"members/email/{template}.txt", context)
    recipient = request.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))


# --- reading ---------------------------------------------------------------------------------


def open_round() -> UpkeepRound | None:
    return UpkeepRound.objects.filter(is_open=True).select_related("created_by").first()


def round_progress(upkeep_round: UpkeepRound) -> dict[str, int]:
    counts = upkeep_round.requests.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in UpkeepStatus.values}, total=Count("pk")
    )
    return counts


def current_people(organisation: Organisation) -> dict[str, Appointment]:
    """The organisation's current appointment in each role."""
    return {a.role: a for a in Appointment.objects.current().filter(organisation=organisation).select_related("person")}


# --- services --------------------------------------------------------------------------------


@transaction.atomic
def upkeep_round_start(
    *, deadline: datetime.date, actor: AbstractBaseUser, now: datetime.datetime | None = None
) -> UpkeepRound:
    """Open a round and ask every current member's contact person; only one round is open at a time."""
    now = now or timezone.now()
    if deadline < timezone.localdate(now):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")}, code="deadline_past")
    # Lock the open rounds (if any) so that two coordinators cannot both start one.
    if UpkeepRound.objects.select_for_update().filter(is_open=True).exists():
        raise ValidationError(_("A contact upkeep round is already open."), code="round_open")
    upkeep_round = UpkeepRound(created_by=actor, deadline=deadline)
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
                sent_at=now if email else None,
            )
        )
    UpkeepRequest.objects.bulk_create(requests)
    for request in requests:
        if request.email:
            _mail_on_commit(request, "upkeep_request")
    return upkeep_round


@transaction.atomic
def upkeep_round_close(*, upkeep_round: UpkeepRound, actor: AbstractBaseUser) -> UpkeepRound:
    """Close a round: its links stop accepting answers."""
    upkeep_round = UpkeepRound.objects.select_for_update().get(pk=upkeep_round.pk)
    if not upkeep_round.is_open:
        raise ValidationError(_("This round is already closed."), code="already_closed")
    upkeep_round.is_open = False
    upkeep_round.closed_at = timezone.now()
    upkeep_round.full_clean()
    upkeep_round.save()
    return upkeep_round


@transaction.atomic
def upkeep_remind(*, upkeep_round: UpkeepRound, actor: AbstractBaseUser, now: datetime.datetime | None = None) -> int:
    """Remind those who have not answered; nobody is reminded twice within REMINDER_GAP."""
    now = now or timezone.now()
    if not UpkeepRound.objects.filter(pk=upkeep_round.pk, is_open=True).exists():
        raise ValidationError(_("This round is closed."), code="round_closed")
    last_allowed = now - REMINDER_GAP
    due = list(
        UpkeepRequest.objects.select_for_update()
        .filter(round=upkeep_round, status=UpkeepStatus.PENDING)
        .exclude(email="")
        .filter(sent_at__lte=last_allowed)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=last_allowed))
        .select_related("organisation")
    )
    for request in due:
        request.reminders += 1
        request.reminded_at = now
        _mail_on_commit(request, "upkeep_reminder")
    UpkeepRequest.objects.bulk_update(due, ["reminders", "reminded_at"])
    return len(due)


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
    if summary:
        request.status = UpkeepStatus.CHANGED
        stamp = timezone.localtime().strftime("%d.%m.%Y %H.%M")
        request.answer = "\n".join(filter(None, [request.answer, f"{stamp} " + "; ".join(summary)]))
    elif request.status != UpkeepStatus.CHANGED:
        request.status = UpkeepStatus.CONFIRMED
    request.answered_at = timezone.now()
    request.full_clean()
    request.save()
    return request
