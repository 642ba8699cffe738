from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import Q

from members.choices import StartPrecision


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> MembershipQuerySet:
        """Periods that certainly cover `day`: begun for sure and not yet ended."""
        return self.filter(known_from__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))

    def uncertain_on(self, day: datetime.date) -> MembershipQuerySet:
        """Periods that may or may not cover `day`, because their start is not known exactly.

        A "member by" period is uncertain on every day before its date; a month or year
        precision period is uncertain inside its month or year.
        """
        return self.filter(known_from__gt=day).filter(Q(start_precision=StartPrecision.BY) | Q(start_date__lte=day))

    def current(self) -> MembershipQuerySet:
        return self.filter(end_date__isnull=True)


class OrganisationQuerySet(models.QuerySet):
    def members_on(self, day: datetime.date) -> OrganisationQuerySet:
        from members.models import Membership

        return self.filter(pk__in=Membership.objects.active_on(day).values("organisation_id"))

    def with_register(self) -> OrganisationQuerySet:
        return self.select_related("municipality", "region", "welfare_region")

    def matching(self, filters: Mapping[str, Any]) -> OrganisationQuerySet:
        """The coordinator's member filters: `q` (a word of the name, the code or the slug),
        `region`, `welfare_region` and `kind`. An empty or missing filter matches everything;
        other keys are left for the caller."""
        queryset = self
        if filters.get("region"):
            queryset = queryset.filter(region=filters["region"])
        if filters.get("welfare_region"):
            queryset = queryset.filter(welfare_region=filters["welfare_region"])
        if filters.get("kind"):
            queryset = queryset.filter(kind=filters["kind"])
        if q := filters.get("q"):
            queryset = queryset.filter(
                Q(name_fi__icontains=q) | Q(name_sv__icontains=q) | Q(municipality__code=q) | Q(slug__icontains=q)
            )
        return queryset

    def public(self) -> OrganisationQuerySet:
        """Organisations that are or have been members: the ones with a public page."""
        from members.models import Membership

        return self.filter(pk__in=Membership.objects.values("organisation_id"))


class AppointmentQuerySet(models.QuerySet):
    def current(self) -> AppointmentQuerySet:
        return self.filter(end_date__isnull=True)
