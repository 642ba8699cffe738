from __future__ import annotations

import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.choices import (
    APPLICATION_TRANSITIONS,
    OPEN_STATUSES,
    SUFFICIENT_BODIES,
    ApplicationStatus,
    DecidingBody,
    DocumentKind,
    Verdict,
)
from applications.querysets import ApplicationQuerySet
from members.choices import Language, OrganisationKind
from tervekunta import links
from tervekunta.statuses import can_change

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def minutes_path(instance, filename: str) -> str:
    # Where the single minutes file of an application lived before its documents; the early
    # migrations refer to it.
    return f"applications/{instance.public_id}/minutes-{secrets.token_hex(8)}.pdf"


def document_path(instance: ApplicationDocument, filename: str) -> str:
    # The stored name never repeats what the applicant called the file, and cannot be guessed.
    return f"applications/{instance.application.public_id}/{instance.kind}-{secrets.token_hex(8)}.pdf"


class Application(models.Model):
    """An organisation's application to join the network, from draft to decision."""

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FINNISH)

    # The organisation
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        "members.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("municipality"),
    )
    welfare_region = models.ForeignKey(
        "members.WelfareRegion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("welfare region"),
    )
    organisation_name = models.CharField(
        _("name of the organisation"),
        max_length=200,
        help_text=_("For a joint municipal authority or another organisation."),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("organisation in the register"),
        help_text=_("Set when the application is approved."),
    )

    # The applicant
    applicant_name = models.CharField(_("applicant's name"), max_length=200)
    applicant_title = models.CharField(_("applicant's title"), max_length=200)
    applicant_email = models.EmailField(_("applicant's e-mail"))
    applicant_phone = models.CharField(_("applicant's phone"), max_length=40, blank=True)

    # The people it names
    contact_first_name = models.CharField(_("contact person's first name"), max_length=100, blank=True)
    contact_last_name = models.CharField(_("contact person's last name"), max_length=100, blank=True)
    contact_title = models.CharField(_("contact person's title"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact person's e-mail"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    official_first_name = models.CharField(_("elected official's first name"), max_length=100, blank=True)
    official_last_name = models.CharField(_("elected official's last name"), max_length=100, blank=True)
    official_title = models.CharField(_("elected official's title"), max_length=200, blank=True)
    official_email = models.EmailField(_("elected official's e-mail"), blank=True)
    official_phone = models.CharField(_("elected official's phone"), max_length=40, blank=True)
    coordinator_first_name = models.CharField(_("welfare coordinator's first name"), max_length=100, blank=True)
    coordinator_last_name = models.CharField(_("welfare coordinator's last name"), max_length=100, blank=True)
    coordinator_title = models.CharField(_("welfare coordinator's title"), max_length=200, blank=True)
    coordinator_email = models.EmailField(_("welfare coordinator's e-mail"), blank=True)
    coordinator_phone = models.CharField(_("welfare coordinator's phone"), max_length=40, blank=True)

    # Arrangements and commitments
    steering_group_exists = models.BooleanField(_("a steering group exists"), default=False)
    steering_group_branches = models.JSONField(
        _("administrative branches in the steering group"), default=list, blank=True
    )
    resources = models.TextField(_("resources"), blank=True)
    website = models.URLField(_("web page on health and welfare promotion"), blank=True)
    confirmations = models.JSONField(_("confirmed criteria"), default=list, blank=True)
    explanations = models.JSONField(_("explanations of criteria"), default=dict, blank=True)
    free_text = models.TextField(_("anything else"), blank=True)

    # The coordinator's question and the answer
    info_request = models.TextField(_("question to the applicant"), blank=True)
    info_request_wants_decision = models.BooleanField(
        _("a new decision is asked for"),
        default=False,
        help_text=_("The applicant answers with a new decision to join, added beside the earlier documents."),
    )
    info_answer = models.TextField(_("applicant's answer"), blank=True)

    # The leadership group's decision
    leadership_decision_date = models.DateField(_("date of the leadership group's decision"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the applicant"), blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    draft_reminded_at = models.DateTimeField(
        _("draft reminder sent"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the applicant was reminded of the unfinished draft; a draft is reminded once."),
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )

    status_changes = GenericRelation("tervekunta.StatusChange", verbose_name=_("status changes"))
    # Only the applicant changes a status without signing in, through the private link.
    status_actor_without_user = _("Applicant")

    history = HistoricalRecords(verbose_name=_("application history"), excluded_fields=["updated_at"])
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="one_open_application_per_municipality",
                violation_error_message=_("This municipality already has an open application."),
            ),
            models.UniqueConstraint(
                fields=["welfare_region"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="one_open_application_per_welfare_region",
                violation_error_message=_("This welfare region already has an open application."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.MUNICIPALITY) | Q(municipality__isnull=False),
                name="municipality_application_names_municipality",
                violation_error_message=_("Choose the municipality."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.WELFARE_REGION) | Q(welfare_region__isnull=False),
                name="welfare_region_application_names_region",
                violation_error_message=_("Choose the welfare region."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_status_display()})"

    @property
    def display_name(self) -> str:
        """The organisation's name in the active language where the register has one."""
        if self.municipality_id:
            return self.municipality.name
        if self.welfare_region_id:
            return self.welfare_region.name
        return self.organisation_name

    def _can_become(self, status: str) -> bool:
        return can_change(self, status, transitions=APPLICATION_TRANSITIONS)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def can_edit(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def can_submit(self) -> bool:
        return self.status == ApplicationStatus.DRAFT and self._can_become(ApplicationStatus.SUBMITTED)

    @property
    def can_answer(self) -> bool:
        return self.status == ApplicationStatus.INFO_REQUESTED

    @property
    def can_add_document(self) -> bool:
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.INFO_REQUESTED)

    @property
    def is_decided(self) -> bool:
        return self.status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)

    @property
    def form_decision(self) -> ApplicationDocument | None:
        """The decision given on the application form: the first decision document."""
        if self.pk is None:
            return None
        decisions = [d for d in self.documents.all() if d.kind == DocumentKind.JOINING_DECISION]
        return decisions[0] if decisions else None

    @property
    def decision_that_counts(self) -> ApplicationDocument | None:
        """The latest decision by a body whose decision counts; failing that, the latest decision."""
        if self.pk is None:
            return None
        decisions = [d for d in self.documents.all() if d.is_decision and d.deciding_body and d.decision_date]
        sufficient = [d for d in decisions if d.deciding_body in SUFFICIENT_BODIES.get(self.kind, ())]
        candidates = sufficient or decisions
        return max(candidates, key=lambda d: (d.decision_date, d.uploaded_at)) if candidates else None

    @property
    def can_withdraw(self) -> bool:
        return self._can_become(ApplicationStatus.WITHDRAWN)

    @property
    def can_request_info(self) -> bool:
        return self._can_become(ApplicationStatus.INFO_REQUESTED)

    @property
    def can_forward(self) -> bool:
        return self._can_become(ApplicationStatus.IN_REVIEW)

    @property
    def can_decide(self) -> bool:
        return self._can_become(ApplicationStatus.APPROVED)

    @property
    def decision_display(self) -> str:
        decision = self.decision_that_counts
        return decision.description if decision else ""


# The applicant's private link; an expired one is renewed by e-mail from the renewal page.
PRIVATE_LINK = links.register(
    "application", model=Application, salt="applications.private-link", max_age=datetime.timedelta(days=30)
)


class ApplicationDocument(models.Model):
    """A document of an application: a decision to join, minutes or another paper, as it arrived.

    Documents are added, never replaced: a later decision stands beside the earlier one.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )
    kind = models.CharField(
        _("kind of document"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.JOINING_DECISION
    )
    deciding_body = models.CharField(_("deciding body"), max_length=20, choices=DecidingBody.choices, blank=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    section = models.CharField(
        _("section of the minutes"), max_length=100, blank=True, help_text=_("For example “HYVLTK 13.06.2023 § 26”.")
    )
    record = models.CharField(
        _("record number"), max_length=100, blank=True, help_text=_("For example “257/05.00.00/2023”.")
    )
    file = models.FileField(_("file (PDF)"), upload_to=document_path, blank=True, max_length=200)
    uploaded_at = models.DateTimeField(_("added"), default=timezone.now)

    history = HistoricalRecords(verbose_name=_("document history"))

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return self.description or str(self.get_kind_display())

    @property
    def is_decision(self) -> bool:
        return self.kind == DocumentKind.JOINING_DECISION

    @property
    def description(self) -> str:
        """Who decided, when and where it is recorded: “Kaupunginhallitus 4.9.2023 § 212, 257/2023”."""
        head = " ".join(
            part
            for part in (
                str(self.get_deciding_body_display()) if self.deciding_body else "",
                f"{self.decision_date.day}.{self.decision_date.month}.{self.decision_date.year}"
                if self.decision_date
                else "",
                self.section,
            )
            if part
        )
        return ", ".join(part for part in (head, self.record) if part)


class CriterionReview(models.Model):
    """A coordinator's verdict on one criterion of one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="criterion_reviews", verbose_name=_("application")
    )
    criterion = models.CharField(_("criterion"), max_length=40)
    verdict = models.CharField(_("coordinator's verdict"), max_length=10, choices=Verdict.choices, blank=True)
    comment = models.TextField(_("coordinator's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now=True)

    class Meta:
        ordering = ["application", "criterion"]
        verbose_name = _("criterion review")
        verbose_name_plural = _("criterion reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"],
                name="one_review_per_criterion",
                violation_error_message=_("This criterion already has a review."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_title}: {self.get_verdict_display() or '—'}"

    @property
    def criterion_title(self) -> str:
        """The criterion as people read it; the stable id stays for the code."""
        from applications.criteria import BY_ID

        criterion = BY_ID.get(self.criterion)
        return str(criterion.title) if criterion else self.criterion
