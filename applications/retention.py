"""How long the membership applications keep personal data (tervekunta.retention).

An approved application is the basis of a membership and stays as the records management plan
requires; its people are erased only on request (applications.personal_data).
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from applications.choices import ApplicationStatus
from applications.models import Application
from applications.personal_data import ERASED_VALUES, PEOPLE
from tervekunta.deletion import clear_personal_fields, dependent_file_rows, remove_records
from tervekunta.retention import Rule, months_before

DRAFT_MONTHS = 6
CLOSED_MONTHS = 24
CLOSED_STATUSES = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
# Besides the people's fields: what the applicant wrote in their own words. The documents are
# rows of their own (ApplicationDocument), deleted with their files.
FREE_TEXT_FIELDS = ("free_text", "info_answer")
CLEARED = {
    **{field: ERASED_VALUES.get(field, "") for fields in PEOPLE.values() for field in fields},
    **dict.fromkeys(FREE_TEXT_FIELDS, ""),
}


# Drafts, and drafts withdrawn before they were ever submitted.
NEVER_SUBMITTED = Q(status=ApplicationStatus.DRAFT) | Q(status=ApplicationStatus.WITHDRAWN, submitted_at__isnull=True)


def drafts_due(now: datetime.datetime) -> list[QuerySet]:
    """Applications never submitted that nobody has changed for six months."""
    cutoff = months_before(now, DRAFT_MONTHS)
    return [Application.objects.filter(NEVER_SUBMITTED, updated_at__lt=cutoff)]


def closed_due(now: datetime.datetime) -> list[QuerySet]:
    """Submitted applications rejected or withdrawn two years before, not yet cleared."""
    cutoff = months_before(now, CLOSED_MONTHS)
    return [
        Application.objects.filter(status__in=CLOSED_STATUSES, status_changed_at__lt=cutoff)
        .exclude(NEVER_SUBMITTED)
        .exclude(applicant_email="")
    ]


def delete_drafts(querysets: list[QuerySet]) -> dict[str, int]:
    return remove_records(querysets[0])


def clear_closed(querysets: list[QuerySet]) -> dict[str, int]:
    """Clear the people, the applicant's own words and the documents; the organisation, the
    criteria and the decision stay."""
    applications = querysets[0]
    counts = remove_records(dependent_file_rows(applications))
    counts.pop("applications.application", None)
    counts["applications.application"] = clear_personal_fields(applications, CLEARED)
    return counts


RULES = [
    Rule(
        key="application_drafts",
        title=_("Abandoned application drafts"),
        what=_("Membership application drafts that were never submitted, with their attachments"),
        period=_("6 months after the draft was last changed"),
        outcome=_("the records are deleted"),
        why=_(
            "A draft is kept so that the applicant can finish it; the applicant is reminded of an "
            "untouched draft, and one left for six months is not going to be submitted."
        ),
        due=drafts_due,
        remove=delete_drafts,
        order=20,
    ),
    Rule(
        key="closed_applications",
        title=_("Rejected and withdrawn applications"),
        what=_(
            "Rejected and withdrawn membership applications: the names, titles and contact details of "
            "the people they name, the applicant's own texts and the attached documents"
        ),
        period=_("2 years after the decision or the withdrawal"),
        outcome=_(
            "the personal data and the documents are deleted; the organisation, the status and the "
            "decision stay, so that a new application from the same organisation can be handled"
        ),
        why=_(
            "An organisation may apply again or ask about the decision; two years covers the usual "
            "time before a new application and any appeal or complaint about the handling."
        ),
        due=closed_due,
        remove=clear_closed,
        order=30,
    ),
]
