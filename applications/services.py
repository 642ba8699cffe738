"""Every write to an application. The public pages, the coordinator pages and the admin all
call these, so the status map, the audit trail and the e-mails are the same everywhere."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from applications import emails, letters
from applications.choices import APPLICATION_TRANSITIONS, ApplicationStatus, DocumentKind, Verdict
from applications.criteria import BY_ID
from applications.models import Application, ApplicationDocument, CriterionReview
from applications.selectors import open_application_for
from members.choices import OrganisationKind, Role
from members.models import Organisation
from members.network import organisation_for_municipality, organisation_for_welfare_region
from members.people import person_find_or_create
from members.services import appointment_replace, membership_start, organisation_complete_website
from tervekunta.history import acting_user
from tervekunta.statuses import change_status, lock_for_change

# The people the application names: contact person, elected official, welfare coordinator.
PEOPLE_FIELDS = (
    "contact_first_name",
    "contact_last_name",
    "contact_title",
    "contact_email",
    "contact_phone",
    "official_first_name",
    "official_last_name",
    "official_title",
    "official_email",
    "official_phone",
    "coordinator_first_name",
    "coordinator_last_name",
    "coordinator_title",
    "coordinator_email",
    "coordinator_phone",
)
# What the applicant may change in a draft; status, audit and decision fields are not among them.
DRAFT_FIELDS = (
    "kind",
    "municipality",
    "welfare_region",
    "organisation_name",
    "applicant_name",
    "applicant_title",
    "applicant_email",
    "applicant_phone",
    *PEOPLE_FIELDS,
    "steering_group_exists",
    "steering_group_branches",
    "resources",
    "website",
    "confirmations",
    "free_text",
)
# The decision given on the form, by form field and the document's field that keeps it.
DECISION_FIELDS = {
    "deciding_body": "deciding_body",
    "decision_date": "decision_date",
    "decision_section": "section",
    "decision_record": "record",
}
DOCUMENT_FIELDS = ("kind", "deciding_body", "decision_date", "section", "record")


def _change(
    application: Application,
    new_status: str,
    *,
    actor: AbstractBaseUser | None,
    note: str = "",
    only_from: frozenset[str] | None = None,
    **fields: Any,
) -> Application:
    """Every status change of an application: the map, the audit row and the stamp of who and when."""
    now = timezone.now()
    return change_status(
        application,
        new_status,
        transitions=APPLICATION_TRANSITIONS,
        actor=actor,
        note=note,
        only_from=only_from,
        at=now,
        status_changed_at=now,
        status_changed_by=acting_user(actor),
        **fields,
    )


def _refuse_duplicate(values: dict[str, Any], exclude_pk: int | None = None) -> None:
    existing = open_application_for(values, exclude_pk)
    if existing is None:
        return
    # Queued in a transaction of its own: the refusal below rolls nothing back that it depends on.
    with transaction.atomic():
        emails.queue(existing, "duplicate")
    raise ValidationError(
        _(
            "%(name)s already has an application in progress. We have sent its private link again to "
            "the e-mail address given in that application."
        )
        % {"name": existing.display_name},
        code="already_open",
    )


def application_save_draft(
    *,
    application: Application | None,
    values: dict[str, Any],
    document: UploadedFile | None = None,
    language: str = "fi",
) -> Application:
    """Create or update a draft; an organisation has at most one open application.

    The decision on the form is the application's first decision document; while the
    application is a draft, the form rewrites it and a new file takes the old one's place.
    """
    decision = {DECISION_FIELDS[key]: value for key, value in values.items() if key in DECISION_FIELDS}
    values = {key: value for key, value in values.items() if key in DRAFT_FIELDS}
    _refuse_duplicate(values, exclude_pk=application.pk if application else None)
    with transaction.atomic():
        if application is None:
            application = Application(language=language)
            created = True
        else:
            application = Application.objects.select_for_update().get(pk=application.pk)
            created = False
            if not application.can_edit:
                raise ValidationError(
                    _("The application has been submitted and can no longer be edited."), code="not_draft"
                )
        for key, value in values.items():
            setattr(application, key, value)
        application.full_clean()
        application.save()
        _save_form_decision(application, decision, document)
        if created:
            emails.queue(application, "draft_saved")
    return application


def _save_form_decision(application: Application, values: dict[str, Any], upload: UploadedFile | None) -> None:
    decision = application.form_decision
    if decision is None:
        if not (upload or any(values.values())):
            return
        decision = ApplicationDocument(application=application, kind=DocumentKind.JOINING_DECISION)
    for key, value in values.items():
        setattr(decision, key, value if value is not None or key == "decision_date" else "")
    decision.uploaded_at = timezone.now()
    decision.full_clean(exclude=["file"])
    if upload is not None:
        _store_file(decision, upload)
    decision.save()


# What a submitted application must have: a decision with its date, section and file, and a contact person.
SUBMIT_REQUIRED_DECISION = ("deciding_body", "decision_date", "section", "file")
SUBMIT_REQUIRED = ("contact_first_name", "contact_last_name", "contact_email")


def missing_for_submit(application: Application) -> list[str]:
    """The labels of the answers a submitted application must have."""
    decision = application.decision_that_counts or application.form_decision
    missing = [
        str(ApplicationDocument._meta.get_field(name).verbose_name)
        for name in SUBMIT_REQUIRED_DECISION
        if decision is None or not getattr(decision, name)
    ]
    return missing + [
        str(Application._meta.get_field(name).verbose_name)
        for name in SUBMIT_REQUIRED
        if not getattr(application, name)
    ]


@transaction.atomic
def application_submit(*, application: Application, explanations: dict[str, str]) -> Application:
    """Submit a complete draft with the applicant's explanations of criteria not met."""
    missing = missing_for_submit(application)
    if missing:
        raise ValidationError(
            _("Fill in these answers before submitting: %(fields)s.") % {"fields": ", ".join(missing)},
            code="incomplete",
        )
    application = _change(
        application,
        ApplicationStatus.SUBMITTED,
        actor=None,
        only_from=frozenset({ApplicationStatus.DRAFT}),
        explanations={key: text.strip() for key, text in explanations.items() if key in BY_ID and text.strip()},
        submitted_at=timezone.now(),
    )
    emails.queue(application, "submitted")
    emails.notify_coordinators(application)
    return application


@transaction.atomic
def application_request_info(
    *, application: Application, question: str, actor: AbstractBaseUser, wants_decision: bool = False
) -> Application:
    """Ask the applicant for more information, or for a new decision; the question is e-mailed."""
    if not question.strip():
        raise ValidationError(_("Write the question to the applicant."), code="empty_question")
    application = _change(
        application,
        ApplicationStatus.INFO_REQUESTED,
        actor=actor,
        note=question,
        info_request=question.strip(),
        info_request_wants_decision=wants_decision,
        info_answer="",
    )
    emails.queue(application, "info_requested")
    return application


@transaction.atomic
def application_answer(*, application: Application, answer: str, document: dict[str, Any] | None = None) -> Application:
    """The applicant's answer returns the application to review; a document it brings is added
    beside the earlier ones. When a new decision was asked for, the answer must bring one."""
    if not answer.strip():
        raise ValidationError(_("Write your answer."), code="empty_answer")
    only_from = frozenset({ApplicationStatus.INFO_REQUESTED})
    # Checked before the new file is stored, so a refused answer leaves no file behind.
    application = lock_for_change(
        application, ApplicationStatus.SUBMITTED, transitions=APPLICATION_TRANSITIONS, only_from=only_from
    )
    brings_decision = bool(document) and document.get("kind") == DocumentKind.JOINING_DECISION
    if application.info_request_wants_decision and not brings_decision:
        raise ValidationError(
            _("The coordinator asked for the new decision: add it as a PDF with its deciding body and date."),
            code="decision_required",
        )
    if document:
        _add_document(application, document)
    application = _change(
        application,
        ApplicationStatus.SUBMITTED,
        actor=None,
        note=answer,
        only_from=only_from,
        info_answer=answer.strip(),
    )
    emails.queue(application, "answer_received")
    emails.notify_coordinators(application, answered=True)
    return application


def _store_file(document: ApplicationDocument, upload: UploadedFile) -> None:
    old_name = document.file.name
    storage = document.file.storage
    document.file.save(upload.name, upload, save=False)
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))


def _add_document(application: Application, values: dict[str, Any]) -> ApplicationDocument:
    upload = values.get("file")
    if upload is None:
        raise ValidationError(_("Choose the PDF file of the document."), code="file_required")
    document = ApplicationDocument(
        application=application, **{key: values[key] for key in DOCUMENT_FIELDS if values.get(key) is not None}
    )
    if document.is_decision and not (document.deciding_body and document.decision_date):
        raise ValidationError(_("Give the body that decided and the date of the decision."), code="decision_incomplete")
    document.full_clean(exclude=["file"])
    _store_file(document, upload)
    document.save()
    return document


@transaction.atomic
def application_add_document(*, application: Application, values: dict[str, Any]) -> ApplicationDocument:
    """Add a document beside the earlier ones while the application is open to the applicant."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.can_add_document:
        raise ValidationError(_("Documents can no longer be added."), code="document_locked")
    return _add_document(application, values)


@transaction.atomic
def application_forward(*, application: Application, actor: AbstractBaseUser, note: str = "") -> Application:
    """Send a prepared application to the leadership group for its decision."""
    return _change(application, ApplicationStatus.IN_REVIEW, actor=actor, note=note)


def _organisation_for(application: Application) -> Organisation:
    if application.kind == OrganisationKind.MUNICIPALITY:
        return organisation_for_municipality(application.municipality)
    if application.kind == OrganisationKind.WELFARE_REGION:
        return organisation_for_welfare_region(application.welfare_region)
    existing = Organisation.objects.filter(kind=application.kind, name_fi__iexact=application.organisation_name).first()
    if existing is not None:
        return existing
    base = slugify(application.organisation_name)[:90] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    organisation = Organisation(name_fi=application.organisation_name, slug=slug, kind=application.kind)
    organisation.full_clean()
    organisation.save()
    return organisation


def _appoint(
    application: Application,
    organisation: Organisation,
    role: str,
    fields: tuple[str, str, str, str, str],
    start_date: datetime.date,
    actor: AbstractBaseUser,
) -> None:
    first, last, title, email, phone = (getattr(application, name) if name else "" for name in fields)
    if not (first.strip() and last.strip()):
        return
    # One person named in two roles (a contact person who is also the welfare coordinator) or
    # already in the register is one entry.
    person = person_find_or_create(
        first_name=first,
        last_name=last,
        organisation=organisation,
        title=title,
        email=email,
        phone=phone,
        language=application.language,
        actor=actor,
    )
    appointment_replace(
        organisation=organisation,
        role=role,
        person=person,
        start_date=start_date,
        decision=application.decision_display[:200],
        actor=actor,
    )


@transaction.atomic
def application_approve(
    *, application: Application, decision_date: datetime.date, feedback: str, actor: AbstractBaseUser
) -> Application:
    """Approve: open the membership and appoint the named people, all or nothing."""
    application = lock_for_change(application, ApplicationStatus.APPROVED, transitions=APPLICATION_TRANSITIONS)
    organisation = _organisation_for(application)
    basis = application.decision_that_counts
    # The register keeps the basis in the register's own language, whoever records the decision.
    with translation.override(settings.LANGUAGE_CODE):
        basis_text = basis.description if basis else ""
    membership_start(
        organisation=organisation,
        start_date=decision_date,
        source=_("Leadership group decision %(date)s on the application (%(decision)s).")
        % {"date": decision_date.strftime("%d.%m.%Y"), "decision": application.decision_display},
        basis=basis_text[:300],
        basis_date=basis.decision_date if basis else None,
        actor=actor,
    )
    _appoint(
        application,
        organisation,
        Role.CONTACT_PERSON,
        ("contact_first_name", "contact_last_name", "contact_title", "contact_email", "contact_phone"),
        decision_date,
        actor,
    )
    _appoint(
        application,
        organisation,
        Role.ELECTED_OFFICIAL,
        ("official_first_name", "official_last_name", "official_title", "official_email", "official_phone"),
        decision_date,
        actor,
    )
    _appoint(
        application,
        organisation,
        Role.WELFARE_COORDINATOR,
        (
            "coordinator_first_name",
            "coordinator_last_name",
            "coordinator_title",
            "coordinator_email",
            "coordinator_phone",
        ),
        decision_date,
        actor,
    )
    organisation_complete_website(organisation=organisation, website=application.website, actor=actor)
    application = _change(
        application,
        ApplicationStatus.APPROVED,
        actor=actor,
        note=feedback,
        organisation=organisation,
        leadership_decision_date=decision_date,
        feedback=feedback.strip(),
    )
    # The decision letter (applications.letters) travels with the message.
    emails.queue(application, "approved", attachments=letters.decision_letter_attachment(application))
    return application


@transaction.atomic
def application_reject(
    *, application: Application, decision_date: datetime.date, feedback: str, actor: AbstractBaseUser
) -> Application:
    """Record the leadership group's refusal with its feedback to the applicant."""
    if not feedback.strip():
        raise ValidationError(_("Tell the applicant why the application was rejected."), code="feedback_required")
    application = _change(
        application,
        ApplicationStatus.REJECTED,
        actor=actor,
        note=feedback,
        leadership_decision_date=decision_date,
        feedback=feedback.strip(),
    )
    # The decision letter (applications.letters) travels with the message.
    emails.queue(application, "rejected", attachments=letters.decision_letter_attachment(application))
    return application


@transaction.atomic
def application_withdraw(
    *, application: Application, note: str = "", actor: AbstractBaseUser | None = None
) -> Application:
    """Withdraw an open application, by the applicant or on the applicant's behalf."""
    application = _change(application, ApplicationStatus.WITHDRAWN, actor=actor, note=note)
    emails.queue(application, "withdrawn")
    return application


@transaction.atomic
def application_review_criteria(
    *, application: Application, reviews: dict[str, tuple[str, str]], actor: AbstractBaseUser
) -> list[CriterionReview]:
    """Record the coordinator's verdict and comment on each criterion."""
    saved = []
    for criterion_id, (verdict, comment) in reviews.items():
        if criterion_id not in BY_ID:
            raise ValidationError(_("Unknown criterion."), code="unknown_criterion")
        if verdict and verdict not in Verdict.values:
            raise ValidationError(_("Unknown verdict."), code="unknown_verdict")
        review, _created = CriterionReview.objects.get_or_create(application=application, criterion=criterion_id)
        review.verdict = verdict
        review.comment = comment.strip()
        review.reviewed_by = acting_user(actor)
        review.full_clean()
        review.save()
        saved.append(review)
    return saved


def application_links_request(*, email: str) -> None:
    """Someone asks for the links of the applications made from `email`.

    The request only enqueues the search: whether or not the address is known, the page does
    the same work and answers in the same time.
    """
    from applications.tasks import send_application_links

    address = email.strip()
    transaction.on_commit(lambda: send_application_links.enqueue(address))


@transaction.atomic
def application_send_links(*, email: str) -> int:
    """E-mail fresh private links for the applications made from `email`; returns how many."""
    applications = list(Application.objects.filter(applicant_email__iexact=email.strip()).order_by("-created_at")[:5])
    for application in applications:
        emails.queue(application, "link")
    return len(applications)


DRAFT_REMINDER_AFTER = datetime.timedelta(days=14)


@transaction.atomic
def application_remind_drafts(*, now: datetime.datetime | None = None) -> int:
    """Remind the applicant of a draft untouched for DRAFT_REMINDER_AFTER, once per draft.

    The reminder is recorded on the draft in the transaction that queues it, so a second run,
    at the same time or later, finds nothing to send.
    """
    now = now or timezone.now()
    drafts = Application.objects.filter(
        status=ApplicationStatus.DRAFT, draft_reminded_at__isnull=True, updated_at__lte=now - DRAFT_REMINDER_AFTER
    ).exclude(applicant_email="")
    if connection.features.has_select_for_update_skip_locked:
        drafts = drafts.select_for_update(skip_locked=True, of=("self",))
    due = list(drafts.select_related("municipality", "welfare_region"))
    for application in due:
        emails.queue(application, "draft_reminder")
    # An update, not save(): the reminder must not count as touching the draft.
    Application.objects.filter(pk__in=[a.pk for a in due]).update(draft_reminded_at=now)
    return len(due)
