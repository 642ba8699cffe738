"""The printed documents of the decision: the letter to the applicant and the leadership group's memo.

Both are rendered on demand from what the application records (the leadership group's decision,
its date and feedback, the people named), so a letter read again later is the one that was sent.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.choices import ApplicationStatus, Verdict
from applications.criteria import CriterionAssessment, assess
from applications.models import Application, CriterionReview
from tervekunta.models import StatusChange
from tervekunta.pdf import render_pdf

DECIDED = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)


def format_date(value: datetime.date, language: str) -> str:
    """A date as a letter writes it, in the letter's language whatever the page's: 31.12.2026 in
    Finnish and Swedish, 31 December 2026 in English (tervekunta/formats)."""
    with translation.override(language):
        return date_format(value, "DATE_FORMAT")


def file_name_part(text: str) -> str:
    """`text` as it can stand in a file name anywhere: ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(char if char.isalnum() else " " for char in ascii_text).split()
    return "-".join(words)


def person(first: str, last: str, title: str) -> str:
    name = f"{first} {last}".strip()
    return f"{name}, {title}" if name and title else name


# --- the decision letter ---------------------------------------------------------------------


def has_decision_letter(application: Application) -> bool:
    """A letter exists once the leadership group's decision is recorded."""
    return application.status in DECIDED and application.leadership_decision_date is not None


def decision_letter_context(application: Application) -> dict:
    """What the letter states, in the applicant's language."""
    language = application.language
    approved = application.status == ApplicationStatus.APPROVED
    decided = format_date(application.leadership_decision_date, language)
    with translation.override(language):
        name = application.display_name
        # The decision that counts, as the criteria and the membership's basis use it.
        joining = application.decision_display
    return {
        "application": application,
        "language": language,
        "organisation": name,
        "approved": approved,
        "decision_date": decided,
        "membership_start": decided if approved else "",
        "feedback": application.feedback,
        "joining_decision": joining,
        "submitted": format_date(application.submitted_at.date(), language) if application.submitted_at else "",
        "contact_person": person(
            application.contact_first_name, application.contact_last_name, application.contact_title
        ),
        "elected_official": person(
            application.official_first_name, application.official_last_name, application.official_title
        ),
    }


def decision_letter_pdf(application: Application) -> bytes:
    return render_pdf(
        "applications/letters/decision.html", decision_letter_context(application), language=application.language
    )


def decision_letter_filename(application: Application) -> str:
    """For example Paatos-Virrat.pdf, Beslut-Virdois.pdf, Decision-Virrat.pdf."""
    with translation.override(application.language):
        return f"{file_name_part(_('Decision'))}-{file_name_part(application.display_name)}.pdf"


def decision_letter_attachment(application: Application) -> dict:
    """The letter as `queue_mail` takes an attachment."""
    return {
        decision_letter_filename(application): {
            "file": ContentFile(decision_letter_pdf(application)),
            "mimetype": "application/pdf",
        }
    }


# --- the leadership group's memo -------------------------------------------------------------


@dataclass(frozen=True)
class MemoCriterion:
    assessment: CriterionAssessment
    review: CriterionReview | None

    @property
    def verdict(self) -> str:
        return self.review.get_verdict_display() if self.review and self.review.verdict else ""

    @property
    def verdict_met(self) -> bool:
        return bool(self.review and self.review.verdict == Verdict.MET)


@dataclass(frozen=True)
class MemoEntry:
    application: Application
    forwarded: StatusChange | None
    criteria: list[MemoCriterion]

    @property
    def automatic_met(self) -> int:
        return sum(1 for item in self.criteria if item.assessment.result.assessment == "met")

    @property
    def verdicts_met(self) -> int:
        return sum(1 for item in self.criteria if item.verdict_met)


def memo_applications(meeting: datetime.date) -> QuerySet[Application]:
    """The applications before the leadership group on `meeting`: forwarded to it by that day and
    not decided before it (still waiting, or decided on that very day)."""
    return (
        Application.objects.filter(
            Q(status=ApplicationStatus.IN_REVIEW, status_changed_at__date__lte=meeting)
            | Q(status__in=DECIDED, leadership_decision_date=meeting)
        )
        .select_related("municipality", "welfare_region")
        .prefetch_related(
            "criterion_reviews",
            "documents",
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.filter(new_status=ApplicationStatus.IN_REVIEW).select_related("actor"),
                to_attr="forwardings",
            ),
        )
        .order_by("status_changed_at", "pk")
    )


def memo_entries(applications: Iterable[Application]) -> list[MemoEntry]:
    entries = []
    for application in applications:
        reviews = {review.criterion: review for review in application.criterion_reviews.all()}
        forwardings = getattr(application, "forwardings", [])
        entries.append(
            MemoEntry(
                application=application,
                forwarded=forwardings[-1] if forwardings else None,
                criteria=[MemoCriterion(item, reviews.get(item.criterion.id)) for item in assess(application)],
            )
        )
    return sorted(entries, key=lambda entry: entry.application.display_name)


def memo_pdf(meeting: datetime.date, applications: Iterable[Application], *, language: str) -> bytes:
    with translation.override(language):
        entries = memo_entries(applications)
    return render_pdf(
        "applications/letters/memo.html",
        {"meeting": format_date(meeting, language), "entries": entries, "language": language},
        language=language,
    )


def memo_filename(meeting: datetime.date, language: str) -> str:
    """For example Muistio-2026-12-01.pdf."""
    with translation.override(language):
        return f"{file_name_part(_('Memo'))}-{meeting.isoformat()}.pdf"
