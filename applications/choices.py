from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    IN_REVIEW = "in_review", _("With the leadership group")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The one map of allowed status changes (tervekunta.statuses); the services refuse everything else.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.DRAFT: frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.INFO_REQUESTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.INFO_REQUESTED: frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.IN_REVIEW: frozenset(
        {ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.APPROVED: frozenset(),
    ApplicationStatus.REJECTED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}

OPEN_STATUSES = frozenset(status for status, targets in APPLICATION_TRANSITIONS.items() if targets)


class DecidingBody(models.TextChoices):
    COUNCIL = "council", _("Municipal council")
    EXECUTIVE_BOARD = "executive_board", _("Municipal executive board")
    COMMITTEE = "committee", _("Committee")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    REGIONAL_BOARD = "regional_board", _("Regional executive board")
    OTHER = "other", _("Other body")


# The bodies whose decision to join counts, by the kind of organisation.
SUFFICIENT_BODIES: dict[str, frozenset[str]] = {
    "municipality": frozenset({DecidingBody.COUNCIL, DecidingBody.EXECUTIVE_BOARD}),
    "welfare_region": frozenset({DecidingBody.REGIONAL_COUNCIL, DecidingBody.REGIONAL_BOARD}),
}


class DocumentKind(models.TextChoices):
    JOINING_DECISION = "joining_decision", _("Decision to join")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other document")


class AdministrativeBranch(models.TextChoices):
    GENERAL = "general", _("General administration")
    EDUCATION = "education", _("Education and early childhood education")
    CULTURE_LEISURE = "culture_leisure", _("Culture, sports and youth")
    TECHNICAL = "technical", _("Technical services and environment")
    LAND_USE = "land_use", _("Land use and planning")
    SOCIAL_HEALTH = "social_health", _("Social and health services")
    EMPLOYMENT = "employment", _("Employment and business")
    SAFETY = "safety", _("Rescue services and safety")
    OTHER = "other", _("Other branch")


class Assessment(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    TO_CONFIRM = "to_confirm", _("To be confirmed by a coordinator")
    NOT_ANSWERED = "not_answered", _("Not answered yet")


class Verdict(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
