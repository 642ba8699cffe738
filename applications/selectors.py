"""Read-only queries about applications: duplicates, the register's members, the review queue."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from applications.choices import ApplicationStatus
from applications.models import Application
from members.choices import OrganisationKind
from members.models import Membership


def open_application_for(values: dict[str, Any], exclude_pk: int | None = None) -> Application | None:
    """The open application of the same organisation, if there is one."""
    candidates = Application.objects.open().exclude(pk=exclude_pk)
    kind = values.get("kind")
    if kind == OrganisationKind.MUNICIPALITY:
        return candidates.filter(municipality=values.get("municipality")).first()
    if kind == OrganisationKind.WELFARE_REGION:
        return candidates.filter(welfare_region=values.get("welfare_region")).first()
    return candidates.filter(
        kind__in=[OrganisationKind.JOINT_AUTHORITY, OrganisationKind.OTHER],
        organisation_name__iexact=(values.get("organisation_name") or "").strip(),
    ).first()


def current_members_filter() -> dict[str, list[int]]:
    """Register ids of municipalities and welfare regions that hold an open membership."""
    rows = Membership.objects.current().values_list(
        "organisation__municipality_id", "organisation__kind", "organisation__welfare_region_id"
    )
    municipalities = [m for m, _kind, _w in rows if m]
    regions = [w for _m, kind, w in rows if kind == OrganisationKind.WELFARE_REGION and w]
    return {"municipalities": municipalities, "welfare_regions": regions}


def review_queue(status: str = "") -> QuerySet[Application]:
    """Submitted applications, oldest first; only those in `status` when it is one."""
    applications = Application.objects.for_list().exclude(status=ApplicationStatus.DRAFT).order_by("submitted_at")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return applications


def status_counts() -> dict[str, int]:
    """How many applications there are in each status; a status without any is left out."""
    return dict(Application.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
